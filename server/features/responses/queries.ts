import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { LABEL_SQL } from '../../../common/form-labels';
import { translate } from '../../../common/i18n/translate';
import type { Definition } from '../../../common/instruments/definition';
import type { Language } from '../../../common/roles';
import type { SubjectType } from '../../../common/schemas/access';
import type { Page } from '../../../common/schemas/list';
import type { ResponseListItem, ResponseRecord, responseListQuery, ScoreSummary } from '../../../common/schemas/response';
import type { Gateway, Join, ReadPurpose } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import { orderBy, presentPage, type KeysetOrder } from '../../http/paging';

// The one scoped read of responses (with the version they answered), shared by the response
// and attachment services and by other features through index.ts.

const responses = OWNED.responses.table;
const { instrumentVersions, instruments } = PROGRAMME;

export const withInstrument: Join[] = [
  { table: instrumentVersions, on: eq(instrumentVersions.id, responses.instrumentVersionId) },
  { table: instruments, on: eq(instruments.id, instrumentVersions.instrumentId) },
];

/** What reads of whole forms carry: never the instrument definition (tens of kilobytes a row). */
const listFields = {
  response: responses,
  instrumentId: instrumentVersions.instrumentId,
  versionNumber: instrumentVersions.number,
  titleKa: instruments.titleKa,
  titleEn: instruments.titleEn,
};
const detailFields = { ...listFields, definition: instrumentVersions.definition };

/**
 * What the list of forms reads: its columns, without the answers, and of the score only the
 * overall value and the level (the score's sections alone average over a kilobyte a form).
 */
const listItemFields = {
  id: responses.id,
  instrumentVersionId: responses.instrumentVersionId,
  organisationId: responses.organisationId,
  label: responses.label,
  subjectType: responses.subjectType,
  subjectId: responses.subjectId,
  status: responses.status,
  score: sql<ScoreSummary | null>`case when ${responses.score} is null then null else jsonb_build_object('overall', ${responses.score} -> 'overall', 'band', ${responses.score} -> 'band') end`,
  submittedAt: responses.submittedAt,
  version: responses.version,
  updatedAt: responses.updatedAt,
  instrumentId: instrumentVersions.instrumentId,
  versionNumber: instrumentVersions.number,
  instrumentTitleKa: instruments.titleKa,
  instrumentTitleEn: instruments.titleEn,
};

type ListedRow = { response: typeof responses.$inferSelect; instrumentId: string; versionNumber: number; titleKa: string; titleEn: string };
export type Joined = ListedRow & { definition: Definition };
/** The two parts of a score that lists and exports show: its overall value, and its level's name. */
export const scoreOverall = sql<number | null>`(${responses.score} ->> 'overall')::float8`;
/** The level's name in the reader's language, or in the other one where an instrument names it only there. */
export function scoreBandIn(lang: Language): SQL<string | null> {
  const [first, second] = lang === 'en' ? ['en', 'ka'] : ['ka', 'en'];
  return sql<string | null>`coalesce(${responses.score} -> 'band' ->> ${first}, ${responses.score} -> 'band' ->> ${second})`;
}

/**
 * A form's label as its reader reads it (`common/form-labels.ts`), for the files: a label a
 * feature wrote becomes words in `lang` (a capacity form: its round's current name in `lang` and
 * who filled it in; a case's forms: what they are), a label a person typed stays as typed.
 * The web app names them the same way (`web/src/features/responses/labels.ts`).
 */
export function formLabelIn(lang: Language): SQL<string> {
  const label = responses.label;
  const { assessmentRounds: rounds } = PROGRAMME;
  const [first, second] = lang === 'en' ? [rounds.nameEn, rounds.nameKa] : [rounds.nameKa, rounds.nameEn];
  const roundName = sql`(select coalesce(nullif(${first}, ''), ${second}) from ${rounds} where ${rounds.id}::text = substr(${label}, 10, 36))`;
  const who = sql`case when ${label} ~ ${LABEL_SQL.capacityConsensus} then ${translate(lang, 'responses.labels.capacityConsensus')}::text else substr(${label}, 53) end`;
  return sql<string>`case
    when ${label} ~ ${LABEL_SQL.capacity} then coalesce(${roundName}, ${translate(lang, 'responses.labels.capacityRound')}::text) || ' — ' || ${who}
    when ${label} ~* ${LABEL_SQL.caseAssessment} then ${translate(lang, 'responses.labels.caseAssessment')}::text
    when ${label} = ${LABEL_SQL.registration} then ${translate(lang, 'responses.labels.registration')}::text
    else ${label} end`;
}

