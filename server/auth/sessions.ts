import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { organisations, sessions, users } from '../db/schema';
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

/** Resolves a cookie token to the acting user, enforcing revocation, idle and absolute expiry. */
export async function resolveSession(db: Db, config: Config, token: string): Promise<Actor | null> {
  const tokenHash = hashToken(token);
  const now = new Date();
  const idleCutoff = new Date(now.getTime() - config.sessionIdleMinutes * 60_000);
  const [row] = await db
    .select({ session: sessions, user: users, organisationKind: organisations.kind })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, idleCutoff),
        eq(users.active, true),
      ),
    );
  if (!row) return null;
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  return actorOf(row.user, row.organisationKind, { tokenHash, csrfToken: row.session.csrfToken });
}

function actorOf(user: typeof users.$inferSelect, organisationKind: Actor['organisationKind'], session: { tokenHash: string; csrfToken: string }): Actor {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    organisationId: user.organisationId,
    organisationKind,
    roles: user.roles,
    language: user.language,
    sessionTokenHash: session.tokenHash,
    csrfToken: session.csrfToken,
    mustChangePassword: user.mustChangePassword,
  };
}

/**
 * The user as an actor outside any request (a background job acting for whoever asked for it),
 * with the roles they hold now: none when the account was deactivated, so they reach nothing.
 * Null when the account is gone.
 */
export async function actorOfUser(db: Db, userId: string): Promise<Actor | null> {
  const [row] = await db
    .select({ user: users, organisationKind: organisations.kind })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId));
  if (!row) return null;
  const actor = actorOf(row.user, row.organisationKind, { tokenHash: '', csrfToken: '' });
  return row.user.active ? actor : { ...actor, roles: [] };
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
