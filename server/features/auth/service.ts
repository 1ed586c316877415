import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { organisations, users } from '../../db/schema';
import type { Actor } from '../../access/actor';
import { permissionsOf } from '../../access/policy';
import { writeAudit } from '../../access/gateway';
import { consumePasswordToken } from '../../auth/credentials';
import { hashPassword, verifyPassword } from '../../auth/password';
import { createSession, revokeUserSessions } from '../../auth/sessions';
import { HttpProblem, invalidField } from '../../http/problem';
import { MIN_PASSWORD_LENGTH, type Me } from '../../../common/schemas/user';
import { passwordProblem } from '../../auth/password-policy';
import type { Language } from '../../../common/roles';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Checks the password and opens a session. Every failure answers the same 401, whether the
 * email is unknown, the password wrong, the account locked or deactivated, so nothing about
 * the account leaks. Five failures in a row lock the account for a while.
 */
export async function login(db: Db, config: Config, email: string, password: string, meta: RequestMeta) {
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? null);
  const locked = !!user?.lockedUntil && user.lockedUntil > new Date();
  if (!user || !user.active || locked || !passwordOk) {
    if (user && !locked) {
      const failures = user.failedLogins + 1;
      await db
        .update(users)
        .set({
          failedLogins: failures,
          lockedUntil: failures >= MAX_FAILED_LOGINS ? new Date(Date.now() + LOCK_MINUTES * 60_000) : null,
        })
        .where(eq(users.id, user.id));
      await writeAudit(db, { action: failures >= MAX_FAILED_LOGINS ? 'lock' : 'login_failed', entityType: 'user', entityId: user.id, organisationId: user.organisationId, actorEmail: email, ip: meta.ip });
    }
    throw new HttpProblem('invalidCredentials', [], 'auth.invalidCredentials');
  }
  const session = await db.transaction(async (tx) => {
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: sql`now()` }).where(eq(users.id, user.id));
    await writeAudit(tx, { action: 'login', entityType: 'user', entityId: user.id, organisationId: user.organisationId, actorUserId: user.id, actorEmail: user.email, ip: meta.ip });
    return createSession(tx, config, user.id, meta);
  });
  return session;
}

function assertPasswordAcceptable(field: string, password: string) {
  const problem = passwordProblem(password);
  if (problem) throw invalidField(field, problem, { min: MIN_PASSWORD_LENGTH });
}

export async function describeMe(db: Db, actor: Actor): Promise<Me> {
  const [org] = await db
    .select({ id: organisations.id, kind: organisations.kind, nameKa: organisations.nameKa, nameEn: organisations.nameEn })
    .from(organisations)
    .where(eq(organisations.id, actor.organisationId));
  if (!org) throw new HttpProblem('unauthenticated');
  return {
    user: {
      id: actor.userId,
      email: actor.email,
      displayName: actor.displayName,
      roles: actor.roles,
      language: actor.language,
      mustChangePassword: actor.mustChangePassword,
      organisation: org,
    },
    permissions: permissionsOf(actor.roles),
    csrfToken: actor.csrfToken,
  };
}

export async function updateProfile(db: Db, actor: Actor, patch: { language?: Language; displayName?: string }, ip: string) {
  if (patch.language === undefined && patch.displayName === undefined) return;
  await db.transaction(async (tx) => {
    await tx.update(users).set({ ...patch, updatedAt: sql`now()`, version: sql`${users.version} + 1` }).where(eq(users.id, actor.userId));
    await writeAudit(tx, { action: 'update_profile', entityType: 'user', entityId: actor.userId, organisationId: actor.organisationId, actorUserId: actor.userId, actorEmail: actor.email, ip, changes: Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, { to: v }])) });
  });
}

/** Changing the password ends the user's other sessions; this one stays open. */
export async function changePassword(db: Db, actor: Actor, currentPassword: string, newPassword: string, ip: string) {
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId));
  if (!(await verifyPassword(currentPassword, row?.passwordHash ?? null))) {
    throw invalidField('currentPassword', 'validation.wrongPassword');
  }
  if (currentPassword === newPassword) throw invalidField('newPassword', 'validation.samePassword');
  assertPasswordAcceptable('newPassword', newPassword);
  const passwordHash = await hashPassword(newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(and(eq(users.id, actor.userId)));
    await revokeUserSessions(tx, actor.userId, actor.sessionTokenHash);
    await writeAudit(tx, { action: 'change_password', entityType: 'user', entityId: actor.userId, organisationId: actor.organisationId, actorUserId: actor.userId, actorEmail: actor.email, ip });
  });
}

export async function setPasswordWithToken(db: Db, token: string, password: string, ip: string) {
  // Checked before the token is used up, so a refused password does not cost the link.
  assertPasswordAcceptable('password', password);
  const userId = await consumePasswordToken(db, token, password);
  if (!userId) throw new HttpProblem('validation', [{ field: 'token', key: 'validation.tokenInvalid' }]);
  await revokeUserSessions(db, userId);
  await writeAudit(db, { action: 'set_password', entityType: 'user', entityId: userId, actorUserId: userId, ip });
}
