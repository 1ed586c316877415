import { and, asc, desc, eq, not, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { textIn } from '../../../common/instruments/definition';
import type { Value } from '../../../common/instruments/expression-evaluator';
import { evaluateForm } from '../../../common/instruments/form-state';
import { scoreForm } from '../../../common/instruments/scoring';
import type { Language } from '../../../common/roles';
import type { SubjectType } from '../../../common/schemas/access';
import type { InstrumentPurpose } from '../../../common/schemas/instrument';
import { DEFAULT_SUBJECT_TYPE, type responseInput } from '../../../common/schemas/response';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import type { AuditAction } from '../../audit/catalogue';
import { diff } from '../../audit/log';
import type { ExportSource } from '../../http/export';
import { HttpProblem, invalidField } from '../../http/problem';
import { publishedForFilling } from '../instruments';
import { assertAttachmentsBelong } from './attachments';
import { findResponseForUpdate, getResponse, formLabelIn, responseFilters, scoreBandIn, scoreOverall, withInstrument, type Joined, type ResponseFilters } from './queries';

const responses = OWNED.responses.table;
const { instruments, instrumentVersions } = PROGRAMME;

type Answers = Record<string, Value>;

/** After a key in the lists' order, newest first (`updated_at desc, id asc`). */
function afterNewest(key: string): SQL {
  const [updatedAt, id] = JSON.parse(key) as [string, string];
  return sql`${responses.updatedAt} <= ${updatedAt} and (${responses.updatedAt} < ${updatedAt} or ${responses.id} > ${id})`;
}

/**
 * Every response in scope matching the filters, newest first, with the instrument and
 * organisation names; only the exported columns are read (no answers, no definitions).
 */
export function exportResponses(gw: Gateway, query: ResponseFilters, lang: Language, copy?: SQL[]) {
  const orgs = OWNED.organisations.table;
  return gw.exportSource(
    OWNED.responses,
    {
      instrumentTitleKa: instruments.titleKa,
      instrumentTitleEn: instruments.titleEn,
      versionNumber: instrumentVersions.number,
      label: formLabelIn(lang),
      subjectType: responses.subjectType,
      organisationNameKa: orgs.nameKa,
      organisationNameEn: orgs.nameEn,
      status: responses.status,
      // The two parts of the score the file holds, not the whole score (with every section's
      // result it averages over a kilobyte per form, which the server would parse and drop).
      scoreOverall,
      scoreBand: scoreBandIn(lang),
      submittedAt: responses.submittedAt,
      updatedAt: responses.updatedAt,
    },
    {
      where: responseFilters(query),
      joins: [...withInstrument, { table: orgs, on: eq(orgs.id, responses.organisationId) }],
      key: [responses.updatedAt, responses.id],
      dir: 'desc',
      mixed: { after: afterNewest, orderBy: [desc(responses.updatedAt), asc(responses.id)] },
      filter: query,
      ...(copy ? { copy } : {}),
    },
  );
}
export type ResponseExportRow = ReturnType<typeof exportResponses> extends ExportSource<infer Row> ? Row : never;

/** What a new form is about, and in which organisation's care. */
export interface NewResponse {
  instrumentId: string;
  organisationId: string;
  label?: string;
  subject?: { type: SubjectType; id?: string | null };
}

/**
 * A test started about nobody (from the instrument's page, or a device): refused with where tests
 * are taken, rather than the 404 a user without participant reach got for a form they had filled.
 */
export const testOutsideTraining = (field: string) => invalidField(field, 'responses.testFromTraining');

/**
 * The row a new form is stored as: about what is given, or what the instrument's purpose implies
 * (the organisation itself, a service, a person, a participant). One builder for a form started
 * online, one sent from a device, and the offer of where an instrument may be filled in
 * (`organisationsToFill`), which asks the gateway whether inserting this very row would be kept.
 */
export function newResponseRow(
  gw: Gateway,
  version: { id: string; purpose: InstrumentPurpose },
  organisationId: string,
  more: { id?: string; label?: string; subject?: { type: SubjectType; id?: string | null } } = {},
): typeof responses.$inferInsert {
  const subjectType = more.subject?.type ?? DEFAULT_SUBJECT_TYPE[version.purpose];
  return {
    ...(more.id ? { id: more.id } : {}),
    instrumentVersionId: version.id,
    organisationId,
    label: more.label ?? '',
    subjectType,
    subjectId: more.subject?.id ?? (subjectType === 'organisation' ? organisationId : null),
    createdBy: gw.actor.userId,
  };
}

/**
 * Which organisations take new forms filled in from an instrument (its page, or a device): active
 * ones only. An organisation switched off has left the programme's daily work, so, as the referral
 * directory does (it offers active organisations only), nobody starts new forms for it: saving one
 * is refused (400, saying why), and the fill-in picker, the fill page and the offline pack leave
 * it out by this same condition. It stays readable and listed (with its "inactive" badge), and
 * forms already started for it are saved, submitted and amended as before, so nothing typed is
 * lost; the forms other features start within their own records (a case's registration, a
 * training's tests, a capacity assessment) follow those features' rules.
 */
export const TAKES_NEW_FORMS = eq(OWNED.organisations.table.active, true);

/**
 * Refuses a new form for an organisation that takes none (see TAKES_NEW_FORMS). Only within the
 * actor's write scope: elsewhere the insert answers 404, as for an organisation that does not exist.
 */
export async function assertTakesNewForms(gw: Gateway, organisationId: string): Promise<void> {
  const organisations = OWNED.organisations.table;
  const [inactive] = await gw.select(OWNED.organisations, { id: organisations.id }, { where: and(eq(organisations.id, organisationId), not(TAKES_NEW_FORMS)), purpose: 'check' });
  if (inactive && (await gw.reaches(organisationId, 'write'))) throw invalidField('organisationId', 'responses.organisationInactive');
}

export async function startResponse(gw: Gateway, input: NewResponse) {
  const version = await publishedForFilling(gw, input.instrumentId);
  if (!version) throw new HttpProblem('validation', [{ field: 'instrumentId', key: 'instruments.notPublished' }]);
  const row = newResponseRow(gw, version, input.organisationId, input);
  if (row.subjectType === 'participant' && !row.subjectId) throw testOutsideTraining('instrumentId');
  // The write scope and the subject's row rule decide: a form about a person can be started
  // only where its organisation's personal data is the actor's to see (404 otherwise).
  const stored = await gw.insert(OWNED.responses, row, { changes: { subject: { to: row.subjectType } } });
  return getResponse(gw, stored.id);
}

/** A form started from the instrument's page (POST /responses): only for an organisation that takes new forms. */
export async function startResponseFromRequest(gw: Gateway, input: z.infer<typeof responseInput>) {
  await assertTakesNewForms(gw, input.organisationId);
  return startResponse(gw, { ...input, ...(input.subjectType ? { subject: { type: input.subjectType } } : {}) });
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
  gw: Gateway,
  row: Joined,
  patch: { answers: Answers; version: number; status?: 'submitted'; score?: ReturnType<typeof scoreForm> },
  audit: { action: AuditAction; reason?: string },
) {
  const changes = diff(row.response.answers, patch.answers);
  await gw.update(OWNED.responses, row.response.id, {
    version: patch.version,
    set: {
      answers: patch.answers,
      ...(patch.status ? { status: patch.status, submittedAt: new Date() } : {}),
      ...(patch.score ? { score: patch.score } : {}),
    },
  }, { action: audit.action, changes: audit.reason ? { ...changes, reason: { to: audit.reason } } : changes });
}

export async function saveDraftAnswers(gw: Gateway, id: string, input: { answers: Answers; version: number }) {
  const row = await findResponseForUpdate(gw, id);
  if (row.response.status !== 'draft') throw new HttpProblem('conflict', [], 'responses.alreadySubmitted');
  await writeAnswers(gw, row, input, { action: 'save_draft' });
  return getResponse(gw, id);
}

/** JSON with its keys sorted, so two answer sets compare by content (jsonb does not keep key order). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/**
 * The same submission sent again (a retried send from a device whose first answer was lost):
 * submitted by the same person from the version it was sent against, with the same answers.
 */
function isRepeatedSubmission(gw: Gateway, row: Joined, input: { answers: Answers; version: number }, lang: Language): boolean {
  const r = row.response;
  if (r.status !== 'submitted' || r.createdBy !== gw.actor.userId || r.version !== input.version + 1) return false;
  try {
    return canonical(validated(row, input.answers, lang).answers) === canonical(r.answers);
  } catch {
    return false;
  }
}

export async function submitResponse(gw: Gateway, id: string, input: { answers: Answers; version: number }, lang: Language) {
  const row = await findResponseForUpdate(gw, id);
  if (isRepeatedSubmission(gw, row, input, lang)) return getResponse(gw, id);
  if (row.response.status !== 'draft') throw new HttpProblem('conflict', [], 'responses.alreadySubmitted');
  await assertAttachmentsBelong(gw, id, row.definition, input.answers);
  const checked = validated(row, input.answers, lang);
  await writeAnswers(gw, row, { ...checked, version: input.version, status: 'submitted' }, { action: 'submit' });
  return getResponse(gw, id);
}

/** Submitted responses are locked; a correction is an amendment, with its reason, in the audit log. */
export async function amendResponse(gw: Gateway, id: string, input: { answers: Answers; version: number; reason: string }, lang: Language) {
  const row = await findResponseForUpdate(gw, id);
  if (row.response.status !== 'submitted') throw new HttpProblem('conflict', [], 'responses.notSubmitted');
  await assertAttachmentsBelong(gw, id, row.definition, input.answers);
  const checked = validated(row, input.answers, lang);
  await writeAnswers(gw, row, { ...checked, version: input.version }, { action: 'amend', reason: input.reason });
  return getResponse(gw, id);
}
