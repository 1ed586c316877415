import { and, asc, count, getTableColumns, eq, inArray, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { translate } from '../../../common/i18n/translate';
import type { Language } from '../../../common/roles';
import { LOW_SCORE, type PlanAction, type planActionInput, type planActionListQuery, type planActionPatch, type PlanProgress } from '../../../common/schemas/capacity';
import type { Page } from '../../../common/schemas/list';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { diff } from '../../audit/log';
import { HttpProblem, invalidField, notFound } from '../../http/problem';
import { byName } from '../../db/name-order';
import { mapBatches, type ExportSource } from '../../http/export';
import { presentPage, type KeysetOrder } from '../../http/paging';
import { resultsOf } from './assessments';
import { currentUserNames, namesOf, organisationNames, type OrganisationNames } from './names';
import { today } from './filters';

const actions = OWNED.capacityPlanActions.table;
type ActionRow = typeof actions.$inferSelect;
const CLOSED = ['done', 'cancelled'] as const;

/** Past its deadline and neither done nor cancelled. */
function isOverdue(row: Pick<ActionRow, 'deadline' | 'status'>, now = today()): boolean {
  return !!row.deadline && row.deadline < now && !(CLOSED as readonly string[]).includes(row.status);
}
const overdueSql = (): SQL => and(lt(actions.deadline, today()), notInArray(actions.status, [...CLOSED]))!;

/** What the presenter adds to a row: sub-area labels, and the responsible users' current names. */
interface Context {
  labels: Map<string, { ka: string; en: string }>;
  names: Map<string, string>;
}

/**
 * The presenter; sub-area labels come from the CSO's latest results when the plan was generated
 * from them, and a responsible user is named by the user's name as it is now.
 */
function present(row: ActionRow, { labels, names }: Context): PlanAction {
  return {
    id: row.id,
    organisationId: row.organisationId,
    assessmentId: row.assessmentId,
    subArea: row.subArea,
    subAreaLabel: labels.get(row.subArea) ?? null,
    baselineScore: row.baselineScore,
    targetScore: row.targetScore,
    priority: row.priority,
    action: row.action,
    responsible: row.responsible,
    responsibleUserId: row.responsibleUserId,
    responsibleUserName: row.responsibleUserId ? (names.get(row.responsibleUserId) ?? null) : null,
    resources: row.resources,
    deadline: row.deadline,
    status: row.status,
    evidence: row.evidence,
    overdue: isOverdue(row),
    version: row.version,
  };
}

async function labelsFor(gw: Gateway, rows: ActionRow[]): Promise<Map<string, { ka: string; en: string }>> {
  const labels = new Map<string, { ka: string; en: string }>();
  for (const organisationId of new Set(rows.map((r) => r.organisationId))) {
    const results = await resultsOf(gw, organisationId);
    for (const round of results.rounds) for (const s of round.subAreas) labels.set(s.name, s.label);
  }
  return labels;
}

async function contextFor(gw: Gateway, rows: ActionRow[]): Promise<Context> {
  return { labels: await labelsFor(gw, rows), names: await currentUserNames(gw, rows.map((r) => r.responsibleUserId), 'plan_responsibles') };
}

type ListQuery = Partial<z.infer<typeof planActionListQuery>>;
function filters(gw: Gateway, query: ListQuery): SQL | undefined {
  return and(
    query.organisationId ? eq(actions.organisationId, query.organisationId) : undefined,
    query.status ? eq(actions.status, query.status) : undefined,
    query.overdue === 'true' ? overdueSql() : query.overdue === 'false' ? sql`not (${overdueSql()})` : undefined,
    query.mine === 'true' ? eq(actions.responsibleUserId, gw.actor.userId) : undefined,
  );
}
// Keyset columns cannot be NULL: an action without a deadline or baseline score sorts after the others.
const deadline = sql`coalesce(${actions.deadline}, 'infinity'::date)`;
const baseline = sql`coalesce(${actions.baselineScore}, 'infinity'::numeric)`;
function orderOf(query: ListQuery): KeysetOrder {
  const key = {
    priority: [actions.priority, baseline, deadline, actions.id],
    deadline: [deadline, actions.priority, actions.id],
    status: [actions.status, actions.priority, deadline, actions.id],
  }[query.sort ?? 'priority'];
  return { key, dir: query.dir ?? 'asc' };
}

export async function listPlanActions(gw: Gateway, query: z.infer<typeof planActionListQuery>): Promise<Page<PlanAction>> {
  const where = filters(gw, query);
  const page = await gw.page(OWNED.capacityPlanActions, getTableColumns(actions), { where, order: orderOf(query), request: query, filter: query });
  return presentPage(page, async (rows) => {
    const context = await contextFor(gw, rows);
    return rows.map((r) => present(r, context));
  });
}

/** A plan action as exported: with its CSO's name, so a file of several CSOs' plans (or one passed on) says whose each row is. */
export type ExportedPlanAction = PlanAction & OrganisationNames;

export function exportPlanActions(gw: Gateway, query: ListQuery): ExportSource<ExportedPlanAction> {
  const names = organisationNames(actions.organisationId);
  const source = gw.exportSource(OWNED.capacityPlanActions, { ...getTableColumns(actions), ...names.fields }, {
    where: filters(gw, query),
    joins: [names.join],
    ...orderOf(query),
    filter: query,
  });
  return {
    count: source.count,
    batches: () => mapBatches(source.batches(), async (rows) => {
      const context = await contextFor(gw, rows);
      return rows.map((r) => ({ ...present(r, context), ...namesOf(r) }));
    }),
  };
}

export async function planProgressOf(gw: Gateway, organisationId: string): Promise<PlanProgress> {
  const rows = await gw.select(OWNED.capacityPlanActions, { status: actions.status, deadline: actions.deadline, n: count() }, {
    where: eq(actions.organisationId, organisationId),
    groupBy: [actions.status, actions.deadline],
  });
  const counted = rows.filter((r) => r.status !== 'cancelled');
  const total = counted.reduce((n, r) => n + Number(r.n), 0);
  const done = counted.filter((r) => r.status === 'done').reduce((n, r) => n + Number(r.n), 0);
  const overdue = counted.filter((r) => isOverdue(r)).reduce((n, r) => n + Number(r.n), 0);
  return { total, done, overdue, percent: total === 0 ? 0 : Math.round((done / total) * 100) };
}

/**
 * The users who may be named responsible for an action of `organisationId`'s plan: its own active
 * users (the "My overdue plan actions" card of each lists the actions naming them). Asked by those
 * who may change the plan, for its picker.
 */
export async function responsibleCandidates(gw: Gateway, organisationId: string): Promise<{ id: string; displayName: string }[]> {
  if (!(await gw.reaches(organisationId, 'write'))) throw notFound();
  const users = OWNED.users.table;
  return gw.select(OWNED.users, { id: users.id, displayName: users.displayName }, {
    where: and(eq(users.organisationId, organisationId), eq(users.active, true)),
    orderBy: [...byName(users.displayName).map((c) => asc(c)), users.id],
    purpose: 'list',
  });
}

/** A responsible user is an active user of the plan's own organisation (not of another CSO, nor programme staff). */
async function assertResponsibleUser(gw: Gateway, organisationId: string, userId: string | null | undefined): Promise<void> {
  if (!userId) return;
  const users = OWNED.users.table;
  const [found] = await gw.select(OWNED.users, { id: users.id }, { where: and(eq(users.id, userId), eq(users.organisationId, organisationId), eq(users.active, true)), purpose: 'check' });
  if (!found) throw invalidField('responsibleUserId', 'capacity.errors.responsibleOutside');
}

export async function createPlanAction(gw: Gateway, input: z.infer<typeof planActionInput>): Promise<PlanAction> {
  await assertResponsibleUser(gw, input.organisationId, input.responsibleUserId);
  const row = await gw.insert(OWNED.capacityPlanActions, { ...input, createdBy: gw.actor.userId }, { changes: diff({}, input) });
  return present(row, await contextFor(gw, [row]));
}

export async function updatePlanAction(gw: Gateway, id: string, patch: z.infer<typeof planActionPatch>): Promise<PlanAction> {
  const before = await gw.findForUpdate(OWNED.capacityPlanActions, id);
  // Checked when it changes: an action keeps naming a user deactivated since, and its other fields stay editable.
  if (patch.responsibleUserId !== before.responsibleUserId) await assertResponsibleUser(gw, before.organisationId, patch.responsibleUserId);
  const { version, ...set } = patch;
  const row = await gw.update(OWNED.capacityPlanActions, id, { version, set }, { changes: diff(before as unknown as Record<string, unknown>, set) });
  return present(row, await contextFor(gw, [row]));
}

/**
 * Deletes an action nobody has worked on yet, so that a mistaken suggestion or entry can be taken
 * back. Once work is recorded on it (a status other than "planned", evidence, or a mentoring visit
 * or support item that names it) it is part of the plan's history, counted in its progress and
 * cited elsewhere: then it can only be cancelled, and deleting it is a 409 that says so.
 * Same write scope as editing; audited as `delete` with the action's text.
 */
export async function deletePlanAction(gw: Gateway, id: string): Promise<void> {
  await gw.transaction(async (tx) => {
    const row = await tx.findForUpdate(OWNED.capacityPlanActions, id);
    const visits = OWNED.mentoringSessions.table;
    const support = OWNED.supportItems.table;
    const cited =
      (await tx.count(OWNED.mentoringSessions, { where: and(eq(visits.organisationId, row.organisationId), sql`${visits.planActionIds} @> ${JSON.stringify([id])}::jsonb`) })) +
      (await tx.count(OWNED.supportItems, { where: eq(support.planActionId, id) }));
    if (row.status !== 'planned' || row.evidence.trim() !== '' || cited > 0) throw new HttpProblem('conflict', [], 'capacity.errors.actionWorkedOn');
    await tx.delete(OWNED.capacityPlanActions, eq(actions.id, id));
    await tx.audit({ action: 'delete', entityType: OWNED.capacityPlanActions.entity, entityId: id, organisationId: row.organisationId, changes: { action: { from: row.action }, subArea: { from: row.subArea } } });
  });
}

/**
 * The language a suggested action's text is written in. The plan is the CSO's, and the CSOs work
 * in Georgian (the programme's first language), so the text does not follow the interface language
 * of whoever clicked; the sub-area's label is shown in each reader's language beside it.
 */
export const PLAN_LANGUAGE: Language = 'ka';

/** The low-scoring sub-areas of a final assessment that have no action from it yet, lowest first. */
async function unplannedLowSubAreas(gw: Gateway, assessmentId: string) {
  const assessment = await gw.findForUpdate(OWNED.capacityAssessments, assessmentId);
  if (assessment.status !== 'final') throw new HttpProblem('conflict', [], 'capacity.errors.notFinal');
  const results = await resultsOf(gw, assessment.organisationId);
  const round = results.rounds.find((r) => r.assessmentId === assessmentId);
  if (!round) throw new HttpProblem('conflict', [], 'capacity.errors.notFinal');
  const existing = await gw.select(OWNED.capacityPlanActions, { subArea: actions.subArea }, { where: eq(actions.assessmentId, assessmentId) });
  const planned = new Set(existing.map((e) => e.subArea));
  const low = round.subAreas
    .filter((s): s is typeof s & { score: number } => s.score !== null && s.score <= LOW_SCORE && !planned.has(s.name))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name));
  return { assessment, low };
}

