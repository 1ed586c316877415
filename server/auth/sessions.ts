import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { grants, organisations, sessions, users } from '../db/schema';
import { REFERRAL_RECEIVER_ROLES } from '../access/policy';
import { grantedIds, holdsRole, liveGrantTo, scopedOrganisations, scopedOrganisationsSql, type GrantedIds, type ScopedOrganisations } from '../access/reach';
import type { Actor } from '../access/actor';
import { hashToken, newToken } from './tokens';

export const SESSION_COOKIE = 'ertad_session';
// last_seen_at is refreshed at most this often, so reads do not each cost a write.
const TOUCH_INTERVAL_MS = 60_000;

export async function createSession(
  db: Db,
  config: Config,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(Date.now() + config.sessionMaxHours * 3600_000);
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    csrfToken,
    expiresAt,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, expiresAt };
}

/** What a session cookie stands for: the acting user, and the records shared with them now. */
export interface ResolvedSession {
  actor: Actor;
  /** The live grants to the user (or their organisation, for the roles that answer referrals there). */
  granted: GrantedIds;
  /** The CSOs the user's mentor or municipal role reaches (see `resolveReach`). */
  scoped: ScopedOrganisations;
}

const actorColumns = {
  userId: users.id,
  email: users.email,
  displayName: users.displayName,
  organisationId: users.organisationId,
  organisationKind: organisations.kind,
  roles: users.roles,
  language: users.language,
  mustChangePassword: users.mustChangePassword,
};

/** SQL: the session's user holds a role that answers referrals made to its organisation. */
const answersReferralsThere = holdsRole(users.roles, REFERRAL_RECEIVER_ROLES);

/**
 * Every request starts with this statement, so it is one statement, prepared once per connection:
 * the session with its user, the records granted to that user, and for a mentor or a municipal
 * role the CSOs it reaches (which every scoped read needs), instead of more round trips for them.
 * Behind a transaction pooler a connection's prepared statements travel to whichever client gets
 * it next, which would prepare the same name again (PostgreSQL error 42P05): there the statement
 * is PostgreSQL's unnamed one (the empty name), parsed at every request.
 */
function sessionStatement(db: Db, poolMode: Config['databasePoolMode']) {
  return db
    .select({
      ...actorColumns,
      csrfToken: sessions.csrfToken,
      lastSeenAt: sessions.lastSeenAt,
      granted: sql<[string, string][] | null>`(select json_agg(json_build_array(${grants.entityType}, ${grants.entityId})) from ${grants} where ${liveGrantTo(users.id, users.organisationId, answersReferralsThere)})`,
      ...scopedOrganisationsSql(users.id, users.organisationId, users.roles),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('tokenHash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
        gt(sessions.lastSeenAt, sql.placeholder('idleCutoff')),
        eq(users.active, true),
      ),
    )
    .prepare(poolMode === 'transaction' ? '' : 'ertad_resolve_session');
}
const sessionStatements = new WeakMap<Db, ReturnType<typeof sessionStatement>>();

/** Resolves a cookie token to the acting user, enforcing revocation, idle and absolute expiry. */
export async function resolveSession(db: Db, config: Config, token: string): Promise<ResolvedSession | null> {
  const tokenHash = hashToken(token);
  const now = new Date();
  const idleCutoff = new Date(now.getTime() - config.sessionIdleMinutes * 60_000);
  let statement = sessionStatements.get(db);
  if (!statement) sessionStatements.set(db, (statement = sessionStatement(db, config.databasePoolMode)));
  const [row] = await statement.execute({ tokenHash, now, idleCutoff });
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  const { csrfToken, lastSeenAt: _seen, granted, assigned, municipality, ...user } = row;
  return {
    actor: { ...user, sessionTokenHash: tokenHash, csrfToken },
    granted: grantedIds(granted ?? []),
    scoped: scopedOrganisations({ assigned, municipality }),
  };
}

/**
 * The user as an actor outside any request (a background job acting for whoever asked for it),
 * with the roles they hold now: none when the account was deactivated, so they reach nothing.
 * Null when the account is gone.
 */
export async function actorOfUser(db: Db, userId: string): Promise<Actor | null> {
  const [row] = await db
    .select({ ...actorColumns, active: users.active })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId));
  if (!row) return null;
  const { active, ...user } = row;
  return { ...user, roles: active ? user.roles : [], sessionTokenHash: '', csrfToken: '' };
}

export async function revokeSession(db: Db, tokenHash: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: sql`now()` }).where(eq(sessions.tokenHash, tokenHash));
}

/** Revokes every live session of a user, optionally sparing the one making the request. */
export async function revokeUserSessions(db: Db, userId: string, exceptTokenHash?: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        exceptTokenHash ? sql`${sessions.tokenHash} <> ${exceptTokenHash}` : undefined,
      ),
    );
}
