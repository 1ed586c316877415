import { and, asc, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { formLabel } from '../../../common/form-labels';
import type { Definition } from '../../../common/instruments/definition';
import type {
  Assessment,
  AssessmentDetail,
  assessmentInput,
  assessmentListQuery,
  assessmentPatch,
  Results,
  RoundResult,
} from '../../../common/schemas/capacity';
import type { Page } from '../../../common/schemas/list';
import type { Gateway, Join } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import { diff } from '../../audit/log';
import { HttpProblem, invalidField } from '../../http/problem';
import { mapBatches, type ExportSource } from '../../http/export';
import { likePattern, presentPage, type KeysetOrder } from '../../http/paging';
import { publishedForFilling } from '../instruments';
import { readResponse, saveResponse, startResponse } from '../responses';
import { placeFilter, type PlaceFilter } from './filters';
import { answeredScore, changeBetween, choiceNearest, median, resultOf, subAreasOf } from './structure';

const assessments = OWNED.capacityAssessments.table;
const ratings = OWNED.capacityRatings.table;
const orgs = OWNED.organisations.table;
const { assessmentRounds: rounds, instruments, instrumentVersions } = PROGRAMME;

/** The built-in instrument every capacity assessment answers. */
export const GESI_OCA_CODE = 'gesi_oca';

const withRoundAndOrganisation: Join[] = [
  { table: rounds, on: eq(rounds.id, assessments.roundId) },
  { table: orgs, on: eq(orgs.id, assessments.organisationId) },
];
const listFields = {
  a: assessments,
  roundKind: rounds.kind,
  roundNameKa: rounds.nameKa,
  roundNameEn: rounds.nameEn,
  roundStartsOn: rounds.startsOn,
  organisationNameKa: orgs.nameKa,
  organisationNameEn: orgs.nameEn,
};
type Listed = { a: typeof assessments.$inferSelect; roundKind: Assessment['roundKind']; roundNameKa: string; roundNameEn: string; roundStartsOn: string; organisationNameKa: string; organisationNameEn: string };

/** The presenter: an assessment as its readers receive it, with the consensus overall score once final. */
function present(row: Listed, overall: number | null): Assessment {
  const a = row.a;
  return {
    id: a.id,
    organisationId: a.organisationId,
    organisationNameKa: row.organisationNameKa,
    organisationNameEn: row.organisationNameEn,
    roundId: a.roundId,
    roundKind: row.roundKind,
    roundNameKa: row.roundNameKa,
    roundNameEn: row.roundNameEn,
    roundStartsOn: row.roundStartsOn,
    facilitators: a.facilitators,
    participants: a.participants,
    status: a.status,
    consensusResponseId: a.consensusResponseId,
    overall,
    version: a.version,
    updatedAt: a.updatedAt,
  };
}

/** Overall consensus scores of final assessments, read through the responses' scope. */
async function overallScores(gw: Gateway, rows: Listed[]): Promise<Map<string, number | null>> {
  const scores = new Map<string, number | null>();
  const ids = rows.filter((r) => r.a.status === 'final' && r.a.consensusResponseId).map((r) => r.a.consensusResponseId!);
  if (ids.length === 0) return scores;
  const responses = OWNED.responses.table;
  const found = await gw.select(OWNED.responses, { id: responses.id, score: responses.score }, { where: inArray(responses.id, ids), purpose: 'check' });
  for (const r of found) scores.set(r.id, r.score?.overall ?? null);
  return scores;
}

async function presentAll(gw: Gateway, rows: Listed[]): Promise<Assessment[]> {
  const scores = await overallScores(gw, rows);
  return rows.map((r) => present(r, r.a.consensusResponseId ? (scores.get(r.a.consensusResponseId) ?? null) : null));
}

type ListQuery = Partial<z.infer<typeof assessmentListQuery>>;
function filters(query: ListQuery): SQL | undefined {
  return and(
    query.organisationId ? eq(assessments.organisationId, query.organisationId) : undefined,
    query.roundId ? eq(assessments.roundId, query.roundId) : undefined,
    query.status ? eq(assessments.status, query.status) : undefined,
    query.q ? or(ilike(orgs.nameKa, likePattern(query.q)), ilike(orgs.nameEn, likePattern(query.q))) : undefined,
    placeFilter(assessments.organisationId, query as PlaceFilter),
  );
}

function orderOf(query: ListQuery, lang: 'ka' | 'en'): KeysetOrder {
  const name = lang === 'ka' ? orgs.nameKa : orgs.nameEn;
  const key = { round: [rounds.startsOn, name, assessments.id], organisation: [name, assessments.id], status: [assessments.status, name, assessments.id] }[query.sort ?? 'round'];
  return { key, dir: query.dir ?? 'asc' };
}

export async function listAssessments(gw: Gateway, query: z.infer<typeof assessmentListQuery>, lang: 'ka' | 'en'): Promise<Page<Assessment>> {
  const where = filters(query);
  const page = await gw.page(OWNED.capacityAssessments, listFields, { joins: withRoundAndOrganisation, where, order: orderOf(query, lang), request: query, filter: query });
  return presentPage(page, (rows) => presentAll(gw, rows as Listed[]));
}

export function exportAssessments(gw: Gateway, query: ListQuery, lang: 'ka' | 'en'): ExportSource<Assessment> {
  const source = gw.exportSource(OWNED.capacityAssessments, listFields, { joins: withRoundAndOrganisation, where: filters(query), ...orderOf(query, lang), filter: query });
  return { count: source.count, batches: () => mapBatches(source.batches(), (rows) => presentAll(gw, rows as Listed[])) };
}

async function definitionOf(gw: Gateway, versionId: string): Promise<Definition> {
  const [row] = await gw.programme.select({ definition: instrumentVersions.definition }).from(instrumentVersions).where(eq(instrumentVersions.id, versionId));
  if (!row) throw new Error(`instrument version ${versionId} is missing`);
  return row.definition;
}

export async function getAssessment(gw: Gateway, id: string): Promise<AssessmentDetail> {
  const row = (await gw.findFields(OWNED.capacityAssessments, id, listFields, withRoundAndOrganisation)) as Listed;
  const [presented] = await presentAll(gw, [row]);
  const links = await gw.rows(OWNED.capacityRatings, { where: eq(ratings.assessmentId, id) });
  const definition = await definitionOf(gw, row.a.instrumentVersionId);
  const raterForms = await Promise.all(links.map(async (link) => ({ link, form: await readResponse(gw, link.responseId) })));
  raterForms.sort((x, y) => x.link.raterName.localeCompare(y.link.raterName));
  const submitted = raterForms.filter((r) => r.form.response.status === 'submitted');
  // Sub-areas where the submitted raters' scores differ most come first: the session starts there.
  const disagreements = subAreasOf(definition)
    .map((sub) => {
      const scores = submitted.map((r) => answeredScore(definition, sub, r.form.response.answers)).filter((s): s is number => s !== null);
      return { subArea: sub.name, domain: sub.domain, scores, spread: scores.length ? Math.max(...scores) - Math.min(...scores) : 0 };
    })
    .filter((d) => d.scores.length > 1)
    .sort((x, y) => y.spread - x.spread || x.subArea.localeCompare(y.subArea));
  return {
    ...presented!,
    ratings: raterForms.map(({ link, form }) => ({ responseId: link.responseId, raterName: link.raterName, status: form.response.status, overall: form.response.score?.overall ?? null })),
    disagreements,
  };
}

async function gesiInstrumentId(gw: Gateway): Promise<string> {
  const [row] = await gw.programme.select({ id: instruments.id }).from(instruments).where(eq(instruments.code, GESI_OCA_CODE));
  if (!row) throw invalidField('roundId', 'capacity.errors.noInstrument');
  return row.id;
}

export async function createAssessment(gw: Gateway, input: z.infer<typeof assessmentInput>): Promise<AssessmentDetail> {
  const [round] = await gw.programme.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, input.roundId));
  if (!round) throw invalidField('roundId', 'capacity.errors.unknownRound');
  const organisation = await gw.find(OWNED.organisations, input.organisationId);
  if (organisation.kind !== 'cso') throw invalidField('organisationId', 'capacity.errors.notACso');
  const instrumentId = await gesiInstrumentId(gw);
  const version = await publishedForFilling(gw, instrumentId);
  if (!version) throw invalidField('roundId', 'capacity.errors.noInstrument');
  const existing = await gw.count(OWNED.capacityAssessments, { where: and(eq(assessments.organisationId, input.organisationId), eq(assessments.roundId, input.roundId)) });
  if (existing) throw new HttpProblem('conflict', [{ field: 'roundId', key: 'capacity.errors.alreadyAssessed' }], 'capacity.errors.alreadyAssessed');
  const row = await gw.insert(OWNED.capacityAssessments, { ...input, instrumentVersionId: version.id, createdBy: gw.actor.userId }, { changes: diff({}, input) });
  return getAssessment(gw, row.id);
}

