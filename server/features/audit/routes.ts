import type { FastifyInstance } from 'fastify';
import { changeLines } from '../../../common/audit-changes';
import { auditEntry, auditListQuery, type AuditEntry } from '../../../common/schemas/audit';
import { exportFormat, pageOf } from '../../../common/schemas/list';
import { sendExport, type ExportColumn } from '../../http/export';
import { requestLanguage } from '../../http/language';
import { typed } from '../../http/route-helpers';
import { exportAudit, listAudit } from './queries';

const tags = ['audit'];
const config = { permission: 'audit.read' } as const;

/** The catalogue's text, or undefined where it has none (`t` gives the key back). */
const known = (t: (key: string) => string) => (key: string) => {
  const text = t(key);
  return text === key ? undefined : text;
};
/** The translated label, or the raw code for an entry the catalogue does not know. */
const labelOr = (t: (key: string) => string, key: string, code: string) => known(t)(key) ?? code;

const exportColumns: ExportColumn<AuditEntry>[] = [
  { header: 'audit.at', value: (e) => e.at, dateTime: true },
  { header: 'audit.actor', value: (e) => e.actorEmail },
  { header: 'audit.action', value: (e, t) => labelOr(t, `audit.actions.${e.action}`, e.action) },
  { header: 'audit.entityType', value: (e, t) => labelOr(t, `audit.entities.${e.entityType}`, e.entityType) },
  { header: 'audit.entityId', value: (e) => e.entityId },
  { header: 'audit.ip', value: (e) => e.ip },
  // As the page shows them: a list read's filters as "label: value" in the reader's language.
  { header: 'audit.changes', value: (e, t, lang) => changeLines(e.changes, e.entityType, known(t), (id) => e.names?.[id]?.[lang]).join('\n') },
];

export async function auditRoutes(app: FastifyInstance) {
  const r = typed(app);
  r.get('/audit', { config, schema: { tags, querystring: auditListQuery, response: { 200: pageOf(auditEntry) } } },
    (req) => listAudit(req.gw, req.query));
  r.get('/audit/export', { config, schema: { tags, querystring: auditListQuery.partial().extend(exportFormat.shape) } },
    (req, reply) =>
      sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'audit', columns: exportColumns, source: exportAudit(req.gw, req.query) }));
}
