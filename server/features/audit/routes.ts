import type { FastifyInstance } from 'fastify';
import { auditEntry, auditListQuery, type AuditEntry } from '../../../common/schemas/audit';
import { exportFormat, pageOf } from '../../../common/schemas/list';
import { sendExport, type ExportColumn } from '../../http/export';
import { requestLanguage } from '../../http/language';
import { typed } from '../../http/route-helpers';
import { exportAudit, listAudit } from './queries';

const tags = ['audit'];
const config = { permission: 'audit.read' } as const;

/** The translated label, or the raw code for an entry the catalogue does not know. */
const labelOr = (t: (key: string) => string, key: string, code: string) => {
  const label = t(key);
  return label === key ? code : label;
};

const exportColumns: ExportColumn<AuditEntry>[] = [
  { header: 'audit.at', value: (e) => e.at, dateTime: true },
  { header: 'audit.actor', value: (e) => e.actorEmail },
  { header: 'audit.action', value: (e, t) => labelOr(t, `audit.actions.${e.action}`, e.action) },
  { header: 'audit.entityType', value: (e, t) => labelOr(t, `audit.entities.${e.entityType}`, e.entityType) },
  { header: 'audit.entityId', value: (e) => e.entityId },
  { header: 'audit.ip', value: (e) => e.ip },
  { header: 'audit.changes', value: (e) => (e.changes ? JSON.stringify(e.changes) : '') },
];

export async function auditRoutes(app: FastifyInstance) {
  const r = typed(app);
  r.get('/audit', { config, schema: { tags, querystring: auditListQuery, response: { 200: pageOf(auditEntry) } } },
    (req) => listAudit(req.gw, req.query));
  r.get('/audit/export', { config, schema: { tags, querystring: auditListQuery.partial().extend(exportFormat.shape) } },
    (req, reply) =>
      sendExport(reply, { format: req.query.format, lang: requestLanguage(req), filename: 'audit', columns: exportColumns, source: exportAudit(req.gw, req.query) }));
}
