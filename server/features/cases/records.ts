import { randomBytes, randomInt } from 'node:crypto';
import { and, arrayOverlaps, asc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lt, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Language } from '../../../common/roles';
import type { CaseRecord, PersonHistoryEntry, aggregateQuery, personHistoryQuery, personListQuery, retentionQuery, serviceListQuery } from '../../../common/schemas/cases';
import type { Page } from '../../../common/schemas/list';
import { translate } from '../../../common/i18n/translate';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import type { KeyRing } from '../../crypto/sealed';
import { inSet } from '../../access/reach';
import { hideWhatTheTotalWouldTell } from '../../access/small-cells';
import { mapBatches, type ExportSource } from '../../http/export';
import { addDays, programmeDate, programmeToday } from '../../calendar';
import { byName, bySurname } from '../../db/name-order';
import { presentPage } from '../../http/paging';
import { ageBand, getPerson, peopleFilters, presentCase, presentCases, presentReferrals, presentSession } from './queries';

const { people, cases, casePlans, caseSessions, caseReviews, caseApprovals, referrals, services, auditLog } = OWNED;

export function presentService({ createdAt: _created, updatedAt: _updated, ...service }: typeof services.table.$inferSelect) {
  return service;
}

export async function listServices(gw: Gateway, query: z.infer<typeof serviceListQuery>) {
  const where = query.organisationId ? eq(services.table.organisationId, query.organisationId) : undefined;
  const key = { nameKa: [services.table.nameKa, services.table.id], type: [services.table.type, services.table.nameKa, services.table.id] }[query.sort];
  const page = await gw.page(services, getTableColumns(services.table), { where, order: { key, dir: query.dir }, request: query });
  return presentPage(page, (rows) => rows.map(presentService));
}

/**
 * People for a spreadsheet, streamed in keyset batches along the list's index (surname, given name, id): only
 * the people whose personal data the reader sees (not those shared through a referral), with the
 * list's filters. The de-identified variant, for analysis outside the CSO, replaces identifiers
 * with random codes and shifts every date back by one random offset per export.
 */
export async function exportPeople(gw: Gateway, keys: KeyRing, query: Partial<z.infer<typeof personListQuery>>, deidentified: boolean): Promise<ExportSource<ExportPerson>> {
  // Back by 1 to 180 days, one offset per export: never forward, where a registration of the
  // last months would land in the future and tell which way (and about how far) dates moved.
  const shiftDays = -randomInt(1, 181);
  const shift = (date: string) => new Date(Date.parse(date) + shiftDays * 86_400_000).toISOString().slice(0, 10);
  const fields = {
    id: people.table.id,
    givenName: people.table.givenName,
    surname: people.table.surname,
    latinName: people.table.latinName,
    sex: people.table.sex,
    birthDate: people.table.birthDate,
    estimatedBirthYear: people.table.estimatedBirthYear,
    targetGroup: people.table.targetGroup,
    createdAt: people.table.createdAt,
  };
  const { personal } = await gw.reach();
  const rows = gw.exportSource(people, fields, {
    where: and(peopleFilters(keys, query), inSet(people.table.organisationId, personal)),
    key: [...bySurname(people.table.surname, people.table.givenName), people.table.id],
    dir: 'asc',
    filter: { q: query.q ?? null, targetGroup: query.targetGroup ?? null, deidentified },
  });
  return {
    count: rows.count,
    batches: () =>
      mapBatches(rows.batches(), async (batch) =>
        batch.map((p): ExportPerson => ({
          code: deidentified ? randomBytes(5).toString('hex').toUpperCase() : p.id,
          givenName: deidentified ? null : p.givenName,
          surname: deidentified ? null : p.surname,
          latinName: deidentified ? null : p.latinName,
          sex: p.sex,
          birthDate: deidentified && p.birthDate ? shift(p.birthDate) : p.birthDate,
          ageBand: ageBand(p.birthDate, p.estimatedBirthYear),
          targetGroup: p.targetGroup,
          registeredOn: deidentified ? shift(programmeDate(p.createdAt)) : programmeDate(p.createdAt),
        })),
      ),
  };
}
export interface ExportPerson {
  code: string;
  givenName: string | null;
  surname: string | null;
  latinName: string | null;
  sex: 'female' | 'male';
  birthDate: string | null;
  ageBand: string | null;
  targetGroup: string;
  registeredOn: string;
}

