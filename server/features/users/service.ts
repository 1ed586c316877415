import { and, count, eq, getTableColumns, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../../common/roles';
import type { Page } from '../../../common/schemas/list';
import type { User, UserInput, UserListQuery, UserPatch } from '../../../common/schemas/user';
import { assertVersionMatched, diff, type ScopedGateway } from '../../access/gateway';
import { ROLES_BY_ORGANISATION_KIND } from '../../access/policy';
import { issueCredentials } from '../../auth/credentials';
import { revokeUserSessions } from '../../auth/sessions';
import { mentorAssignments, organisations, users } from '../../db/schema';
import { afterKey, keysetBatches, keysetKey, mapBatches, type ExportSource } from '../../http/export';
import { HttpProblem, invalidField, notFound } from '../../http/problem';
import { likePattern, offsetOf, orderBy } from '../../http/paging';

type UserRow = typeof users.$inferSelect;

function toUser(row: UserRow, mentorOrganisationIds: string[]): User {
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

async function withAssignments(gw: ScopedGateway, rows: UserRow[]): Promise<User[]> {
  if (rows.length === 0) return [];
  const links = await gw.db.select().from(mentorAssignments).where(inArray(mentorAssignments.userId, rows.map((r) => r.id)));
  return rows.map((row) => toUser(row, links.filter((l) => l.userId === row.id).map((l) => l.organisationId)));
}

function filters(gw: ScopedGateway, query: Partial<UserListQuery>): SQL | undefined {
  return and(
    gw.scope(users.organisationId),
    query.organisationId ? eq(users.organisationId, query.organisationId) : undefined,
    query.role ? sql`${query.role} = any(${users.roles})` : undefined,
    query.active !== undefined ? eq(users.active, query.active) : undefined,
    query.q ? or(ilike(users.displayName, likePattern(query.q)), ilike(users.email, likePattern(query.q))) : undefined,
  );
}

export async function listUsers(gw: ScopedGateway, query: UserListQuery): Promise<Page<User>> {
  const where = filters(gw, query);
  const sortColumn = { displayName: users.displayName, email: users.email, createdAt: users.createdAt, lastLoginAt: users.lastLoginAt }[query.sort];
  const [rows, [total]] = await Promise.all([
    gw.db.select().from(users).where(where).orderBy(orderBy(sortColumn, query.dir), users.id).limit(query.pageSize).offset(offsetOf(query)),
    gw.db.select({ n: count() }).from(users).where(where),
  ]);
  return { items: await withAssignments(gw, rows), total: total?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

/** Every user in scope matching the filters, by name; assignments fetched once per batch. */
export function exportUsers(gw: ScopedGateway, query: Partial<UserListQuery>): ExportSource<User> {
  const where = filters(gw, query);
  const key = [users.displayName, users.id];
  return {
    batches: () =>
      mapBatches(
        keysetBatches((after, limit) =>
          gw.db
            .select({ ...getTableColumns(users), exportKey: keysetKey(key) })
            .from(users)
            .where(and(where, after === undefined ? undefined : afterKey(key, 'asc', after)))
            .orderBy(users.displayName, users.id)
            .limit(limit),
        ),
        (rows) => withAssignments(gw, rows),
      ),
    count: async () => (await gw.db.select({ n: count() }).from(users).where(where))[0]?.n ?? 0,
  };
}

export async function getUser(gw: ScopedGateway, id: string): Promise<User> {
  const [row] = await gw.db.select().from(users).where(and(eq(users.id, id), gw.scope(users.organisationId)));
  if (!row) throw notFound();
  return (await withAssignments(gw, [row]))[0] as User;
}

/** The organisation must be in scope, and the roles must be ones its kind can hold. */
async function assertRolesFit(gw: ScopedGateway, organisationId: string, roles: Role[]) {
  const [org] = await gw.db
    .select({ kind: organisations.kind })
    .from(organisations)
    .where(and(eq(organisations.id, organisationId), gw.scope(organisations.id)));
  if (!org) throw invalidField('organisationId', 'validation.unknownOrganisation');
  const allowed = ROLES_BY_ORGANISATION_KIND[org.kind];
  const misfit = roles.filter((role) => !allowed.includes(role));
  if (misfit.length) throw invalidField('roles', 'validation.roleNotForOrganisation', { roles: misfit.join(', ') });
}

async function replaceAssignments(gw: ScopedGateway, userId: string, organisationIds: string[]) {
  await gw.db.delete(mentorAssignments).where(eq(mentorAssignments.userId, userId));
  const unique = [...new Set(organisationIds)];
  if (unique.length === 0) return;
  const found = await gw.db.select({ id: organisations.id }).from(organisations).where(and(inArray(organisations.id, unique), gw.scope(organisations.id)));
  if (found.length !== unique.length) throw invalidField('mentorOrganisationIds', 'validation.unknownOrganisation');
  await gw.db.insert(mentorAssignments).values(unique.map((organisationId) => ({ userId, organisationId })));
}

export async function createUser(gw: ScopedGateway, input: UserInput) {
  await assertRolesFit(gw, input.organisationId, input.roles);
  const [existing] = await gw.db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
  if (existing) throw new HttpProblem('duplicate', [{ field: 'email', key: 'validation.emailTaken' }]);
  const { passwordSetup, mentorOrganisationIds = [], ...fields } = input;
  const result = await gw.transaction(async (tx) => {
    const [row] = await tx.db.insert(users).values(fields).returning();
    if (!row) throw new Error('insert returned no row');
    await replaceAssignments(tx, row.id, mentorOrganisationIds);
    const credentials = await issueCredentials(tx.db, row.id, passwordSetup);
    await tx.audit({ action: 'create', entityType: 'user', entityId: row.id, organisationId: row.organisationId, changes: diff({}, { ...fields, mentorOrganisationIds }) });
    return { id: row.id, credentials };
  });
  return { user: await getUser(gw, result.id), credentials: result.credentials };
}

export async function updateUser(gw: ScopedGateway, id: string, patch: UserPatch): Promise<User> {
  const before = await getUser(gw, id);
  const { version, mentorOrganisationIds, ...fields } = patch;
  if (fields.organisationId || fields.roles) {
    await assertRolesFit(gw, fields.organisationId ?? before.organisationId, fields.roles ?? before.roles);
  }
  if (id === gw.actor.userId && (fields.active === false || (fields.roles && !fields.roles.includes('admin')))) {
    throw invalidField(fields.active === false ? 'active' : 'roles', 'validation.cannotLockOutSelf');
  }
  await gw.transaction(async (tx) => {
    const updated = await tx.db
      .update(users)
      .set({ ...fields, version: sql`${users.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(users.id, id), eq(users.version, version), tx.scope(users.organisationId)))
      .returning({ id: users.id });
    assertVersionMatched(updated);
    if (mentorOrganisationIds) await replaceAssignments(tx, id, mentorOrganisationIds);
    // Deactivation takes effect at once: every open session of the user ends now.
    if (fields.active === false) await revokeUserSessions(tx.db, id);
    await tx.audit({
      action: fields.active === false && before.active ? 'deactivate' : 'update',
      entityType: 'user',
      entityId: id,
      organisationId: fields.organisationId ?? before.organisationId,
      changes: diff(before as unknown as Record<string, unknown>, { ...fields, mentorOrganisationIds }),
    });
  });
  return getUser(gw, id);
}

export async function resetPassword(gw: ScopedGateway, id: string, mode: 'link' | 'temporary') {
  const target = await getUser(gw, id);
  return gw.transaction(async (tx) => {
    const credentials = await issueCredentials(tx.db, id, mode);
    await revokeUserSessions(tx.db, id);
    await tx.audit({ action: 'reset_password', entityType: 'user', entityId: id, organisationId: target.organisationId, changes: { passwordSetup: { to: mode } } });
    return credentials;
  });
}
