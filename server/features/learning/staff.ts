import { and, eq, ilike, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { Page } from '../../../common/schemas/list';
import { wgDisability, type Staff, type selfInput, type staffInput, type staffListQuery, type staffPatch } from '../../../common/schemas/learning';
import type { Gateway } from '../../access/gateway';
import { LEARNER_PROGRESS_ROLES } from '../../access/policy';
import { setHas } from '../../access/reach';
import { OWNED } from '../../access/registry';
import type { ExportSource } from '../../http/export';
import { auditedExport } from './exports';
import { invalidField, notFound } from '../../http/problem';
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
  const key = { surname: [staff.table.surname, staff.table.id], createdAt: [staff.table.createdAt, staff.table.id] }[query.sort];
  const page = await gw.page(staff, fields, { where, joins: withOrganisation, countJoins: [], order: { key, dir: query.dir }, request: query, filter: query });
  const present = await staffPresenter(gw);
  return presentPage(page, (rows) => rows.map(present));
}

/** Every register entry the reader reaches, in the list's order (surname), streamed in keyset batches; recorded as an export. */
export function exportStaff(gw: Gateway, query: Partial<z.infer<typeof staffListQuery>>): ExportSource<Staff> {
  const filter = { q: query.q ?? null, organisationId: query.organisationId ?? null };
  const source = gw.exportSource(staff, fields, { where: staffWhere(query), joins: withOrganisation, key: [staff.table.surname, staff.table.id], dir: 'asc', filter });
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

export async function createStaff(gw: Gateway, input: z.infer<typeof staffInput>): Promise<Staff> {
  if (input.userId) {
    // A login can only be linked to a register entry of the organisation it belongs to.
    const [user] = await gw.select(OWNED.users, { organisationId: OWNED.users.table.organisationId }, { where: eq(OWNED.users.table.id, input.userId), purpose: 'check' });
    if (!user || user.organisationId !== input.organisationId) throw invalidField('userId', 'learning.errors.unknownReference');
  }
  const row = await references(() => gw.insert(staff, { ...input, disability: wgDisability(input.wg) }));
  return getStaff(gw, row.id);
}

export async function updateStaff(gw: Gateway, id: string, patch: z.infer<typeof staffPatch>): Promise<Staff> {
  const { version, ...set } = patch;
  const before = await gw.findForUpdate(staff, id);
  if (set.userId) {
    const [user] = await gw.select(OWNED.users, { organisationId: OWNED.users.table.organisationId }, { where: eq(OWNED.users.table.id, set.userId), purpose: 'check' });
    if (!user || user.organisationId !== before.organisationId) throw invalidField('userId', 'learning.errors.unknownReference');
  }
  await references(() => gw.update(staff, id, { version, set: { ...set, ...(set.wg !== undefined ? { disability: wgDisability(set.wg) } : {}) } }));
  return getStaff(gw, id);
}

/** A signed-in person registers themselves (their organisation, linked to their login); once. */
export async function registerSelf(gw: Gateway, input: z.infer<typeof selfInput>): Promise<Staff> {
  if (await ownStaff(gw)) throw invalidField('userId', 'learning.errors.userLinked');
  const row = await references(() => gw.insert(staff, { ...input, organisationId: gw.actor.organisationId, userId: gw.actor.userId, disability: wgDisability(input.wg) }));
  return getStaff(gw, row.id);
}

export async function staffRow(gw: Gateway, id: string): Promise<StaffRow> {
  const [row] = await gw.rows(staff, { where: eq(staff.table.id, id) });
  if (!row) throw notFound();
  return row;
}

export const fullName = (s: { givenName: string; surname: string }) => `${s.givenName} ${s.surname}`;
