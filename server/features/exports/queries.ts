import type { ExportJob, ExportKind } from '../../../common/schemas/exports';
import type { Page } from '../../../common/schemas/list';
import type { Gateway } from '../../access/gateway';
import { OWNED, type OwnedTable } from '../../access/registry';
import type { PageRequest } from '../../http/paging';
import type { StoredFile } from '../../storage/transfer';
import { notFound } from '../../http/problem';

const exportJobs = OWNED.exportJobs.table;

/** The columns the list returns (not the filters, nor where the file lies). */
const listed = {
  id: exportJobs.id,
  kind: exportJobs.kind,
  format: exportJobs.format,
  status: exportJobs.status,
  error: exportJobs.error,
  filename: exportJobs.filename,
  size: exportJobs.size,
  createdAt: exportJobs.createdAt,
  finishedAt: exportJobs.finishedAt,
  accessDigest: exportJobs.accessDigest,
};
type ExportJobRow = Pick<typeof exportJobs.$inferSelect, keyof typeof listed>;

/** The table each kind of export reads: its file is outdated once the requester's access to it changes. */
export const EXPORT_READS: Record<ExportKind, OwnedTable> = { responses: OWNED.responses, answers: OWNED.responses };

/**
 * Whether a finished file was written with other access than the requester's now (`access`: the
 * digest of their access to what the file's kind reads): then it is theirs no longer. A file
 * written before digests were kept has none, and counts as outdated.
 */
const isOutdated = (row: Pick<ExportJobRow, 'accessDigest'>, access: string) => row.accessDigest !== access;

/** What the requester sees of their export (not where the file lies, nor its filters, nor its digest). */
export function present(row: Omit<ExportJobRow, 'accessDigest'>, outdated: boolean): ExportJob {
  return {
    id: row.id,
    kind: row.kind,
    format: row.format,
    status: row.status,
    error: row.error,
    filename: row.filename,
    size: row.size,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
    outdated,
  };
}

/** The caller's own exports, newest first (the scope is the requester alone). */
export async function listExports(gw: Gateway, request: PageRequest): Promise<Page<ExportJob>> {
  const page = await gw.page(OWNED.exportJobs, listed, { order: { key: [exportJobs.createdAt, exportJobs.id], dir: 'desc' }, request });
  // One digest per table the finished files read (today one: the forms); none for a page
  // without a finished file.
  const digests = new Map<OwnedTable, Promise<string>>();
  const access = (kind: ExportKind) => {
    const owned = EXPORT_READS[kind];
    if (!digests.has(owned)) digests.set(owned, gw.accessDigest(owned));
    return digests.get(owned)!;
  };
  const items = await Promise.all(page.items.map(async (row) => present(row, row.status === 'done' && isOutdated(row, await access(row.kind)))));
  return { ...page, items };
}

/** The finished file of one of the caller's exports; 404 for anyone else's, or before it is done. */
export async function exportedFile(gw: Gateway, id: string): Promise<StoredFile> {
  const row = await gw.find(OWNED.exportJobs, id);
  if (row.status !== 'done' || !row.storageKey || !row.filename || !row.contentType || row.size === null || !row.finishedAt) throw notFound();
  // The file holds what the requester could see when it was written. Once what they may read
  // changed in any way (another organisation or role, a mentor's CSOs, the municipalities where
  // a city hall or a CSO works, a grant on a form, an instrument's purpose), it is no longer
  // theirs: they ask for a new one (the list marks it `outdated`).
  if (row.organisationId !== gw.actor.organisationId || isOutdated(row, await gw.accessDigest(EXPORT_READS[row.kind]))) throw notFound();
  await gw.audit({ action: 'read', entityType: 'export_job', entityId: id, organisationId: row.organisationId, changes: { kind: { to: row.kind } } });
  return { storageKey: row.storageKey, filename: row.filename, contentType: row.contentType, size: row.size };
}
