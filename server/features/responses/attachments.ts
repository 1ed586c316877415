import { and, eq, inArray, sql } from 'drizzle-orm';
import { flattenQuestions, type Definition } from '../../../common/instruments/definition';
import type { Value } from '../../../common/instruments/expression-evaluator';
import type { ScopedGateway } from '../../access/gateway';
import { attachments, organisations, responses } from '../../db/schema';
import { HttpProblem, invalidField, notFound } from '../../http/problem';
import type { Upload } from '../../http/upload';
import { detectAllowedType } from './file-types';
import { findResponse } from './queries';

const FILE_TYPES = new Set(['file', 'image']);
const metadata = {
  id: attachments.id,
  question: attachments.question,
  filename: attachments.filename,
  contentType: attachments.contentType,
  size: attachments.size,
  createdAt: attachments.createdAt,
};

function fileQuestion(definition: Definition, name: string) {
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
  gw: ScopedGateway,
  responseId: string,
  questionName: string,
  file: Upload,
  limits: AttachmentLimits,
) {
  const row = await findResponse(gw, responseId);
  const question = fileQuestion(row.definition, questionName);
  if (!question) throw invalidField('question', 'responses.notAFileQuestion');
  const contentType = await detectAllowedType(file.data);
  if (!contentType) throw invalidField('file', 'responses.fileTypeNotAllowed');
  if (question.type === 'image' && !contentType.startsWith('image/')) throw invalidField('file', 'responses.notAnImage');
  const organisationId = row.response.organisationId;
  return gw.transaction(async (tx) => {
    // Row locks serialise uploads with each other and with submission, so neither the status
    // check nor the limits can be raced past.
    const [locked] = await tx.db.select({ status: responses.status }).from(responses).where(eq(responses.id, responseId)).for('update');
    if (locked?.status !== 'draft') throw new HttpProblem('conflict', [], 'responses.attachmentsClosed');
    await tx.db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).for('update');
    const [used] = await tx.db
      .select({ files: sql<number>`count(*) filter (where ${attachments.responseId} = ${responseId})::int`, bytes: sql<number>`coalesce(sum(${attachments.size}), 0)::bigint` })
      .from(attachments)
      .where(eq(attachments.organisationId, organisationId));
    if (Number(used?.files ?? 0) >= limits.perResponse) throw new HttpProblem('conflict', [], 'responses.tooManyAttachments');
    if (Number(used?.bytes ?? 0) + file.data.length > limits.perOrganisationBytes) throw new HttpProblem('conflict', [], 'responses.organisationStorageFull');
    const [stored] = await tx.db
      .insert(attachments)
      .values({
        responseId,
        organisationId,
        question: questionName,
        filename: file.filename.slice(0, 200),
        contentType,
        size: file.data.length,
        data: file.data,
        createdBy: tx.actor.userId,
      })
      .returning(metadata);
    await tx.audit({ action: 'attach', entityType: 'response', entityId: responseId, organisationId: row.response.organisationId, changes: { [questionName]: { to: stored!.filename } } });
    return stored!;
  });
}

export async function listAttachments(gw: ScopedGateway, responseId: string) {
  await findResponse(gw, responseId);
  return gw.db.select(metadata).from(attachments).where(and(eq(attachments.responseId, responseId), gw.scope(attachments.organisationId)));
}

/** The file itself; reading it is a read of the case file, so it is audited. */
export async function readAttachment(gw: ScopedGateway, id: string) {
  const [row] = await gw.db.select().from(attachments).where(and(eq(attachments.id, id), gw.scope(attachments.organisationId)));
  if (!row) throw notFound();
  await gw.audit({ action: 'read', entityType: 'attachment', entityId: id, organisationId: row.organisationId });
  return row;
}

/** File answers must name attachments uploaded to this response for that question. */
export async function assertAttachmentsBelong(gw: ScopedGateway, responseId: string, definition: Definition, answers: Record<string, Value>) {
  const claimed = Object.entries(answers).filter(([name, value]) => value !== '' && fileQuestion(definition, name));
  if (claimed.length === 0) return;
  const ids = claimed.map(([, value]) => String(value)).filter((v) => /^[0-9a-f-]{36}$/i.test(v));
  const found = ids.length ? await gw.db.select({ id: attachments.id, question: attachments.question }).from(attachments).where(and(eq(attachments.responseId, responseId), inArray(attachments.id, ids))) : [];
  const wrong = claimed.filter(([name, value]) => !found.some((f) => f.id === value && f.question === name));
  if (wrong.length) throw new HttpProblem('validation', wrong.map(([name]) => ({ field: `answers.${name}`, key: 'responses.unknownAttachment' })));
}
