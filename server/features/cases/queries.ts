import { and, desc, eq, getTableColumns, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Page } from '../../../common/schemas/list';
import {
  type CaseRecord,
  type Person,
  type PersonSummary,
  type Referral,
  type ReferralStatus,
  type SharedField,
  type approval,
  type caseListQuery,
  type personListQuery,
  type plan,
  type review,
  type session,
  caseSessionsQuery,
} from '../../../common/schemas/cases';
import { foldName } from '../../../common/transliterate';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { bySurname } from '../../db/name-order';
import { likePattern, presentPage, type KeysetOrder, type PageRequest } from '../../http/paging';
import { notFound } from '../../http/problem';
import { inSet } from '../../access/reach';
import type { KeyRing } from '../../crypto/sealed';

const { people, consents, cases, casePlans, caseSessions, caseReviews, caseApprovals, referrals, referralDecisions } = OWNED;
type PersonRow = typeof people.table.$inferSelect;
type ReferralRow = typeof referrals.table.$inferSelect;

/** Age bands the results framework counts by. */
export function ageBand(birthDate: string | null, estimatedBirthYear: number | null, today = new Date()): string | null {
  const year = birthDate ? Number(birthDate.slice(0, 4)) : estimatedBirthYear;
  if (!year) return null;
  const age = today.getUTCFullYear() - year;
  return age < 6 ? '0-5' : age < 18 ? '6-17' : age < 30 ? '18-29' : age < 65 ? '30-64' : '65+';
}

/** A person as a list shows them: names only where the reader sees the serving CSO's personal data. */
function summary(row: PersonRow, shows: (field: SharedField) => boolean): PersonSummary {
  const erased = !!row.erasedAt;
  return {
    id: row.id,
    organisationId: row.organisationId,
    givenName: shows('name') && !erased ? row.givenName : null,
    surname: shows('name') && !erased ? row.surname : null,
    latinName: shows('name') && !erased ? row.latinName : null,
    sex: shows('sex') ? row.sex : null,
    birthDate: shows('birthDate') ? row.birthDate : null,
    estimatedAge: shows('birthDate') && !row.birthDate && row.estimatedBirthYear !== null ? new Date().getUTCFullYear() - row.estimatedBirthYear : null,
    // The band is the birth date in other words: shown only with it.
    ageBand: shows('birthDate') ? ageBand(row.birthDate, row.estimatedBirthYear) : null,
    erased,
  };
}

type View = { view: 'full' | 'referral'; fields: Set<SharedField> };
const FULL_VIEW: View = { view: 'full', fields: new Set(['name', 'sex', 'birthDate', 'contacts', 'address', 'accessibility', 'disability']) };

/**
 * What the reader may see of each person: everything at the serving CSO, the agreed subset of
 * the referrals it accepted. Two queries for the whole batch, and none when every person is the
 * reader's own CSO's; a person without a view is left out of the map.
 */
async function sharedWith(gw: Gateway, rows: PersonRow[]): Promise<Map<string, View>> {
  const views = new Map<string, View>();
  const others: PersonRow[] = [];
  for (const row of rows) {
    if (await gw.sees('personal', row.organisationId)) views.set(row.id, FULL_VIEW);
    else others.push(row);
  }
  if (!others.length) return views;
  const received = await gw.rows(referrals, { where: and(inArray(referrals.table.personId, others.map((r) => r.id)), eq(referrals.table.toOrganisationId, gw.actor.organisationId)), purpose: 'check' });
  const statuses = await referralStatuses(gw, received);
  for (const r of received) {
    if (statuses.get(r.id)?.status !== 'accepted') continue;
    const view = views.get(r.personId) ?? { view: 'referral', fields: new Set<SharedField>() };
    for (const f of r.sharedFields) view.fields.add(f);
    views.set(r.personId, view);
  }
  return views;
}

/**
 * In SQL, the people the reader has a view of: those of an organisation whose personal data it
 * sees, and those of a referral it accepted (not revoked, its latest answer "accepted").
 */
async function withView(gw: Gateway, query: Partial<z.infer<typeof personListQuery>>): Promise<SQL> {
  const { personal } = await gw.reach();
  const latest = sql`(select ${referralDecisions.table.decision} from ${referralDecisions.table} where ${referralDecisions.table.referralId} = ${referrals.table.id} order by ${referralDecisions.table.createdAt} desc limit 1)`;
  // A receiver filters only by what the referral shares: by name when the name is shared; never by
  // the personal number or the target group (never shared), which would otherwise reveal them.
  const byNumber = !!query.q && personalNumberIn(query.q) !== undefined;
  const searchable = query.targetGroup || byNumber ? sql`false` : query.q ? sql`${referrals.table.sharedFields} @> '["name"]'::jsonb` : sql`true`;
  const accepted = sql`exists (select 1 from ${referrals.table} where ${referrals.table.personId} = ${people.table.id} and ${referrals.table.toOrganisationId} = ${gw.actor.organisationId} and ${referrals.table.revokedAt} is null and ${latest} = 'accepted' and ${searchable})`;
  return or(inSet(people.table.organisationId, personal), accepted)!;
}

