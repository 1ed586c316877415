import { and, eq, ilike, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { Page } from '../../../common/schemas/list';
import { wgDisability, type Staff, type StaffLogin, type selfInput, type staffInput, type staffListQuery, type staffPatch } from '../../../common/schemas/learning';
import type { Gateway } from '../../access/gateway';
import { LEARNER_PROGRESS_ROLES } from '../../access/policy';
import { setHas } from '../../access/reach';
import { OWNED } from '../../access/registry';
import type { ExportSource } from '../../http/export';
import { auditedExport } from './exports';
import { HttpProblem, invalidField, notFound } from '../../http/problem';
import { bySurname } from '../../db/name-order';
import { likePattern, presentPage } from '../../http/paging';

const { learningStaff: staff, organisations } = OWNED;
type StaffRow = typeof staff.table.$inferSelect;

const withOrganisation = [{ table: organisations.table, on: eq(organisations.table.id, staff.table.organisationId) }];
const fields = { row: staff.table, organisationNameKa: organisations.table.nameKa, organisationNameEn: organisations.table.nameEn };

type Listed = { row: StaffRow; organisationNameKa: string; organisationNameEn: string };

/**
 * The presenter of staff rows for this reader. Disability answers are for the person, their CSO's
 * managers and programme staff only; the reader's reach is resolved once (per request), so a page
 * of rows is presented without a query per row.
 */
export async function staffPresenter(gw: Gateway): Promise<(r: Listed) => Staff> {
  const follows = gw.actor.roles.some((r) => LEARNER_PROGRESS_ROLES.includes(r));
  const participant = follows ? (await gw.reach()).participant : null;
  return ({ row, organisationNameKa, organisationNameEn }) => {
    const personal = row.userId === gw.actor.userId || (participant !== null && setHas(participant, row.organisationId));
    return {
      id: row.id,
      organisationId: row.organisationId,
      organisationNameKa,
      organisationNameEn,
      givenName: row.givenName,
      surname: row.surname,
      sex: row.sex,
      birthYear: row.birthYear,
      position: row.position,
      email: row.email,
      phone: row.phone,
      wg: personal ? row.wg : null,
      disability: personal ? row.disability : null,
      userId: row.userId,
      version: row.version,
    };
  };
}

async function presentStaff(gw: Gateway, r: Listed): Promise<Staff> {
  return (await staffPresenter(gw))(r);
}

export function staffWhere(query: Partial<z.infer<typeof staffListQuery>>) {
  const term = query.q ? likePattern(query.q) : undefined;
  return and(
    query.organisationId ? eq(staff.table.organisationId, query.organisationId) : undefined,
    term ? or(ilike(staff.table.surname, term), ilike(staff.table.givenName, term), ilike(staff.table.position, term)) : undefined,
  );
}

export async function listStaff(gw: Gateway, query: z.infer<typeof staffListQuery>): Promise<Page<Staff>> {
  const where = staffWhere(query);
  const key = { surname: [...bySurname(staff.table.surname, staff.table.givenName), staff.table.id], createdAt: [staff.table.createdAt, staff.table.id] }[query.sort];
  const page = await gw.page(staff, fields, { where, joins: withOrganisation, countJoins: [], order: { key, dir: query.dir }, request: query, filter: query });
  const present = await staffPresenter(gw);
  return presentPage(page, (rows) => rows.map(present));
}

/** Every register entry the reader reaches, in the list's order (surname), streamed in keyset batches; recorded as an export. */
export function exportStaff(gw: Gateway, query: Partial<z.infer<typeof staffListQuery>>): ExportSource<Staff> {
  const filter = { q: query.q ?? null, organisationId: query.organisationId ?? null };
  const source = gw.exportSource(staff, fields, { where: staffWhere(query), joins: withOrganisation, key: [...bySurname(staff.table.surname, staff.table.givenName), staff.table.id], dir: 'asc', filter });
  let present: ((r: Listed) => Staff) | undefined;
  return auditedExport(gw, 'learning_staff', filter, source, async (rows) => rows.map((present ??= await staffPresenter(gw))));
}

export async function getStaff(gw: Gateway, id: string): Promise<Staff> {
  return presentStaff(gw, await gw.findFields(staff, id, fields, withOrganisation));
}

/** The staff record linked to the caller's login, if any. */
export async function ownStaff(gw: Gateway): Promise<Staff | null> {
  const [row] = await gw.select(staff, fields, { where: eq(staff.table.userId, gw.actor.userId), joins: withOrganisation, limit: 1 });
  return row ? presentStaff(gw, row) : null;
}

function references<T>(work: () => Promise<T>): Promise<T> {
  return work().catch((error: unknown) => {
    for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
      if (e.code === '23505') throw invalidField('userId', 'learning.errors.userLinked');
      if (e.code === '23503') throw invalidField('organisationId', 'learning.errors.unknownReference');
    }
    throw error;
  });
}

