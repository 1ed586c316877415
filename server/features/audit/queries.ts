import { and, eq, getTableColumns, gte, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditListQuery } from '../../../common/schemas/audit';
import type { Page } from '../../../common/schemas/list';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import type { AuditEntity } from '../../audit/catalogue';
import { mapBatches, type ExportSource } from '../../http/export';
import { likePattern, presentPage } from '../../http/paging';

// Read-only by design: this module has no insert/update/delete; writes go through gw.audit().

const log = OWNED.auditLog.table;
type AuditRow = typeof log.$inferSelect;

/** Record types whose changes carry personal data (answers, file names). */
const PERSONAL_ENTITIES: readonly AuditEntity[] = ['response', 'attachment'];
/** What an entry about them says that is about the access, not the person: always shown. */
const ACCESS_FIELDS = new Set(['reason', 'subject', 'filter', 'rows', 'purpose', 'minutes', 'response', 'grant', 'to']);

function filters(query: Partial<AuditListQuery>): SQL | undefined {
  return and(
    query.action ? eq(log.action, query.action) : undefined,
    query.entityType ? eq(log.entityType, query.entityType) : undefined,
    query.entityId ? eq(log.entityId, query.entityId) : undefined,
    query.actorUserId ? eq(log.actorUserId, query.actorUserId) : undefined,
    query.from ? gte(log.at, query.from) : undefined,
    query.to ? lt(log.at, query.to) : undefined,
    query.q ? or(ilike(log.actorEmail, likePattern(query.q)), ilike(log.entityId, likePattern(query.q))) : undefined,
  );
}

/**
 * The presenter: an auditor sees that a form's answers changed, and which ones, but sees the
 * values only where they may see the organisation's personal data.
 */
async function present(gw: Gateway, rows: AuditRow[]): Promise<AuditEntry[]> {
  const reach = await gw.reach();
  return rows.map((row) => {
    const personal = PERSONAL_ENTITIES.includes(row.entityType as AuditEntity) && row.changes;
    if (!personal || (row.organisationId && (reach.personal.all || reach.personal.ids.includes(row.organisationId)))) return row;
    return { ...row, changes: Object.fromEntries(Object.entries(row.changes!).map(([field, change]) => [field, ACCESS_FIELDS.has(field) ? change : {}])) };
  });
}

export async function listAudit(gw: Gateway, query: AuditListQuery): Promise<Page<AuditEntry>> {
  const where = filters(query);
  const page = await gw.page(OWNED.auditLog, getTableColumns(log), { where, order: { key: [log.at, log.id], dir: query.dir }, request: query, filter: query });
  return presentPage(page, (rows) => present(gw, rows));
}

export function exportAudit(gw: Gateway, query: Partial<AuditListQuery>): ExportSource<AuditEntry> {
  const source = gw.exportSource(OWNED.auditLog, getTableColumns(log), { where: filters(query), key: [log.at, log.id], dir: query.dir ?? 'desc', filter: query });
  return { count: source.count, batches: () => mapBatches(source.batches(), (rows) => present(gw, rows)) };
}