export async function presentPerson(gw: Gateway, keys: KeyRing, row: PersonRow): Promise<Person> {
  const shared = (await sharedWith(gw, [row])).get(row.id);
  // Reaching the row without any view of it (a grant whose referral ended) answers like absence.
  if (!shared) throw notFound();
  const shows = (f: SharedField) => shared.fields.has(f);
  const full = shared.view === 'full';
  const consentRows = full ? await gw.rows(consents, { where: eq(consents.table.personId, row.id), orderBy: [desc(consents.table.createdAt)] }) : [];
  return {
    ...summary(row, shows),
    version: row.version,
    view: shared.view,
    personalNumber: full && row.personalNumberSealed ? keys.open(row.personalNumberSealed) : null,
    municipalityId: full ? row.municipalityId : null,
    address: shows('address') ? row.address : null,
    phone: shows('contacts') ? row.phone : null,
    language: full ? row.language : null,
    accessibilityNeeds: shows('accessibility') ? row.accessibilityNeeds : null,
    targetGroup: full ? row.targetGroup : null,
    disability: shows('disability') ? row.disability : null,
    disabilityScreening: full && row.disabilityScreeningId ? { responseId: row.disabilityScreeningId, instrumentCode: row.disabilityInstrument ?? '' } : null,
    representativeId: full ? row.representativeId : null,
    consents: consentRows.map((c) => ({
      id: c.id,
      givenBy: c.givenBy,
      representativeName: c.representativeName,
      givenOn: c.givenOn,
      processing: c.processing,
      referralSharing: c.referralSharing,
      photos: c.photos,
      formReference: c.formReference,
      withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
    })),
    hasProcessingConsent: consentRows.some((c) => c.processing && !c.withdrawnAt),
  };
}

/** One person, audited as a read; 404 outside the serving CSO and live referrals. */
export async function getPerson(gw: Gateway, keys: KeyRing, id: string): Promise<Person> {
  return presentPerson(gw, keys, await gw.find(people, id));
}

/** A search for a personal number (11 digits, spaces allowed): its digits; otherwise undefined (a name). */
function personalNumberIn(q: string): string | undefined {
  const digits = q.replace(/\s/g, '');
  return /^\d{11}$/.test(digits) ? digits : undefined;
}

/** The search condition: Georgian or Latin spelling (folded, with trigram similarity), or the exact personal number. */
export function personSearch(keys: KeyRing, q: string | undefined): SQL | undefined {
  if (!q) return undefined;
  const digits = personalNumberIn(q);
  if (digits) return eq(people.table.personalNumberIndex, keys.blindIndex(digits));
  const folded = foldName(q);
  if (!folded) return undefined;
  return or(ilike(people.table.searchKey, likePattern(folded)), sql`similarity(${people.table.searchKey}, ${folded}) > 0.35`);
}

/**
 * On a name search, the people whose whole name is the one searched for ("ნინო ბერიძე", or
 * "ბერიძე ნინო", in either script) come before the near matches, then the list's own order: the
 * rank is the first key of the keyset, in the list's direction. Undefined when there is no name search.
 */
function wholeNameFirst(q: string | undefined, dir: 'asc' | 'desc'): SQL | undefined {
  if (!q || personalNumberIn(q)) return undefined;
  const folded = foldName(q);
  if (!folded) return undefined;
  const reversed = folded.split(' ').reverse().join(' ');
  const [whole, near] = dir === 'asc' ? ['0', '1'] : ['1', '0'];
  return sql`(case when ${people.table.searchKey} in (${folded}, ${reversed}) then ${sql.raw(whole)} else ${sql.raw(near)} end)`;
}

/** The list's filters, all in SQL (so a page is always full): not erased, the search, organisation, target group. */
export function peopleFilters(keys: KeyRing, query: Partial<z.infer<typeof personListQuery>>): SQL | undefined {
  return and(
    isNull(people.table.erasedAt),
    personSearch(keys, query.q),
    query.organisationId ? eq(people.table.organisationId, query.organisationId) : undefined,
    query.targetGroup ? eq(people.table.targetGroup, query.targetGroup) : undefined,
  );
}

