import { and, count, eq, getTableColumns, gte, ilike, lt, or, type SQL } from 'drizzle-orm';
import type { AuditEntry, AuditListQuery } from '../../../common/schemas/audit';
import type { Page } from '../../../common/schemas/list';
import type { ScopedGateway } from '../../access/gateway';
import { auditLog } from '../../db/schema';
import { afterKey, keysetBatches, keysetKey, type ExportSource } from '../../http/export';
import { likePattern, offsetOf, orderBy } from '../../http/paging';

// Read-only by design: this module has no insert/update/delete; writes go through gw.audit().

function filters(query: Partial<AuditListQuery>): SQL | undefined {
  return and(
    query.action ? eq(auditLog.action, query.action) : undefined,
    query.entityType ? eq(auditLog.entityType, query.entityType) : undefined,
    query.entityId ? eq(auditLog.entityId, query.entityId) : undefined,
    query.actorUserId ? eq(auditLog.actorUserId, query.actorUserId) : undefined,
    query.from ? gte(auditLog.at, query.from) : undefined,
    query.to ? lt(auditLog.at, query.to) : undefined,
    query.q ? or(ilike(auditLog.actorEmail, likePattern(query.q)), ilike(auditLog.entityId, likePattern(query.q))) : undefined,
  );
}

export async function listAudit(gw: ScopedGateway, query: AuditListQuery): Promise<Page<AuditEntry>> {
  const where = filters(query);
  const [items, [total]] = await Promise.all([
    gw.db.select().from(auditLog).where(where).orderBy(orderBy(auditLog.at, query.dir), orderBy(auditLog.id, query.dir)).limit(query.pageSize).offset(offsetOf(query)),
    gw.db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { items, total: total?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

/** Every matching entry, newest first by default; the id (a sequence) breaks ties in time. */
export function exportAudit(gw: ScopedGateway, query: Partial<AuditListQuery>): ExportSource<AuditEntry> {
  const where = filters(query);
  const dir = query.dir ?? 'desc';
  const key = [auditLog.at, auditLog.id];
  return {
    batches: () =>
      keysetBatches((after, limit) =>
        gw.db
          .select({ ...getTableColumns(auditLog), exportKey: keysetKey(key) })
          .from(auditLog)
          .where(and(where, after === undefined ? undefined : afterKey(key, dir, after)))
          .orderBy(orderBy(auditLog.at, dir), orderBy(auditLog.id, dir))
          .limit(limit),
      ),
    count: async () => (await gw.db.select({ n: count() }).from(auditLog).where(where))[0]?.n ?? 0,
  };
}
