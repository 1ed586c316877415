import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { textIn } from '../../../common/instruments/definition';
import type { Value } from '../../../common/instruments/expression-evaluator';
import { evaluateForm } from '../../../common/instruments/form-state';
import { scoreForm } from '../../../common/instruments/scoring';
import type { Language } from '../../../common/roles';
import type { Page } from '../../../common/schemas/list';
import type { ResponseRecord, responseInput, responseListQuery } from '../../../common/schemas/response';
import { assertVersionMatched, diff, type ScopedGateway } from '../../access/gateway';
import { instrumentVersions, instruments, organisations, responses } from '../../db/schema';
import { keysetBatches, keysetKey, type ExportSource } from '../../http/export';
import { HttpProblem } from '../../http/problem';
import { offsetOf, orderBy } from '../../http/paging';
import { latestPublished } from '../instruments/service';
import { assertAttachmentsBelong } from './attachments';
import { base, findResponse, toRecord, type Joined } from './queries';

type Answers = Record<string, Value>;

type ResponseFilters = Partial<z.infer<typeof responseListQuery>>;

function filters(query: ResponseFilters): SQL | undefined {
  return and(
    query.instrumentId ? eq(instrumentVersions.instrumentId, query.instrumentId) : undefined,
    query.organisationId ? eq(responses.organisationId, query.organisationId) : undefined,
    query.status ? eq(responses.status, query.status) : undefined,
  );
}

/** After `key` in the order `updated_at desc, id` of the lists and their indexes. */
function afterNewest(key: string): SQL {
  const [updatedAt, id] = JSON.parse(key) as [string, string];
  return sql`${responses.updatedAt} <= ${updatedAt} and (${responses.updatedAt} < ${updatedAt} or ${responses.id} > ${id})`;
}

/**
 * Every response in scope matching the filters, newest first, with the instrument and
 * organisation names; only the exported columns are read (no answers, no definitions).
 */
export function exportResponses(gw: ScopedGateway, query: ResponseFilters): ExportSource<ResponseExportRow> {
  const where = and(gw.scope(responses.organisationId), filters(query));
  const key = [responses.updatedAt, responses.id];
  return {
    batches: () =>
      keysetBatches((after, limit) =>
        gw.db
          .select({
            instrumentTitleKa: instruments.titleKa,
            instrumentTitleEn: instruments.titleEn,
            versionNumber: instrumentVersions.number,
            label: responses.label,
            organisationNameKa: organisations.nameKa,
            organisationNameEn: organisations.nameEn,
            status: responses.status,
            score: responses.score,
            submittedAt: responses.submittedAt,
            updatedAt: responses.updatedAt,
            exportKey: keysetKey(key),
          })
          .from(responses)
          .innerJoin(instrumentVersions, eq(instrumentVersions.id, responses.instrumentVersionId))
          .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
          .innerJoin(organisations, eq(organisations.id, responses.organisationId))
          .where(and(where, after === undefined ? undefined : afterNewest(after)))
          .orderBy(desc(responses.updatedAt), responses.id)
          .limit(limit),
      ),
    count: async () => {
      const counted = gw.db.select({ n: count() }).from(responses);
      // The version is joined only when a filter needs it (the instrument).
      const [row] = await (query.instrumentId ? counted.innerJoin(instrumentVersions, eq(instrumentVersions.id, responses.instrumentVersionId)) : counted).where(where);
      return row?.n ?? 0;
    },
  };
}

export interface ResponseExportRow {
  instrumentTitleKa: string;
  instrumentTitleEn: string;
  versionNumber: number;
  label: string;
  organisationNameKa: string;
  organisationNameEn: string;
  status: 'draft' | 'submitted';
  score: ResponseRecord['score'];
  submittedAt: Date | null;
  updatedAt: Date;
}