/** The list's filters, and the subject id other features ask by. */
export type ResponseFilters = Partial<z.infer<typeof responseListQuery>> & { subjectId?: string };

/** The presenter: a filled-in form as its readers receive it (the scope already left out what they may not see). */
export function present(row: ListedRow): ResponseRecord {
  const r = row.response;
  return {
    id: r.id,
    instrumentId: row.instrumentId,
    instrumentVersionId: r.instrumentVersionId,
    versionNumber: row.versionNumber,
    instrumentTitleKa: row.titleKa,
    instrumentTitleEn: row.titleEn,
    organisationId: r.organisationId,
    label: r.label,
    subject: { type: r.subjectType, id: r.subjectId },
    status: r.status,
    answers: r.answers,
    score: r.score,
    submittedAt: r.submittedAt,
    version: r.version,
    updatedAt: r.updatedAt,
  };
}

export function responseFilters(query: ResponseFilters, actorUserId?: string): SQL | undefined {
  return and(
    query.instrumentId ? eq(instrumentVersions.instrumentId, query.instrumentId) : undefined,
    query.organisationId ? eq(responses.organisationId, query.organisationId) : undefined,
    query.status ? eq(responses.status, query.status) : undefined,
    query.subjectType ? eq(responses.subjectType, query.subjectType) : undefined,
    query.subjectId ? eq(responses.subjectId, query.subjectId) : undefined,
    query.mine && actorUserId ? eq(responses.createdBy, actorUserId) : undefined,
  );
}

/** The list order: the sort column, then `updated_at` and `id`, one direction (indexed, keyset-pageable). */
function responseOrder(query: ResponseFilters): KeysetOrder {
  const dir = query.dir ?? 'desc';
  return query.sort === 'status' ? { key: [responses.status, responses.updatedAt, responses.id], dir } : { key: [responses.updatedAt, responses.id], dir };
}

/**
 * Every form about `subject` under `label` (a case's needs assessments carry `caseAssessmentLabel(id)`, `common/form-labels.ts`), newest
 * first, with what a list of them shows. All of them: a person's forms are a handful, read along
 * `responses_subject_idx`.
 */
export function labelledFormsAbout(gw: Gateway, subject: { type: SubjectType; id: string }, label: string) {
  return gw.select(
    OWNED.responses,
    { id: responses.id, status: responses.status, instrumentId: instrumentVersions.instrumentId },
    {
      joins: withInstrument.slice(0, 1),
      where: and(eq(responses.subjectType, subject.type), eq(responses.subjectId, subject.id), eq(responses.label, label)),
      orderBy: [desc(responses.updatedAt), desc(responses.id)],
      purpose: 'list',
      filter: { subjectType: subject.type, subjectId: subject.id, label },
    },
  );
}

/** Scoped, filtered responses in the list order; `purpose` says how the read is audited. */
export async function selectResponses(gw: Gateway, query: ResponseFilters, page: { limit?: number; offset?: number; purpose: ReadPurpose }) {
  const rows = await gw.select(OWNED.responses, listFields, {
    joins: withInstrument,
    where: responseFilters(query, gw.actor.userId),
    orderBy: responseOrder(query).key.map((column) => orderBy(column, query.dir ?? 'desc')),
    ...page,
    filter: query,
  });
  return rows.map(present);
}

export async function listResponses(gw: Gateway, query: z.infer<typeof responseListQuery>): Promise<Page<ResponseListItem>> {
  const page = await gw.page(OWNED.responses, listItemFields, {
    joins: withInstrument,
    // Only the instrument filter needs a join; the count stays on the responses table otherwise.
    countJoins: query.instrumentId ? withInstrument.slice(0, 1) : [],
    where: responseFilters(query, gw.actor.userId),
    order: responseOrder(query),
    request: query,
    filter: query,
  });
  return presentPage(page, (rows) => rows.map(({ subjectType, subjectId, ...row }) => ({ ...row, subject: { type: subjectType, id: subjectId } })));
}

/** A response with the exact definition version it answers: an audited read. */
export function findResponse(gw: Gateway, id: string): Promise<Joined> {
  return gw.findFields(OWNED.responses, id, detailFields, withInstrument);
}

/** A response the actor may change (write scope), for the write paths: not a read. */
export function findResponseForUpdate(gw: Gateway, id: string): Promise<Joined> {
  return gw.findFieldsForUpdate(OWNED.responses, id, detailFields, withInstrument);
}

export async function getResponse(gw: Gateway, id: string) {
  const row = await findResponse(gw, id);
  return { response: present(row), definition: row.definition };
}
