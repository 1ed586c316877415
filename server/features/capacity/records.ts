import { and, asc, count, eq, getTableColumns, gte, inArray, lte, sql, sum, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type {
  MentoringSession,
  mentoringInput,
  mentoringListQuery,
  mentoringPatch,
  Profile,
  profileInput,
  SupervisionSession,
  supervisionInput,
  supervisionListQuery,
  supervisionPatch,
  SupportItem,
  supportInput,
  supportListQuery,
} from '../../../common/schemas/capacity';
import type { Page } from '../../../common/schemas/list';
import type { Gateway } from '../../access/gateway';
import { OWNED, type OwnedTable } from '../../access/registry';
import { diff, type AuditChanges } from '../../audit/log';
import { programmeToday } from '../../calendar';
import { conflict, invalidField, notFound } from '../../http/problem';
import { mapBatches, type ExportSource } from '../../http/export';
import { presentPage, type KeysetOrder } from '../../http/paging';
import { byName } from '../../db/name-order';
import { currentUserNames, namesOf, organisationNames, type OrganisationNames } from './names';
import { assertPlanActionsOf } from './plan';

// Mentoring sessions, professional supervision, material support and the CSO profile: records
// a CSO's capacity work keeps, each owned by the CSO.

const sessions = OWNED.mentoringSessions.table;
const supervision = OWNED.supervisionSessions.table;
const support = OWNED.supportItems.table;
const profiles = OWNED.csoProfiles.table;
const planActions = OWNED.capacityPlanActions.table;
const users = OWNED.users.table;
const orgs = OWNED.organisations.table;

interface Period {
  organisationId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}
function periodOf(organisationColumn: AnyPgColumn, dateColumn: AnyPgColumn, query: Period): SQL | undefined {
  return and(
    query.organisationId ? eq(organisationColumn, query.organisationId) : undefined,
    query.from ? gte(dateColumn, query.from) : undefined,
    query.to ? lte(dateColumn, query.to) : undefined,
  );
}

/**
 * A record of something held or delivered is entered after it happened: a day after today (in
 * Tbilisi, where the programme counts its days) is a slip, and would top every list and report.
 */
function assertNotFuture(day: string | null | undefined, field: string, key: string): void {
  if (day && day > programmeToday()) throw invalidField(field, key);
}

export async function assertCso(gw: Gateway, organisationId: string): Promise<void> {
  const organisation = await gw.find(OWNED.organisations, organisationId);
  if (organisation.kind !== 'cso') throw invalidField('organisationId', 'capacity.errors.notACso');
}

/**
 * Deletes a wrongly entered record the actor may change (the write scope, as for a correction;
 * otherwise 404). The audit entry keeps what the record said (free-text notes and themes aside,
 * as in every entry about these records), so a deletion by mistake can be entered again.
 */
async function deleteRecord<R extends { organisationId: string }>(gw: Gateway, owned: OwnedTable, idColumn: AnyPgColumn, id: string, kept: (row: R) => Record<string, unknown>): Promise<void> {
  await gw.transaction(async (tx) => {
    const row = (await tx.findForUpdate(owned, id)) as unknown as R;
    await tx.delete(owned, eq(idColumn, id));
    const changes: AuditChanges = Object.fromEntries(Object.entries(kept(row)).map(([key, from]) => [key, { from }]));
    await tx.audit({ action: 'delete', entityType: owned.entity, entityId: id, organisationId: row.organisationId, changes });
  });
}

// ---- mentoring -----------------------------------------------------------------------------

function presentSession(row: typeof sessions.$inferSelect): MentoringSession {
  const { createdAt: _c, updatedAt: _u, createdBy: _b, ...rest } = row;
  return rest;
}

type MentoringQuery = Partial<z.infer<typeof mentoringListQuery>>;
const mentoringWhere = (q: MentoringQuery) => periodOf(sessions.organisationId, sessions.heldOn, q);

export async function listMentoring(gw: Gateway, query: z.infer<typeof mentoringListQuery>): Promise<Page<MentoringSession>> {
  const where = mentoringWhere(query);
  const page = await gw.page(OWNED.mentoringSessions, getTableColumns(sessions), { where, order: { key: [sessions.heldOn, sessions.id], dir: query.dir }, request: query, filter: query });
  return presentPage(page, (rows) => rows.map(presentSession));
}

/** A session as exported: with the linked plan actions' own words, not their ids. */
export type ExportedMentoringSession = MentoringSession & OrganisationNames & { planActions: string[] };

export function exportMentoring(gw: Gateway, query: MentoringQuery): ExportSource<ExportedMentoringSession> {
  const names = organisationNames(sessions.organisationId);
  const source = gw.exportSource(OWNED.mentoringSessions, { ...getTableColumns(sessions), ...names.fields }, { where: mentoringWhere(query), joins: [names.join], key: [sessions.heldOn, sessions.id], dir: query.dir ?? 'desc', filter: query });
  return {
    count: source.count,
    batches: () => mapBatches(source.batches(), async (rows) => {
      // One read per batch for the actions its sessions link (through the reader's scope).
      const ids = [...new Set(rows.flatMap((r) => r.planActionIds))];
      const actions = ids.length ? await gw.select(OWNED.capacityPlanActions, { id: planActions.id, action: planActions.action }, { where: inArray(planActions.id, ids) }) : [];
      const actionOf = new Map(actions.map((a) => [a.id, a.action]));
      return rows.map((r) => ({ ...presentSession(r), ...namesOf(r), planActions: r.planActionIds.flatMap((id) => actionOf.get(id) ?? []) }));
    }),
  };
}

export async function createMentoring(gw: Gateway, input: z.infer<typeof mentoringInput>): Promise<MentoringSession> {
  assertNotFuture(input.heldOn, 'heldOn', 'capacity.errors.heldInFuture');
  await assertCso(gw, input.organisationId);
  await assertPlanActionsOf(gw, input.organisationId, input.planActionIds, 'planActionIds');
  const isMentor = gw.actor.roles.includes('mentor');
  const row = await gw.insert(OWNED.mentoringSessions, {
    ...input,
    mentorUserId: isMentor ? gw.actor.userId : null,
    mentorName: input.mentorName || gw.actor.displayName,
    createdBy: gw.actor.userId,
  }, { changes: diff({}, { ...input, notes: undefined }) });
  return presentSession(row);
}

export async function updateMentoring(gw: Gateway, id: string, patch: z.infer<typeof mentoringPatch>): Promise<MentoringSession> {
  assertNotFuture(patch.heldOn, 'heldOn', 'capacity.errors.heldInFuture');
  const before = await gw.findForUpdate(OWNED.mentoringSessions, id);
  if (patch.planActionIds) await assertPlanActionsOf(gw, before.organisationId, patch.planActionIds, 'planActionIds');
  const { version, ...set } = patch;
  const row = await gw.update(OWNED.mentoringSessions, id, { version, set }, { changes: diff({ ...before, notes: undefined } as unknown as Record<string, unknown>, { ...set, notes: undefined }) });
  return presentSession(row);
}

export async function deleteMentoring(gw: Gateway, id: string): Promise<void> {
  await deleteRecord(gw, OWNED.mentoringSessions, sessions.id, id, (r: typeof sessions.$inferSelect) => ({
    heldOn: r.heldOn, mentorName: r.mentorName, format: r.format, durationMinutes: r.durationMinutes, participants: r.participants, topics: r.topics, planActionIds: r.planActionIds, followUps: r.followUps,
  }));
}

export async function mentoringHours(gw: Gateway, organisationId: string): Promise<{ hours: number; sessions: number }> {
  const [row] = await gw.select(OWNED.mentoringSessions, { minutes: sum(sessions.durationMinutes), n: count() }, { where: eq(sessions.organisationId, organisationId) });
  return { hours: Math.round((Number(row?.minutes ?? 0) / 60) * 10) / 10, sessions: Number(row?.n ?? 0) };
}

// ---- supervision ---------------------------------------------------------------------------

type SupervisionRow = typeof supervision.$inferSelect;

function presentSupervision(row: SupervisionRow, names: Map<string, string>): SupervisionSession {
  const { createdAt: _c, updatedAt: _u, createdBy: _b, ...rest } = row;
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return { ...rest, supervisorName: nameOf(row.supervisorUserId), superviseeName: nameOf(row.superviseeUserId) };
}
const supervisionNames = (gw: Gateway, rows: SupervisionRow[]) => currentUserNames(gw, rows.flatMap((r) => [r.supervisorUserId, r.superviseeUserId]), 'supervision_people');
type SupervisionQuery = Partial<z.infer<typeof supervisionListQuery>>;
const supervisionWhere = (q: SupervisionQuery) => periodOf(supervision.organisationId, supervision.heldOn, q);

export async function listSupervision(gw: Gateway, query: z.infer<typeof supervisionListQuery>): Promise<Page<SupervisionSession>> {
  const where = supervisionWhere(query);
  const page = await gw.page(OWNED.supervisionSessions, getTableColumns(supervision), { where, order: { key: [supervision.heldOn, supervision.id], dir: query.dir }, request: query, filter: query });
  return presentPage(page, async (rows) => {
    const names = await supervisionNames(gw, rows);
    return rows.map((r) => presentSupervision(r, names));
  });
}

export function exportSupervision(gw: Gateway, query: SupervisionQuery): ExportSource<SupervisionSession & OrganisationNames> {
  const names = organisationNames(supervision.organisationId);
  const source = gw.exportSource(OWNED.supervisionSessions, { ...getTableColumns(supervision), ...names.fields }, { where: supervisionWhere(query), joins: [names.join], key: [supervision.heldOn, supervision.id], dir: query.dir ?? 'desc', filter: query });
  return {
    count: source.count,
    batches: () => mapBatches(source.batches(), async (rows) => {
      const people = await supervisionNames(gw, rows);
      return rows.map((r) => ({ ...presentSupervision(r, people), ...namesOf(r) }));
    }),
  };
}

/**
 * Who may be picked for a CSO's supervision: its own active users (supervisors and supervisees),
 * and, as supervisors, the active users of the consortium organisations the actor reaches (a
 * mentor's own organisation; every one for programme staff). Read through the actor's scope.
 */
function supervisionPeopleWhere(organisationId: string, role: 'supervisor' | 'supervisee'): SQL {
  // The organisations as one semi-join (the CSO and the consortium ones, along organisations' kind
  // index), so users are read along users_organisation_name_idx per organisation.
  const from = role === 'supervisee' ? eq(users.organisationId, organisationId) : sql`${users.organisationId} in (select ${orgs.id} from ${orgs} where ${orgs.id} = ${organisationId} or ${orgs.kind} = 'consortium')`;
  return and(eq(users.active, true), from)!;
}

/** The users to pick from for a CSO's supervision records, own organisation first; asked by those who may record them there. */
export async function supervisionPeople(gw: Gateway, organisationId: string) {
  if (!(await gw.reaches(organisationId, 'write'))) throw notFound();
  await assertCso(gw, organisationId);
  // Along users_organisation_name_idx: by organisation, then by name.
  const rows = await gw.select(OWNED.users, { id: users.id, displayName: users.displayName, organisationId: users.organisationId }, {
    where: supervisionPeopleWhere(organisationId, 'supervisor'),
    orderBy: [users.organisationId, ...byName(users.displayName).map((c) => asc(c)), users.id],
    purpose: 'list',
    filter: { organisationId, for: 'supervision_people' },
  });
  const people = rows.map((r) => ({ ...r, ownOrganisation: r.organisationId === organisationId }));
  return [...people.filter((p) => p.ownOrganisation), ...people.filter((p) => !p.ownOrganisation)];
}

interface People {
  supervisor?: string | undefined;
  supervisorUserId?: string | null | undefined;
  supervisee?: string | undefined;
  superviseeUserId?: string | null | undefined;
}

/**
 * Checks the people of a supervision record as it will be (`before` with `set` over it): each a
 * user who may be picked, or a typed name. A picked user's name is kept as the typed name too,
 * for readers who cannot see that user (a CSO's staff do not reach the consortium's users).
 * Returns the fields to write.
 */
async function peopleOf(gw: Gateway, organisationId: string, set: People, before?: SupervisionRow): Promise<People> {
  const out: People = {};
  for (const role of ['supervisor', 'supervisee'] as const) {
    const idKey = role === 'supervisor' ? 'supervisorUserId' : 'superviseeUserId';
    const picked = set[idKey];
    const userId = picked === undefined ? (before?.[idKey] ?? null) : picked;
    const typed = set[role] ?? before?.[role] ?? '';
    if (picked !== undefined) out[idKey] = picked;
    if (set[role] !== undefined) out[role] = set[role];
    if (!userId) {
      if (!typed.trim()) throw invalidField(role, 'validation.required');
      continue;
    }
    // A user newly picked must be one who may be; one kept from before stays (deactivated since, say).
    const changed = userId !== (before?.[idKey] ?? null);
    const [user] = await gw.select(OWNED.users, { displayName: users.displayName }, {
      where: changed ? and(eq(users.id, userId), supervisionPeopleWhere(organisationId, role)) : eq(users.id, userId),
      purpose: 'check',
    });
    if (!user && changed) throw invalidField(idKey, `capacity.errors.${role}Outside`);
    if (user) out[role] = user.displayName;
  }
  return out;
}

export async function createSupervision(gw: Gateway, input: z.infer<typeof supervisionInput>): Promise<SupervisionSession> {
  assertNotFuture(input.heldOn, 'heldOn', 'capacity.errors.heldInFuture');
  await assertCso(gw, input.organisationId);
  const people = await peopleOf(gw, input.organisationId, { supervisorUserId: input.supervisorUserId ?? null, superviseeUserId: input.superviseeUserId ?? null, supervisor: input.supervisor, supervisee: input.supervisee });
  const values = { ...input, ...people, supervisor: people.supervisor ?? '', supervisee: people.supervisee ?? '' };
  const row = await gw.insert(OWNED.supervisionSessions, { ...values, createdBy: gw.actor.userId }, { changes: diff({}, { ...values, themes: undefined }) });
  return presentSupervision(row, await supervisionNames(gw, [row]));
}

export async function updateSupervision(gw: Gateway, id: string, patch: z.infer<typeof supervisionPatch>): Promise<SupervisionSession> {
  assertNotFuture(patch.heldOn, 'heldOn', 'capacity.errors.heldInFuture');
  const before = await gw.findForUpdate(OWNED.supervisionSessions, id);
  const { version, ...rest } = patch;
  const set = { ...rest, ...(await peopleOf(gw, before.organisationId, rest, before)) };
  const row = await gw.update(OWNED.supervisionSessions, id, { version, set }, { changes: diff({ ...before, themes: undefined } as unknown as Record<string, unknown>, { ...set, themes: undefined }) });
  return presentSupervision(row, await supervisionNames(gw, [row]));
}

export async function deleteSupervision(gw: Gateway, id: string): Promise<void> {
  await deleteRecord(gw, OWNED.supervisionSessions, supervision.id, id, (r: SupervisionRow) => ({
    heldOn: r.heldOn, supervisor: r.supervisor, supervisorUserId: r.supervisorUserId, supervisee: r.supervisee, superviseeUserId: r.superviseeUserId, durationMinutes: r.durationMinutes, type: r.type,
  }));
}

/** Names in the programme's order (db/name-order.ts): Georgian first, then the others. */
const georgianFirst = (name: string) => (/^[\u10D0-\u10FA\u1C90-\u1CBF]/.test(name) ? 0 : 1);

/**
 * Supervision hours of one CSO, in total and per person supervised: a picked user is one person
 * however the name was typed (and is named as they are now); without a user, the typed name is.
 */
export async function supervisionHours(gw: Gateway, query: Period) {
  if (query.organisationId) await assertCso(gw, query.organisationId);
  const typedName = sql<string | null>`case when ${supervision.superviseeUserId} is null then ${supervision.supervisee} end`;
  const rows = await gw.select(OWNED.supervisionSessions, { userId: supervision.superviseeUserId, typedName, lastName: sql<string>`max(${supervision.supervisee})`, minutes: sum(supervision.durationMinutes) }, {
    where: supervisionWhere(query),
    groupBy: [supervision.superviseeUserId, typedName],
  });
  const names = await currentUserNames(gw, rows.map((r) => r.userId), 'supervision_people');
  const bySupervisee = rows
    .map((r) => ({ supervisee: r.typedName ?? (r.userId ? names.get(r.userId) : undefined) ?? r.lastName, superviseeUserId: r.userId, hours: Math.round((Number(r.minutes ?? 0) / 60) * 10) / 10 }))
    .sort((a, b) => georgianFirst(a.supervisee) - georgianFirst(b.supervisee) || (a.supervisee < b.supervisee ? -1 : a.supervisee > b.supervisee ? 1 : 0));
  return { total: Math.round(bySupervisee.reduce((n, r) => n + r.hours, 0) * 10) / 10, bySupervisee };
}

// ---- material and infrastructure support --------------------------------------------------

function presentSupport(row: typeof support.$inferSelect): SupportItem {
  const { createdAt: _c, updatedAt: _u, createdBy: _b, ...rest } = row;
  return rest;
}
type SupportQuery = Partial<z.infer<typeof supportListQuery>>;
const supportWhere = (q: SupportQuery) => and(periodOf(support.organisationId, support.deliveredOn, q), q.category ? eq(support.category, q.category) : undefined);

// Not yet delivered sorts after every delivery date (a keyset column cannot be NULL).
const delivered = sql`coalesce(${support.deliveredOn}, 'infinity'::date)`;
function supportOrder(query: SupportQuery): KeysetOrder {
  return { key: { deliveredOn: [delivered, support.id], value: [support.value, support.id] }[query.sort ?? 'deliveredOn'], dir: query.dir ?? 'desc' };
}

export async function listSupport(gw: Gateway, query: z.infer<typeof supportListQuery>): Promise<Page<SupportItem>> {
  const where = supportWhere(query);
  const page = await gw.page(OWNED.supportItems, getTableColumns(support), { where, order: supportOrder(query), request: query, filter: query });
  return presentPage(page, (rows) => rows.map(presentSupport));
}

export function exportSupport(gw: Gateway, query: SupportQuery): ExportSource<SupportItem & OrganisationNames> {
  const names = organisationNames(support.organisationId);
  const source = gw.exportSource(OWNED.supportItems, { ...getTableColumns(support), ...names.fields }, { where: supportWhere(query), joins: [names.join], ...supportOrder(query), filter: query });
  return { count: source.count, batches: () => mapBatches(source.batches(), async (rows) => rows.map((r) => ({ ...presentSupport(r), ...namesOf(r) }))) };
}

export async function createSupport(gw: Gateway, input: z.infer<typeof supportInput>): Promise<SupportItem> {
  assertNotFuture(input.deliveredOn, 'deliveredOn', 'capacity.errors.deliveredInFuture');
  await assertCso(gw, input.organisationId);
  if (input.planActionId) await assertPlanActionsOf(gw, input.organisationId, [input.planActionId], 'planActionId');
  const row = await gw.insert(OWNED.supportItems, { ...input, createdBy: gw.actor.userId }, { changes: diff({}, input) });
  return presentSupport(row);
}

export async function deleteSupport(gw: Gateway, id: string): Promise<void> {
  await deleteRecord(gw, OWNED.supportItems, support.id, id, (r: typeof support.$inferSelect) => ({
    category: r.category, description: r.description, value: r.value, currency: r.currency, deliveredOn: r.deliveredOn, planActionId: r.planActionId, need: r.need, acceptanceDocument: r.acceptanceDocument,
  }));
}

/** Totals per category and currency (never summed across currencies), for the filters given. */
export async function supportTotals(gw: Gateway, query: SupportQuery) {
  if (query.organisationId) await assertCso(gw, query.organisationId);
  const rows = await gw.select(OWNED.supportItems, { category: support.category, currency: support.currency, total: sum(support.value), n: count() }, {
    where: supportWhere(query),
    groupBy: [support.category, support.currency],
    orderBy: [support.category, support.currency],
  });
  return rows.map((r) => ({ category: r.category, currency: r.currency, total: Math.round(Number(r.total ?? 0) * 100) / 100, count: Number(r.n) }));
}

// ---- profile -------------------------------------------------------------------------------

const EMPTY_PROFILE = {
  mission: '',
  legalForm: '',
  yearFounded: null,
  targetGroups: [],
  services: '',
  staff: { women: 0, men: 0, volunteersWomen: 0, volunteersMen: 0 },
  budgetBand: null,
  premisesAccessibility: null,
  keyDocuments: '',
  version: 0,
} satisfies Omit<Profile, 'organisationId'>;

/** A CSO's profile; one it never filled in reads as empty (version 0). */
export async function getProfile(gw: Gateway, organisationId: string): Promise<Profile> {
  await assertCso(gw, organisationId);
  const [row] = await gw.rows(OWNED.csoProfiles, { where: eq(profiles.organisationId, organisationId) });
  if (!row) return { organisationId, ...EMPTY_PROFILE };
  const { updatedAt: _u, ...rest } = row;
  return { ...rest, targetGroups: rest.targetGroups as Profile['targetGroups'] };
}

/** Saves the profile: version 0 creates it, later versions update it (409 when stale). */
export async function saveProfile(gw: Gateway, organisationId: string, input: z.infer<typeof profileInput>): Promise<Profile> {
  const before = await getProfile(gw, organisationId);
  const { version, ...set } = input;
  if (version === 0) {
    if (before.version !== 0) throw conflict();
    await gw.insert(OWNED.csoProfiles, { organisationId, ...set }, { changes: diff({}, set) });
  } else {
    await gw.update(OWNED.csoProfiles, organisationId, { version, set }, { changes: diff(before as unknown as Record<string, unknown>, set) });
  }
  return getProfile(gw, organisationId);
}