export async function listResponses(gw: ScopedGateway, query: z.infer<typeof responseListQuery>): Promise<Page<ResponseRecord>> {
  const where = filters(query);
  const sortColumn = { updatedAt: responses.updatedAt, status: responses.status }[query.sort];
  const [rows, [total]] = await Promise.all([
    base(gw, where).orderBy(orderBy(sortColumn, query.dir), responses.id).limit(query.pageSize).offset(offsetOf(query)),
    gw.db
      .select({ n: count() })
      .from(responses)
      .innerJoin(instrumentVersions, eq(instrumentVersions.id, responses.instrumentVersionId))
      .where(and(gw.scope(responses.organisationId), where)),
  ]);
  return { items: rows.map(toRecord), total: total?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

/** A response with the exact definition version it answers (so old responses still display). */
export async function getResponse(gw: ScopedGateway, id: string) {
  const row = await findResponse(gw, id);
  await gw.audit({ action: 'read', entityType: 'response', entityId: id, organisationId: row.response.organisationId });
  return { response: toRecord(row), definition: row.definition };
}

export async function startResponse(gw: ScopedGateway, input: z.infer<typeof responseInput>) {
  await gw.assertOrganisationInScope(input.organisationId);
  const version = await latestPublished(gw, input.instrumentId);
  if (!version) throw new HttpProblem('validation', [{ field: 'instrumentId', key: 'instruments.notPublished' }]);
  const id = await gw.transaction(async (tx) => {
    const [row] = await tx.db
      .insert(responses)
      .values({ instrumentVersionId: version.id, organisationId: input.organisationId, label: input.label, createdBy: tx.actor.userId })
      .returning({ id: responses.id });
    await tx.audit({ action: 'create', entityType: 'response', entityId: row!.id, organisationId: input.organisationId });
    return row!.id;
  });
  return getResponse(gw, id);
}

/** Validates answers with the engine; every problem comes back on its question, in the user's language. */
function validated(row: Joined, answers: Answers, lang: Language) {
  const state = evaluateForm(row.definition, answers);
  const problems = Object.entries(state.errors);
  if (problems.length) {
    throw new HttpProblem(
      'validation',
      problems.map(([name, problem]) => ({
        field: `answers.${name}`,
        key: problem.message ? 'instruments.errors.custom' : problem.key,
        params: { message: problem.message ? textIn(problem.message, lang) : '' },
      })),
    );
  }
  // Only what the form shows is kept: answers to hidden or unknown questions are dropped.
  const kept = Object.fromEntries(Object.entries(answers).filter(([name]) => state.relevant[name] && name in state.values));
  return { answers: kept, score: scoreForm(row.definition, state) };
}

async function writeAnswers(
  gw: ScopedGateway,
  row: Joined,
  patch: { answers: Answers; version: number; status?: 'submitted'; score?: ReturnType<typeof scoreForm> },
  audit: { action: string; reason?: string },
) {
  await gw.transaction(async (tx) => {
    const updated = await tx.db
      .update(responses)
      .set({
        answers: patch.answers,
        ...(patch.status ? { status: patch.status, submittedAt: sql`now()` } : {}),
        ...(patch.score ? { score: patch.score } : {}),
        version: sql`${responses.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(responses.id, row.response.id), eq(responses.version, patch.version), tx.scope(responses.organisationId)))
      .returning({ id: responses.id });
    assertVersionMatched(updated);
    const changes = diff(row.response.answers, patch.answers) ?? {};
    await tx.audit({
      action: audit.action,
      entityType: 'response',
      entityId: row.response.id,
      organisationId: row.response.organisationId,
      changes: audit.reason ? { ...changes, reason: { to: audit.reason } } : changes,
    });
  });
}

export async function saveDraftAnswers(gw: ScopedGateway, id: string, input: { answers: Answers; version: number }) {
  const row = await findResponse(gw, id);
  if (row.response.status !== 'draft') throw new HttpProblem('conflict', [], 'responses.alreadySubmitted');
  await writeAnswers(gw, row, input, { action: 'save_draft' });
  return getResponse(gw, id);
}

export async function submitResponse(gw: ScopedGateway, id: string, input: { answers: Answers; version: number }, lang: Language) {
  const row = await findResponse(gw, id);
  if (row.response.status !== 'draft') throw new HttpProblem('conflict', [], 'responses.alreadySubmitted');
  await assertAttachmentsBelong(gw, id, row.definition, input.answers);
  const checked = validated(row, input.answers, lang);
  await writeAnswers(gw, row, { ...checked, version: input.version, status: 'submitted' }, { action: 'submit' });
  return getResponse(gw, id);
}

/** Submitted responses are locked; a correction is an amendment, with its reason, in the audit log. */
export async function amendResponse(gw: ScopedGateway, id: string, input: { answers: Answers; version: number; reason: string }, lang: Language) {
  const row = await findResponse(gw, id);
  if (row.response.status !== 'submitted') throw new HttpProblem('conflict', [], 'responses.notSubmitted');
  await assertAttachmentsBelong(gw, id, row.definition, input.answers);
  const checked = validated(row, input.answers, lang);
  await writeAnswers(gw, row, { ...checked, version: input.version }, { action: 'amend', reason: input.reason });
  return getResponse(gw, id);
}