/**
 * A login can only be linked to a register entry of the organisation it belongs to, and only while
 * it is active (the list of logins to link offers no other); anything else answers as unknown.
 */
async function checkLinkable(gw: Gateway, userId: string | null | undefined, organisationId: string): Promise<void> {
  if (!userId) return;
  const [user] = await gw.select(OWNED.users, { organisationId: OWNED.users.table.organisationId, active: OWNED.users.table.active }, { where: eq(OWNED.users.table.id, userId), purpose: 'check' });
  if (!user || user.organisationId !== organisationId || !user.active) throw invalidField('userId', 'learning.errors.unknownReference');
}

export async function createStaff(gw: Gateway, input: z.infer<typeof staffInput>): Promise<Staff> {
  await checkLinkable(gw, input.userId, input.organisationId);
  const row = await references(() => gw.insert(staff, { ...input, disability: wgDisability(input.wg) }));
  return getStaff(gw, row.id);
}

export async function updateStaff(gw: Gateway, id: string, patch: z.infer<typeof staffPatch>): Promise<Staff> {
  const { version, ...set } = patch;
  const before = await gw.findForUpdate(staff, id);
  const relinked = set.userId !== undefined && set.userId !== before.userId;
  if (relinked) await checkLinkable(gw, set.userId, before.organisationId);
  // Who the entry belongs to is audited; the rest (disability answers among it) is not copied into the log.
  const changes = relinked ? { userId: { from: before.userId, to: set.userId } } : undefined;
  await references(() => gw.update(staff, id, { version, set: { ...set, ...(set.wg !== undefined ? { disability: wgDisability(set.wg) } : {}) } }, { changes }));
  return getStaff(gw, id);
}

/** Names compared as people write them: case and surrounding spaces do not matter. */
const sameText = (column: AnyPgColumn, value: string) => sql`lower(btrim(${column})) = lower(btrim(${value}))`;

/**
 * A signed-in person registers themselves (their organisation, linked to their login); once.
 *
 * A manager may already have put them in the register, unlinked: a second entry would split their
 * enrolments and certificates. Only unlinked entries of the caller's own organisation are looked at
 * (never another organisation's, whatever the caller reaches: an administrator's or mentor's scope
 * is wider than the organisation they work at), and nothing about an entry is ever returned unless
 * it becomes the caller's own:
 *
 * - An entry with the login's email (which an administrator sets and the person cannot change)
 *   and the name the person gives is theirs: it is linked to the login (200), and the answers the
 *   person gave fill only what the entry leaves empty. Two facts must agree, so an entry with a
 *   mistyped email (a colleague's) does not hand the colleague its learning and disability answers.
 * - An entry with the login's email but another name, several such entries, or an entry with no
 *   email and the same name: the entry may well be theirs, but not surely. Nothing is created; a
 *   409 says that a manager must link the entry to the login (Staff register → Edit → Login). A
 *   wrong link would show one person another's disability answers and results, a duplicate splits
 *   their learning; a manager, who sees both, decides. (A namesake with no entry is then added by
 *   the manager, already linked.)
 *
 * Returns whether a new entry was created.
 */