/** One page of people: the filters and the reader's view in SQL before paging; what each row shows decided for the page at once. */
export async function listPeople(gw: Gateway, keys: KeyRing, query: z.infer<typeof personListQuery>): Promise<Page<PersonSummary>> {
  const where = and(peopleFilters(keys, query), await withView(gw, query));
  // Erased people are not listed, so the surname is never NULL here.
  const order = { surname: [...bySurname(people.table.surname, people.table.givenName), people.table.id], createdAt: [people.table.createdAt, people.table.id] }[query.sort];
  const rank = wholeNameFirst(query.q, query.dir);
  const key = rank ? [rank, ...order] : order;
  const page = await gw.page(people, getTableColumns(people.table), { where, order: { key, dir: query.dir }, request: query, filter: { q: query.q ?? null, targetGroup: query.targetGroup ?? null } });
  return presentPage(page, (rows) => presentSummaries(gw, rows));
}

/** People as lists show them, the whole batch at once (see `sharedWith`). */
export async function presentSummaries(gw: Gateway, rows: PersonRow[]): Promise<PersonSummary[]> {
  const views = await sharedWith(gw, rows);
  return rows.flatMap((row) => {
    const shared = views.get(row.id);
    return shared ? [summary(row, (f) => shared.fields.has(f))] : [];
  });
}

// ---- cases --------------------------------------------------------------------------------

export async function presentCases(gw: Gateway, rows: (typeof cases.table.$inferSelect)[]): Promise<CaseRecord[]> {
  const ids = [...new Set(rows.map((r) => r.personId))];
  const names = ids.length
    ? await gw.select(people, { id: people.table.id, givenName: people.table.givenName, surname: people.table.surname, erasedAt: people.table.erasedAt }, { where: inArray(people.table.id, ids), purpose: 'check' })
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.erasedAt ? '—' : `${n.givenName} ${n.surname}`]));
  return rows.map((r) => presentCase(r, nameOf.get(r.personId) ?? '—'));
}

/** A case as lists show it, with the person's name (read by the caller). */
export function presentCase(r: typeof cases.table.$inferSelect, personName: string): CaseRecord {
  return {
    id: r.id,
    organisationId: r.organisationId,
    personId: r.personId,
    personName,
    caseWorkerId: r.caseWorkerId,
    status: r.status,
    closureReason: r.closureReason,
    openedOn: r.openedOn,
    closedOn: r.closedOn,
    nextFollowUp: r.nextFollowUp,
    version: r.version,
  };
}

export async function listCases(gw: Gateway, query: z.infer<typeof caseListQuery>): Promise<Page<CaseRecord>> {
  const where = and(query.status ? eq(cases.table.status, query.status) : undefined, query.personId ? eq(cases.table.personId, query.personId) : undefined);
  const key = { openedOn: [cases.table.openedOn, cases.table.id], status: [cases.table.status, cases.table.openedOn, cases.table.id] }[query.sort];
  const page = await gw.page(cases, getTableColumns(cases.table), { where, order: { key, dir: query.dir }, request: query, filter: { status: query.status ?? null } });
  return presentPage(page, (rows) => presentCases(gw, rows));
}

type PlanOut = z.infer<typeof plan>;
type SessionOut = z.infer<typeof session>;
type ReviewOut = z.infer<typeof review>;
type ApprovalOut = z.infer<typeof approval>;

export function presentApproval(a: typeof caseApprovals.table.$inferSelect): ApprovalOut {
  return { id: a.id, caseId: a.caseId, kind: a.kind, planId: a.planId, closureReason: a.closureReason, status: a.status, requestedBy: a.requestedBy, decidedBy: a.decidedBy, comment: a.comment, version: a.version };
}

export function presentSession(keys: KeyRing, s: typeof caseSessions.table.$inferSelect): SessionOut {
  return { id: s.id, caseId: s.caseId, kind: s.kind, heldOn: s.heldOn, minutes: s.minutes, serviceId: s.serviceId, attended: s.attended, staffId: s.staffId, notes: s.notesSealed ? keys.open(s.notesSealed) : '', version: s.version };
}

/** A case's sessions, newest first, a page at a time along `case_sessions_case_held_idx`. */
export async function sessionsOfCase(gw: Gateway, keys: KeyRing, caseId: string, query: z.infer<typeof caseSessionsQuery>): Promise<Page<SessionOut>> {
  const s = caseSessions.table;
  const page = await gw.page(caseSessions, getTableColumns(s), { where: eq(s.caseId, caseId), order: { key: [s.heldOn, s.id], dir: query.dir }, request: query, filter: { caseId } });
  return presentPage(page, (rows) => rows.map((row) => presentSession(keys, row)));
}