export async function updateAssessment(gw: Gateway, id: string, patch: z.infer<typeof assessmentPatch>): Promise<AssessmentDetail> {
  const before = await gw.findForUpdate(OWNED.capacityAssessments, id);
  const { version, ...set } = patch;
  await gw.update(OWNED.capacityAssessments, id, { version, set }, { changes: diff(before as unknown as Record<string, unknown>, set) });
  return getAssessment(gw, id);
}

/** A rater's own GESI-OCA form about the CSO, linked to the assessment; filled through the responses API. */
export async function addRating(gw: Gateway, id: string, raterName: string): Promise<AssessmentDetail> {
  const assessment = await gw.findForUpdate(OWNED.capacityAssessments, id);
  if (assessment.status === 'final') throw new HttpProblem('conflict', [], 'capacity.errors.final');
  // Its round and rater, read in each reader's language (common/form-labels.ts).
  const label = formLabel({ kind: 'capacityRating', roundId: assessment.roundId, rater: raterName });
  await gw.transaction(async (tx) => {
    const started = await startResponse(tx, {
      instrumentId: await gesiInstrumentId(tx),
      organisationId: assessment.organisationId,
      label,
      subject: { type: 'organisation', id: assessment.organisationId },
    });
    await tx.insertLinks(OWNED.capacityRatings, [{ assessmentId: id, responseId: started.response.id, organisationId: assessment.organisationId, raterName }]);
    await tx.audit({ action: 'update', entityType: 'capacity_assessment', entityId: id, organisationId: assessment.organisationId, changes: { rater: { to: raterName } } });
  });
  return getAssessment(gw, id);
}