/**
 * Who viewed or changed a person's record: the audit entries about it, a page at a time along
 * `audit_log_entity_idx` (every read is audited, so a record handled for years has thousands).
 */
export async function personHistory(gw: Gateway, keys: KeyRing, id: string, query: z.infer<typeof personHistoryQuery>): Promise<Page<PersonHistoryEntry>> {
  await getPerson(gw, keys, id);
  const a = auditLog.table;
  const page = await gw.page(auditLog, { at: a.at, action: a.action, actorEmail: a.actorEmail }, {
    where: and(eq(a.entityType, 'person'), eq(a.entityId, id)),
    order: { key: [a.at, a.id], dir: query.dir },
    request: query,
    filter: { personId: id },
  });
  return presentPage(page, (rows) => rows.map((r) => ({ at: r.at.toISOString(), action: r.action, actorEmail: r.actorEmail })));
}

/** Everything held about a person that the caller's reach covers, for a subject access request. */
export async function subjectAccess(gw: Gateway, keys: KeyRing, id: string) {
  const person = await getPerson(gw, keys, id);
  const caseRows = await gw.rows(cases, { where: eq(cases.table.personId, id), purpose: 'export', filter: { personId: id } });
  const caseIds = caseRows.map((c) => c.id);
  const inCases = <C extends SQL | undefined>(c: C) => c;
  const [plans, sessions, reviews, sent] = caseIds.length
    ? await Promise.all([
        gw.rows(casePlans, { where: inCases(inArray(casePlans.table.caseId, caseIds)), purpose: 'export' }),
        gw.rows(caseSessions, { where: inArray(caseSessions.table.caseId, caseIds), purpose: 'export' }),
        gw.rows(caseReviews, { where: inArray(caseReviews.table.caseId, caseIds), purpose: 'export' }),
        gw.rows(referrals, { where: inArray(referrals.table.caseId, caseIds), purpose: 'export' }),
      ])
    : [[], [], [], []];
  await gw.audit({ action: 'subject_access', entityType: 'person', entityId: id, organisationId: person.organisationId, changes: null });
  return {
    exportedAt: new Date().toISOString(),
    person,
    cases: await presentCases(gw, caseRows),
    plans: plans.map((p) => ({ id: p.id, caseId: p.caseId, goals: p.goals, reviewOn: p.reviewOn })),
    sessions: sessions.map((s) => presentSession(keys, s)),
    reviews: reviews.map((r) => ({ id: r.id, caseId: r.caseId, reviewedOn: r.reviewedOn, scores: r.scores, notes: r.notesSealed ? keys.open(r.notesSealed) : '' })),
    referrals: await presentReferrals(gw, sent),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The subject access export as a printable page (the browser prints it to paper or PDF). */
export function printable(data: Awaited<ReturnType<typeof subjectAccess>>, lang: Language): string {
  const t = (key: string) => translate(lang, key);
  const section = (title: string, value: unknown) => `<h2>${escapeHtml(t(title))}</h2><pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(t('cases.subjectAccess.title'))}</title></head><body>
<h1>${escapeHtml(t('cases.subjectAccess.title'))}: ${escapeHtml(`${data.person.givenName ?? ''} ${data.person.surname ?? ''}`)}</h1>
<p>${escapeHtml(data.exportedAt)}</p>
${section('cases.subjectAccess.person', data.person)}${section('cases.subjectAccess.cases', data.cases)}${section('cases.subjectAccess.plans', data.plans)}${section('cases.subjectAccess.sessions', data.sessions)}${section('cases.subjectAccess.reviews', data.reviews)}${section('cases.subjectAccess.referrals', data.referrals)}
</body></html>`;
}

/** A worker's home page: open cases, plan reviews due within two weeks, overdue follow-ups. */
export async function caseload(gw: Gateway) {
  // Every open case of the worker (a caseload is tens of cases, and none may drop off the home page).
  const open = await gw.rows(cases, { where: and(eq(cases.table.caseWorkerId, gw.actor.userId), ne(cases.table.status, 'closed')), orderBy: [asc(cases.table.openedOn), asc(cases.table.id)] });
  const presented = await presentCases(gw, open);
  const nameOf = new Map(presented.map((c) => [c.id, c.personName]));
  const ids = open.map((c) => c.id);
  const today = programmeToday();
  const soon = addDays(today, 14);
  const plans = ids.length ? await gw.rows(casePlans, { where: and(inArray(casePlans.table.caseId, ids), lte(casePlans.table.reviewOn, soon)), orderBy: [asc(casePlans.table.reviewOn)], purpose: 'check' }) : [];
  const approvals = await gw.count(caseApprovals, { where: eq(caseApprovals.table.status, 'pending') });
  return {
    cases: presented,
    reviewsDue: plans.map((p) => ({ caseId: p.caseId, personName: nameOf.get(p.caseId) ?? '—', reviewOn: p.reviewOn })),
    overdueFollowUps: open.filter((c) => c.nextFollowUp && c.nextFollowUp < today).map((c) => ({ caseId: c.id, personName: nameOf.get(c.id) ?? '—', nextFollowUp: c.nextFollowUp! })),
    pendingApprovals: gw.can('cases.supervise') ? approvals : 0,
  };
}

/**
 * Closed cases older than the retention period, listed for anonymisation: the person's last case
 * closed before the period (no open or later case) and the person not erased yet. Read through
 * the people the manager sees (a case file outside their caseload stays closed to them; its
 * closing date and reason are what they approved), oldest closure first along `cases_closed_idx`.
 */
export async function retention(gw: Gateway, query: z.infer<typeof retentionQuery>): Promise<Page<CaseRecord>> {
  const before = programmeDate(new Date(Date.now() - query.years * 365.25 * 86_400_000));
  const { personal } = await gw.reach();
  const c = cases.table;
  const later = sql`exists (select 1 from ${c} as later where later.person_id = ${people.table.id} and (later.status <> 'closed' or later.closed_on >= ${before}))`;
  const where = and(inSet(c.organisationId, personal), eq(c.status, 'closed'), isNotNull(c.closedOn), lt(c.closedOn, before), isNull(people.table.erasedAt), sql`not ${later}`);
  const joins = [{ table: c, on: and(eq(c.personId, people.table.id), eq(c.organisationId, people.table.organisationId))! }];
  const fields = { case: c, givenName: people.table.givenName, surname: people.table.surname };
  const page = await gw.page(people, fields, { where, joins, order: { key: [c.closedOn, c.id], dir: query.dir }, request: query, filter: { retentionYears: query.years } });
  return presentPage(page, (rows) => rows.map((r) => presentCase(r.case, `${r.givenName} ${r.surname}`)));
}

/** Who a referral may go to (and, for a receiver, whom it came from): every other active CSO and city hall, names only. */
export async function referralTargets(gw: Gateway) {
  return (await gw.directory(['cso', 'municipality'])).map((o) => ({ ...o, kind: o.kind as 'cso' | 'municipality' }));
}

/**
 * The caller's organisation's case workers and managers (goal owners, session staff): all of them,
 * unpaged, since one organisation's active staff is a short list (names only).
 */
export async function staff(gw: Gateway) {
  const { users } = OWNED;
  return gw.select(users, { id: users.table.id, displayName: users.table.displayName }, {
    where: and(eq(users.table.organisationId, gw.actor.organisationId), eq(users.table.active, true), arrayOverlaps(users.table.roles, ['case_worker', 'cso_manager'])),
    orderBy: [...byName(users.table.displayName).map((c) => asc(c)), users.table.id],
    purpose: 'list',
  });
}

/** Cells under this are suppressed for anyone outside the CSO. */
export const SMALL_CELL = 5;

/** The age bands of the figures, youngest first. */
export const AGE_BANDS = ['0-5', '6-17', '18-29', '30-64', '65+'] as const;
type AgeBand = (typeof AGE_BANDS)[number];

/** People served and sessions delivered per organisation and group; small cells suppressed outside the CSO. */
export async function aggregates(gw: Gateway, query: z.infer<typeof aggregateQuery>) {
  const band = sql`case when coalesce(extract(year from ${people.table.birthDate})::int, ${people.table.estimatedBirthYear}) is null then null
    when extract(year from now())::int - coalesce(extract(year from ${people.table.birthDate})::int, ${people.table.estimatedBirthYear}) < 6 then '0-5'
    when extract(year from now())::int - coalesce(extract(year from ${people.table.birthDate})::int, ${people.table.estimatedBirthYear}) < 18 then '6-17'
    when extract(year from now())::int - coalesce(extract(year from ${people.table.birthDate})::int, ${people.table.estimatedBirthYear}) < 30 then '18-29'
    when extract(year from now())::int - coalesce(extract(year from ${people.table.birthDate})::int, ${people.table.estimatedBirthYear}) < 65 then '30-64' else '65+' end`;
  const personGroup: Record<Exclude<typeof query.by, 'serviceType'>, SQL> = {
    sex: sql`${people.table.sex}`,
    ageBand: band,
    disability: sql`${people.table.disability}::text`,
    targetGroup: sql`${people.table.targetGroup}`,
    municipality: sql`${people.table.municipalityId}::text`,
  };
  const period = and(query.from ? gte(caseSessions.table.heldOn, query.from) : undefined, query.to ? lte(caseSessions.table.heldOn, query.to) : undefined);
  const sessionJoins = [
    { table: cases.table, on: eq(cases.table.id, caseSessions.table.caseId) },
    { table: people.table, on: eq(people.table.id, cases.table.personId) },
    { table: services.table, on: eq(services.table.id, caseSessions.table.serviceId) },
  ];
  const group = query.by === 'serviceType' ? sql`${services.table.type}` : personGroup[query.by];
  const [served, delivered] = await Promise.all([
    gw.tally(caseSessions, group, { joins: sessionJoins, where: period, distinct: people.table.id }),
    gw.tally(caseSessions, group, { joins: sessionJoins, where: period }),
  ]);
  const reach = await gw.reach();
  const key = (r: { organisationId: string; group: string | null }) => `${r.organisationId}|${r.group ?? ''}`;
  const sessionsBy = new Map(delivered.map((r) => [key(r), r.n]));
  const inside = (organisationId: string) => reach.personal.all || reach.personal.ids.includes(organisationId);
  const rows = served.map((r) => {
    const small = !inside(r.organisationId) && r.n < SMALL_CELL;
    const sessions = sessionsBy.get(key(r)) ?? 0;
    return { organisationId: r.organisationId, group: r.group, people: small ? null : r.n, sessions: small || (!inside(r.organisationId) && sessions < SMALL_CELL) ? null : sessions, suppressed: false };
  });
  // Groups in their natural order (age bands by age, not as text: "6-17" after "0-5"), "not recorded" last.
  const rank = (group: string | null) => (group === null ? Number.MAX_SAFE_INTEGER : query.by === 'ageBand' ? AGE_BANDS.indexOf(group as AgeBand) : 0);
  rows.sort((a, b) => a.organisationId.localeCompare(b.organisationId) || rank(a.group) - rank(b.group) || (a.group ?? '').localeCompare(b.group ?? ''));
  // Each organisation's total: the people counted once however many groups they fall in (a
  // person may use several services), the same whichever grouping is asked for. Outside the CSO
  // a total under five is hidden.
  const all = sql`'all'::text`;
  const [servedAll, deliveredAll] = await Promise.all([
    gw.tally(caseSessions, all, { joins: sessionJoins, where: period, distinct: people.table.id }),
    gw.tally(caseSessions, all, { joins: sessionJoins, where: period }),
  ]);
  const sessionsOf = new Map(deliveredAll.map((r) => [r.organisationId, r.n]));
  const totals = servedAll
    .map((r) => {
      const sessions = sessionsOf.get(r.organisationId) ?? 0;
      const outside = !inside(r.organisationId);
      const people = outside && r.n < SMALL_CELL ? null : r.n;
      return { organisationId: r.organisationId, people, sessions: outside && sessions < SMALL_CELL ? null : sessions, suppressed: false };
    })
    .sort((a, b) => a.organisationId.localeCompare(b.organisationId));
  for (const total of totals) {
    if (inside(total.organisationId)) continue;
    const groups = rows.filter((r) => r.organisationId === total.organisationId);
    for (const column of ['people', 'sessions'] as const) hideWhatTheTotalWouldTell(groups, total, column);
  }
  for (const figure of [...rows, ...totals]) figure.suppressed = figure.people === null || figure.sessions === null;
  return { by: query.by, rows, totals };
}

/** A line of the figures as a file: a group of one organisation, or (`group` undefined) its total. */
export interface AggregateLine {
  by: z.infer<typeof aggregateQuery>['by'];
  organisation: { ka: string; en: string };
  /** The group's value as the figures give it (null: not recorded); undefined on the total line. */
  group?: string | null;
  /** A municipality group's name, for `by=municipality`. */
  place?: { ka: string; en: string };
  people: number | null;
  sessions: number | null;
  /** Some figure of the line is hidden (under five, outside the CSO), as on the page. */
  hidden: boolean;
}

/**
 * The figures as the page shows them, each organisation's groups followed by its total, with the
 * organisations' and places' names in both languages. An aggregate of at most a few hundred lines
 * (organisations reached × groups): computed whole, never cut.
 */
export async function aggregateLines(gw: Gateway, query: z.infer<typeof aggregateQuery>): Promise<AggregateLine[]> {
  const figures = await aggregates(gw, query);
  const orgIds = [...new Set(figures.totals.map((t) => t.organisationId))];
  const placeIds = query.by === 'municipality' ? [...new Set(figures.rows.flatMap((r) => (r.group ? [r.group] : [])))] : [];
  const orgs = OWNED.organisations.table;
  const places = PROGRAMME.municipalities;
  const [orgNames, placeNames] = await Promise.all([
    orgIds.length ? gw.select(OWNED.organisations, { id: orgs.id, ka: orgs.nameKa, en: orgs.nameEn }, { where: inArray(orgs.id, orgIds), purpose: 'check' }) : [],
    placeIds.length ? gw.programme.select({ id: places.id, ka: places.nameKa, en: places.nameEn }).from(places).where(inArray(places.id, placeIds)) : [],
  ]);
  const orgName = new Map(orgNames.map((o) => [o.id, { ka: o.ka, en: o.en }]));
  const placeName = new Map(placeNames.map((p) => [p.id, { ka: p.ka, en: p.en }]));
  const unnamed = { ka: '—', en: '—' };
  return figures.totals.flatMap((total) => {
    const organisation = orgName.get(total.organisationId) ?? unnamed;
    const groups = figures.rows
      .filter((r) => r.organisationId === total.organisationId)
      .map((r): AggregateLine => ({
        by: query.by,
        organisation,
        group: r.group,
        ...(r.group && placeName.has(r.group) ? { place: placeName.get(r.group)! } : {}),
        people: r.people,
        sessions: r.sessions,
        hidden: r.people === null || r.sessions === null,
      }));
    return [...groups, { by: query.by, organisation, people: total.people, sessions: total.sessions, hidden: total.suppressed }];
  });
}
