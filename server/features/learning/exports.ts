import type { Gateway } from '../../access/gateway';
import type { AuditEntity } from '../../audit/catalogue';
import { mapBatches, type ExportSource } from '../../http/export';

/**
 * An export of learning records (the register, enrolments, certificates): every row the reader may
 * see, streamed in keyset batches by `gw.exportSource`, each batch completed by `complete` (one
 * query per batch at most, never one per row). The learning tables' reads are not audited one by
 * one, so the export itself is recorded here: once, before the first row leaves, with the filter
 * and the number of rows.
 */
export function auditedExport<Row, Out>(
  gw: Gateway,
  entityType: AuditEntity,
  filter: Record<string, unknown>,
  source: ExportSource<Row>,
  complete: (rows: Row[]) => Out[] | Promise<Out[]>,
): ExportSource<Out> {
  return {
    count: () => source.count(),
    async *batches() {
      const organisationId = typeof filter.organisationId === 'string' ? filter.organisationId : null;
      await gw.audit({ action: 'export', entityType, organisationId, changes: { filter: { to: filter }, rows: { to: await source.count() } } });
      yield* mapBatches(source.batches(), async (rows) => complete(rows));
    },
  };
}