export async function registerSelf(gw: Gateway, input: z.infer<typeof selfInput>): Promise<{ created: boolean; staff: Staff }> {
  return gw.transaction(async (tx) => {
    if (await ownStaff(tx)) throw invalidField('userId', 'learning.errors.userLinked');
    const unlinkedHere = and(eq(staff.table.organisationId, tx.actor.organisationId), isNull(staff.table.userId));
    const email = tx.actor.email.trim();
    const named = and(sameText(staff.table.givenName, input.givenName), sameText(staff.table.surname, input.surname))!;
    const byEmail = email ? await tx.selectForUpdate(staff, { id: staff.table.id, named: sql<boolean>`${named}` }, { where: and(unlinkedHere, sameText(staff.table.email, email)) }) : [];
    const [only] = byEmail;
    if (byEmail.length === 1 && only?.named) {
      const entry = await tx.findForUpdate(staff, only.id);
      // Linked meanwhile (a manager, since the row was read): theirs to decide, never overwritten.
      if (entry.userId !== null) throw new HttpProblem('conflict', [], 'learning.errors.askToLink');
      const wg = entry.wg ?? input.wg;
      const set = { userId: tx.actor.userId, birthYear: entry.birthYear ?? input.birthYear, position: entry.position || input.position, wg, disability: wgDisability(wg) };
      await references(() => tx.update(staff, entry.id, { version: entry.version, set }, { changes: { userId: { from: null, to: tx.actor.userId } } }));
      return { created: false, staff: await getStaff(tx, entry.id) };
    }
    const sameNameNoEmail = byEmail.length
      ? []
      : await tx.selectForUpdate(staff, { id: staff.table.id }, { where: and(unlinkedHere, eq(staff.table.email, ''), named) });
    if (byEmail.length || sameNameNoEmail.length) throw new HttpProblem('conflict', [], 'learning.errors.askToLink');
    const row = await references(() => tx.insert(staff, { ...input, organisationId: tx.actor.organisationId, userId: tx.actor.userId, disability: wgDisability(input.wg) }));
    return { created: true, staff: await getStaff(tx, row.id) };
  });
}

/**
 * The active logins of an organisation whose register the caller keeps (write scope: a CSO
 * manager their own CSO, programme staff any), each with the entry it is linked to, so a keeper
 * can link an entry to the person's login. 404 for an organisation the caller does not keep.
 */
export async function staffLogins(gw: Gateway, organisationId: string): Promise<StaffLogin[]> {
  if (!(await gw.reaches(organisationId, 'write'))) throw notFound();
  const users = OWNED.users.table;
  const logins = await gw.select(
    OWNED.users,
    { id: users.id, displayName: users.displayName, email: users.email },
    // Every active login of the one organisation (users_organisation_name_idx), none left out.
    { where: and(eq(users.organisationId, organisationId), eq(users.active, true)), orderBy: [users.displayName, users.id], purpose: 'list', filter: { organisationId, for: 'learning_staff' } },
  );
  const linked = await gw.select(staff, { id: staff.table.id, userId: staff.table.userId }, { where: and(eq(staff.table.organisationId, organisationId), isNotNull(staff.table.userId)) });
  const entryOf = new Map(linked.map((s) => [s.userId, s.id]));
  return logins.map((u) => ({ ...u, staffId: entryOf.get(u.id) ?? null }));
}

export async function staffRow(gw: Gateway, id: string): Promise<StaffRow> {
  const [row] = await gw.rows(staff, { where: eq(staff.table.id, id) });
  if (!row) throw notFound();
  return row;
}

export const fullName = (s: { givenName: string; surname: string }) => `${s.givenName} ${s.surname}`;
