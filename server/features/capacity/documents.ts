import { desc, eq } from 'drizzle-orm';
import type { Readable } from 'node:stream';
import { DOCUMENT_MAX_BYTES, DOCUMENT_TYPES, type CsoDocument } from '../../../common/schemas/capacity';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { notFound } from '../../http/problem';
import type { Storage } from '../../storage';
import { storeUpload, type StoredFile } from '../../storage/transfer';
import { assertCso } from './records';

// A CSO's key documents (statute, policies, reports). The bytes live in the storage module; the
// row, owned by the CSO, says what and whose they are, so the gateway's scope decides who reads.

const documents = OWNED.csoDocuments;

function present(row: typeof documents.table.$inferSelect): CsoDocument {
  const { storageKey: _key, createdBy: _by, ...shown } = row;
  return shown;
}

/** Every key document of one CSO, newest first (a handful per CSO, so no paging). */
export async function listDocuments(gw: Gateway, organisationId: string): Promise<CsoDocument[]> {
  await assertCso(gw, organisationId);
  const rows = await gw.rows(documents, { where: eq(documents.table.organisationId, organisationId), orderBy: [desc(documents.table.createdAt), desc(documents.table.id)] });
  return rows.map(present);
}

/**
 * Stores an upload as a key document of a CSO the actor may change: checked by size and magic
 * bytes before a row exists; the row is written in the write scope (another CSO's is a 404), and
 * if that fails the stored bytes are removed again.
 */
export async function addDocument(gw: Gateway, storage: Storage, organisationId: string, kind: CsoDocument['kind'], upload: { filename: string; stream: Readable }): Promise<CsoDocument> {
  await assertCso(gw, organisationId);
  if (!(await gw.reaches(organisationId, 'write'))) throw notFound();
  const stored = await storeUpload(storage, upload.stream, { maxBytes: DOCUMENT_MAX_BYTES, allowed: DOCUMENT_TYPES, prefix: 'documents', typeMessage: 'capacity.documents.fileType' });
  try {
    const row = await gw.insert(documents, { organisationId, kind, filename: upload.filename.slice(0, 200), ...stored, createdBy: gw.actor.userId }, { action: 'attach', changes: { filename: { to: upload.filename } } });
    return present(row);
  } catch (error) {
    await storage.remove(stored.storageKey);
    throw error;
  }
}

/** A document to download, when the reader reaches its CSO. */
export async function documentFile(gw: Gateway, id: string): Promise<StoredFile> {
  return gw.find(documents, id);
}

/** Deletes a document (row and bytes) of a CSO the actor may change; otherwise 404. */
export async function deleteDocument(gw: Gateway, storage: Storage, id: string): Promise<void> {
  const row = await gw.findForUpdate(documents, id);
  await gw.transaction(async (tx) => {
    await tx.delete(documents, eq(documents.table.id, id));
    await tx.audit({ action: 'delete', entityType: 'cso_document', entityId: id, organisationId: row.organisationId, changes: { filename: { from: row.filename } } });
  });
  // After the row is gone: a failure here leaves unreachable bytes, never a row without its file.
  await storage.remove(row.storageKey);
}
