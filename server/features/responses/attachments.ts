import { and, eq, inArray } from 'drizzle-orm';
import { flattenQuestions, type Definition } from '../../../common/instruments/definition';
import type { Value } from '../../../common/instruments/expression-evaluator';
import type { ScopedGateway } from '../../access/gateway';
import { attachments } from '../../db/schema';
import { HttpProblem, invalidField, notFound } from '../../http/problem';
import type { Upload } from '../../http/upload';
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

/** Stores a file for a file/photo question of a response in scope; the answer then refers to its id. */
export async function uploadAttachment(
  gw: ScopedGateway,
  responseId: string,
  questionName: string,
  file: Upload,
) {
  const row = await findResponse(gw, responseId);
  const question = fileQuestion(row.definition, questionName);
  if (!question) throw invalidField('question', 'responses.notAFileQuestion');
  if (question.type === 'image' && !file.claimedType.startsWith('image/')) throw invalidField('file', 'responses.notAnImage');
  return gw.transaction(async (tx) => {
    const [stored] = await tx.db
      .insert(attachments)
      .values({
        responseId,
        organisationId: row.response.organisationId,
        question: questionName,
        filename: file.filename.slice(0, 200),
        contentType: file.claimedType,
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
