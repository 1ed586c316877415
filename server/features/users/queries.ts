import { and, eq, getTableColumns, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Page } from '../../../common/schemas/list';
import type { User, UserListQuery } from '../../../common/schemas/user';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { mapBatches, type ExportSource } from '../../http/export';
import { byName } from '../../db/name-order';
import { likePattern, presentPage, type KeysetOrder } from '../../http/paging';

// Scoped reads of user accounts; only admins reach them (the route's `users.manage`).

const users = OWNED.users.table;
const assignments = OWNED.mentorAssignments.table;
type UserRow = typeof users.$inferSelect;

/** The presenter: an account without its secrets (hash, failure counter), with mentor assignments. */
function present(row: UserRow, mentorOrganisationIds: string[]): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    organisationId: row.organisationId,
    roles: row.roles,
    language: row.language,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    hasPassword: row.passwordHash !== null,
    lockedUntil: row.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil : null,
    lastLoginAt: row.lastLoginAt,
    mentorOrganisationIds,
    version: row.version,
    createdAt: row.createdAt,
  };
}

async function withAssignments(gw: Gateway, rows: UserRow[]): Promise<User[]> {
  if (rows.length === 0) return [];
  // Assignments are read unscoped by organisation on purpose: they describe the user in scope.
  const links = await gw.rows(OWNED.mentorAssignments, { where: inArray(assignments.userId, rows.map((r) => r.id)) });
  return rows.map((row) => present(row, links.filter((l) => l.userId === row.id).map((l) => l.organisationId)));
}

function filters(query: Partial<UserListQuery>): SQL | undefined {
  return and(
    query.organisationId ? eq(users.organisationId, query.organisationId) : undefined,
    query.role ? sql`${query.role} = any(${users.roles})` : undefined,
    query.active !== undefined ? eq(users.active, query.active) : undefined,
    query.q ? or(ilike(users.displayName, likePattern(query.q)), ilike(users.email, likePattern(query.q))) : undefined,
  );
}

export async function listUsers(gw: Gateway, query: UserListQuery): Promise<Page<User>> {
  const where = filters(query);
  // Never signed in sorts as the earliest sign-in (a keyset column cannot be NULL; indexed as written).
  const lastLogin = sql`coalesce(${users.lastLoginAt}, '-infinity'::timestamptz)`;
  const key: KeysetOrder['key'] = { displayName: [...byName(users.displayName), users.id], email: [users.email, users.id], createdAt: [users.createdAt, users.id], lastLoginAt: [lastLogin, users.id] }[query.sort];
  const page = await gw.page(OWNED.users, getTableColumns(users), { where, order: { key, dir: query.dir }, request: query, filter: query });
  return presentPage(page, (rows) => withAssignments(gw, rows));
}

export function exportUsers(gw: Gateway, query: Partial<UserListQuery>): ExportSource<User> {
  const source = gw.exportSource(OWNED.users, getTableColumns(users), { where: filters(query), key: [...byName(users.displayName), users.id], dir: 'asc', filter: query });
  return { count: source.count, batches: () => mapBatches(source.batches(), (rows) => withAssignments(gw, rows)) };
}

export async function getUser(gw: Gateway, id: string): Promise<User> {
  return (await withAssignments(gw, [await gw.find(OWNED.users, id)]))[0]!;
}