/** How many actions `generatePlan` would add now: the number the confirmation names before anything is written. */
export async function previewPlan(gw: Gateway, assessmentId: string): Promise<{ count: number }> {
  const { low } = await unplannedLowSubAreas(gw, assessmentId);
  return { count: low.length };
}

/**
 * Suggests actions for the low-scoring sub-areas of a final assessment (lowest first, priority by
 * score, target one step up), written in `PLAN_LANGUAGE`. Sub-areas that already have an action
 * from this assessment are skipped, so generating again only adds what is missing.
 */
export async function generatePlan(gw: Gateway, assessmentId: string): Promise<{ created: number }> {
  const { assessment, low } = await unplannedLowSubAreas(gw, assessmentId);
  if (low.length === 0) return { created: 0 };
  await gw.transaction(async (tx) => {
    for (const s of low) {
      await tx.insert(OWNED.capacityPlanActions, {
        organisationId: assessment.organisationId,
        assessmentId,
        subArea: s.name,
        baselineScore: s.score,
        targetScore: Math.min(4, Math.floor(s.score) + 1),
        priority: s.score < 1.75 ? 1 : 2,
        action: translate(PLAN_LANGUAGE, 'capacity.plan.suggestedAction', { subArea: s.label[PLAN_LANGUAGE] }),
        createdBy: tx.actor.userId,
      });
    }
    await tx.audit({ action: 'generate_plan', entityType: 'capacity_assessment', entityId: assessmentId, organisationId: assessment.organisationId, changes: { actions: { to: low.length } } });
  });
  return { created: low.length };
}

/** Plan actions of `organisationId` by id, for links from mentoring sessions and support items. */
export async function assertPlanActionsOf(gw: Gateway, organisationId: string, ids: string[], field: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await gw.count(OWNED.capacityPlanActions, { where: and(inArray(actions.id, unique), eq(actions.organisationId, organisationId)) });
  if (found !== unique.length) throw invalidField(field, 'capacity.errors.unknownPlanAction');
}

