import { and, eq, inArray, sql } from 'drizzle-orm';
import { flattenQuestions, type Definition } from '../../../common/instruments/definition';
import type { Value } from '../../../common/instruments/expression-evaluator';
import { nameOfKey } from '../../../common/instruments/form-state';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { HttpProblem, invalidField } from '../../http/problem';
import type { Upload } from '../../http/upload';
import { detectAllowedType } from './file-types';
import { findResponse, findResponseForUpdate } from './queries';

const attachments = OWNED.attachments.table;
const FILE_TYPES = new Set(['file', 'image']);
const metadata = {
  id: attachments.id,
  question: attachments.question,
  filename: attachments.filename,
  contentType: attachments.contentType,
  size: attachments.size,
  createdAt: attachments.createdAt,
};

/** The file/photo question an answer key belongs to (`household[2]/photo` → photo). */
function fileQuestion(definition: Definition, key: string) {
  const name = nameOfKey(key);
  return flattenQuestions(definition.items).find((q) => q.question.name === name && FILE_TYPES.has(q.question.type))?.question;
}

export interface AttachmentLimits {
  /** Files one response may hold. */
  perResponse: number;
  /** Bytes of files one organisation may hold in all. */
  perOrganisationBytes: number;
}

/**
 * Stores a file for a file/photo question of a draft response in scope; the answer then refers to
 * its id. The stored content type is what the bytes are, from an allowlist; a submitted response
 * takes no new files (409); per-response and per-organisation limits bound what one user can store.
 */
export async function uploadAttachment(
  gw: Gateway,
  responseId: string,
  questionName: string,
  file: Upload,
  limits: AttachmentLimits,
  clientId?: string,
): Promise<{ created: boolean; stored: { id: string; question: string; filename: string; contentType: string; size: number; createdAt: Date } }> {
  const row = await findResponseForUpdate(gw, responseId);
  const question = fileQuestion(row.definition, questionName);
  if (!question) throw invalidField('question', 'responses.notAFileQuestion');
  const contentType = await detectAllowedType(file.data);
  if (!contentType) throw invalidField('file', 'responses.fileTypeNotAllowed');
  if (question.type === 'image' && !contentType.startsWith('image/')) throw invalidField('file', 'responses.notAnImage');
  const organisationId = row.response.organisationId;
  return gw.transaction(async (tx) => {
    // Row locks serialise uploads with each other and with submission, so neither the status
    // check nor the limits can be raced past.
    const locked = await tx.findForUpdate(OWNED.responses, responseId);
    // A retried upload under the device's id: the file is stored already (this lock serialises
    // the retries), whether or not the form was submitted since.
    if (clientId) {
      const [again] = await tx.select(OWNED.attachments, metadata, { where: and(eq(attachments.id, clientId), eq(attachments.responseId, responseId)), purpose: 'check' });
      if (again) {
        if (again.question !== questionName || again.size !== file.data.length) throw new HttpProblem('conflict', [], 'responses.idTaken');
        return { created: false, stored: again };
      }
    }
    if (locked.status !== 'draft') throw new HttpProblem('conflict', [], 'responses.attachmentsClosed');
    await tx.findForUpdate(OWNED.organisations, organisationId);
    const [used] = await tx.select(
      OWNED.attachments,
      { files: sql<number>`count(*) filter (where ${attachments.responseId} = ${responseId})::int`, bytes: sql<number>`coalesce(sum(${attachments.size}), 0)::bigint` },
      { where: eq(attachments.organisationId, organisationId), purpose: 'check' },
    );
    if (Number(used?.files ?? 0) >= limits.perResponse) throw new HttpProblem('conflict', [], 'responses.tooManyAttachments');
    if (Number(used?.bytes ?? 0) + file.data.length > limits.perOrganisationBytes) throw new HttpProblem('conflict', [], 'responses.organisationStorageFull');
    const filename = file.filename.slice(0, 200);
    const stored = await tx.insert(OWNED.attachments, {
      ...(clientId ? { id: clientId } : {}),
      responseId,
      organisationId,
      question: questionName,
      filename,
      contentType,
      size: file.data.length,
      data: file.data,
      createdBy: tx.actor.userId,
    }, { action: 'attach', changes: { response: { to: responseId }, [questionName]: { to: filename } } });
    return { created: true, stored: { id: stored.id, question: stored.question, filename: stored.filename, contentType: stored.contentType, size: stored.size, createdAt: stored.createdAt } };
  });
}

export async function listAttachments(gw: Gateway, responseId: string) {
  await findResponse(gw, responseId);
  return gw.select(OWNED.attachments, metadata, { where: eq(attachments.responseId, responseId), orderBy: [attachments.createdAt, attachments.id], filter: { responseId } });
}

/** The file itself; reading it is a read of the case file, so the gateway audits it. */
export function readAttachment(gw: Gateway, id: string) {
  return gw.find(OWNED.attachments, id);
}

/** File answers must name attachments uploaded to this response for that question. */
export async function assertAttachmentsBelong(gw: Gateway, responseId: string, definition: Definition, answers: Record<string, Value>) {
  const claimed = Object.entries(answers).filter(([name, value]) => value !== '' && fileQuestion(definition, name));
  if (claimed.length === 0) return;
  const ids = claimed.map(([, value]) => String(value)).filter((v) => /^[0-9a-f-]{36}$/i.test(v));
  const found = ids.length
    ? await gw.select(OWNED.attachments, { id: attachments.id, question: attachments.question }, { where: and(eq(attachments.responseId, responseId), inArray(attachments.id, ids)), purpose: 'check' })
    : [];
  const wrong = claimed.filter(([name, value]) => !found.some((f) => f.id === value && f.question === name));
  if (wrong.length) throw new HttpProblem('validation', wrong.map(([name]) => ({ field: `answers.${name}`, key: 'responses.unknownAttachment' })));
}