/** `GET /cases/:id/sessions`: the case's sessions past the file's first page; 404 like the case. */
export async function sessionsPage(gw: Gateway, keys: KeyRing, caseId: string, query: z.infer<typeof caseSessionsQuery>): Promise<Page<SessionOut>> {
  await gw.find(cases, caseId);
  return sessionsOfCase(gw, keys, caseId, query);
}

/**
 * The case file as its worker (or a break-glass reader) sees it: everything about the case, with
 * its newest sessions (a long case holds hundreds; the rest page by `sessionsPage`).
 */
export async function caseFile(gw: Gateway, keys: KeyRing, id: string, assessments: { id: string; status: string; instrumentId: string }[]) {
  const row = await gw.find(cases, id);
  const [record] = await presentCases(gw, [row]);
  const byCase = <T extends { caseId: unknown }>(t: T) => eq(t.caseId as never, id);
  const [plans, sessions, reviews, approvals, sent] = await Promise.all([
    gw.rows(casePlans, { where: byCase(casePlans.table), orderBy: [desc(casePlans.table.createdAt)] }),
    sessionsOfCase(gw, keys, id, caseSessionsQuery.parse({})),
    gw.rows(caseReviews, { where: byCase(caseReviews.table), orderBy: [desc(caseReviews.table.reviewedOn)] }),
    gw.rows(caseApprovals, { where: byCase(caseApprovals.table), orderBy: [desc(caseApprovals.table.createdAt)] }),
    gw.rows(referrals, { where: byCase(referrals.table), orderBy: [desc(referrals.table.createdAt)] }),
  ]);
  const planApproval = (planId: string): PlanOut['approval'] => approvals.find((a) => a.planId === planId)?.status ?? 'none';
  return {
    case: record!,
    plans: plans.map((p) => ({ id: p.id, caseId: p.caseId, goals: p.goals, reviewOn: p.reviewOn, approval: planApproval(p.id), version: p.version })),
    sessions,
    reviews: reviews.map((r): ReviewOut => ({ id: r.id, caseId: r.caseId, reviewedOn: r.reviewedOn, scores: r.scores, notes: r.notesSealed ? keys.open(r.notesSealed) : '', version: r.version })),
    approvals: approvals.map(presentApproval),
    referrals: await presentReferrals(gw, sent),
    assessments,
  };
}

// ---- referrals ----------------------------------------------------------------------------

/** A referral's status: revoked by the sender, else the receiver's latest answer, else pending. */
export async function referralStatuses(gw: Gateway, rows: ReferralRow[]): Promise<Map<string, { status: ReferralStatus; reason: string }>> {
  const ids = rows.map((r) => r.id);
  const decisions = ids.length
    ? await gw.rows(referralDecisions, { where: inArray(referralDecisions.table.referralId, ids), orderBy: [desc(referralDecisions.table.createdAt)] })
    : [];
  const statuses = new Map<string, { status: ReferralStatus; reason: string }>();
  for (const r of rows) {
    const latest = decisions.find((d) => d.referralId === r.id);
    statuses.set(r.id, r.revokedAt ? { status: 'revoked', reason: '' } : latest ? { status: latest.decision, reason: latest.reason } : { status: 'pending', reason: '' });
  }
  return statuses;
}

export async function presentReferrals(gw: Gateway, rows: ReferralRow[]): Promise<Referral[]> {
  const statuses = await referralStatuses(gw, rows);
  return rows.map((r) => ({
    id: r.id,
    organisationId: r.organisationId,
    toOrganisationId: r.toOrganisationId,
    caseId: r.caseId,
    personId: r.personId,
    reason: r.reason,
    urgency: r.urgency,
    sharedFields: r.sharedFields,
    status: statuses.get(r.id)!.status,
    decisionReason: statuses.get(r.id)!.reason,
    direction: r.organisationId === gw.actor.organisationId ? 'sent' : 'received',
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function getReferral(gw: Gateway, id: string): Promise<Referral> {
  const [out] = await presentReferrals(gw, [await gw.find(referrals, id)]);
  return out!;
}

export async function listReferrals(gw: Gateway, query: PageRequest & { direction?: 'sent' | 'received' | undefined }): Promise<Page<Referral>> {
  const where = query.direction === 'sent' ? eq(referrals.table.organisationId, gw.actor.organisationId) : query.direction === 'received' ? eq(referrals.table.toOrganisationId, gw.actor.organisationId) : undefined;
  const order: KeysetOrder = { key: [referrals.table.createdAt, referrals.table.id], dir: 'desc' };
  const page = await gw.page(referrals, getTableColumns(referrals.table), { where, order, request: query, filter: { direction: query.direction ?? null } });
  return presentPage(page, (rows) => presentReferrals(gw, rows));
}