/**
 * Opens the facilitated consensus form: a GESI-OCA form about the CSO, started from the raters'
 * median per sub-area, which the session then agrees (scores, justification, evidence) and submits.
 */
export async function openConsensus(gw: Gateway, id: string): Promise<AssessmentDetail> {
  const assessment = await gw.findForUpdate(OWNED.capacityAssessments, id);
  if (assessment.consensusResponseId) return getAssessment(gw, id);
  const detail = await getAssessment(gw, id);
  const definition = await definitionOf(gw, assessment.instrumentVersionId);
  const submitted = await Promise.all(detail.ratings.filter((r) => r.status === 'submitted').map((r) => readResponse(gw, r.responseId)));
  if (submitted.length === 0) throw new HttpProblem('conflict', [], 'capacity.errors.noRatings');
  const answers: Record<string, string> = {};
  for (const sub of subAreasOf(definition)) {
    const m = median(submitted.map((r) => answeredScore(definition, sub, r.response.answers)).filter((s): s is number => s !== null));
    const picked = m === null ? undefined : choiceNearest(definition, sub, m);
    if (picked) answers[sub.scoreQuestion.name] = picked;
  }
  const label = formLabel({ kind: 'capacityConsensus', roundId: assessment.roundId });
  await gw.transaction(async (tx) => {
    const started = await startResponse(tx, { instrumentId: await gesiInstrumentId(tx), organisationId: assessment.organisationId, label, subject: { type: 'organisation', id: assessment.organisationId } });
    await saveResponse(tx, started.response.id, { answers, version: started.response.version });
    await tx.update(OWNED.capacityAssessments, id, { set: { consensusResponseId: started.response.id, status: 'consensus' } });
  });
  return getAssessment(gw, id);
}

/** Closes the assessment once its consensus form is submitted: its scores become the round's results. */
export async function finaliseAssessment(gw: Gateway, id: string, version: number): Promise<AssessmentDetail> {
  const assessment = await gw.findForUpdate(OWNED.capacityAssessments, id);
  if (!assessment.consensusResponseId) throw new HttpProblem('conflict', [], 'capacity.errors.noConsensus');
  const consensus = await readResponse(gw, assessment.consensusResponseId);
  if (consensus.response.status !== 'submitted') throw new HttpProblem('conflict', [], 'capacity.errors.consensusNotSubmitted');
  await gw.update(OWNED.capacityAssessments, id, { version, set: { status: 'final' } }, { action: 'submit', changes: { status: { from: assessment.status, to: 'final' } } });
  return getAssessment(gw, id);
}

/** One CSO's final results per round (oldest first) and the change between its last two rounds. */
export async function resultsOf(gw: Gateway, organisationId: string): Promise<Results> {
  await gw.find(OWNED.organisations, organisationId);
  const rows = (await gw.select(OWNED.capacityAssessments, listFields, {
    joins: withRoundAndOrganisation,
    where: and(eq(assessments.organisationId, organisationId), eq(assessments.status, 'final')),
    orderBy: [asc(rounds.startsOn), desc(assessments.createdAt)],
  })) as Listed[];
  const roundResults: RoundResult[] = [];
  for (const row of rows) {
    const consensus = await readResponse(gw, row.a.consensusResponseId!);
    roundResults.push({
      assessmentId: row.a.id,
      roundId: row.a.roundId,
      roundKind: row.roundKind,
      roundNameKa: row.roundNameKa,
      roundNameEn: row.roundNameEn,
      ...resultOf(consensus.definition, consensus.response.score),
    });
  }
  const [before, after] = roundResults.slice(-2);
  const change = before && after ? changeBetween(before.subAreas, after.subAreas) : [];
  const count = (direction: string) => change.filter((c) => c.direction === direction).length;
  return { organisationId, rounds: roundResults, change, changeSummary: { improved: count('improved'), same: count('same'), worse: count('worse') } };
}
