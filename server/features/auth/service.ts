import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Config, LoginThrottle } from '../../config';
import type { Db } from '../../db/client';
import { loginThrottle, organisations, users } from '../../db/schema';
import type { Actor } from '../../access/actor';
import { permissionsOf } from '../../access/policy';
import { writeAudit } from '../../audit/log';
import { consumePasswordToken, issueResetToken } from '../../auth/credentials';
import type { Mailer } from '../../mail';
import { hashPassword, verifyPassword } from '../../auth/password';
import { createSession, revokeUserSessions } from '../../auth/sessions';
import { HttpProblem, invalidField } from '../../http/problem';
import { MIN_PASSWORD_LENGTH, type Me } from '../../../common/schemas/user';
import { passwordProblem } from '../../auth/password-policy';
import type { Language } from '../../../common/roles';

interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

/**
 * Sign-in throttling, per email and client address (never per account alone, so an anonymous
 * caller elsewhere cannot lock a user out): the first FREE_FAILURES failures cost nothing; each
 * further one makes that address wait twice as long as the last (1 s, 2 s, 4 s, …); at
 * LOCK_AFTER_FAILURES the address is locked out of that email for the lock period, admins see a
 * `login_throttled` entry in the audit log, and when the lock ends the count starts again.
 */

/** SQL for when an address may try again after its `n`-th failure in a row (null: at once). */
function blockedUntilSql(n: SQL, t: LoginThrottle): SQL {
  const delayMs = sql`case
    when ${n} <= ${t.freeFailures} then 0
    when ${n} >= ${t.lockAfterFailures} then ${t.lockMs}
    else least(${t.lockMs}, ${t.firstDelayMs} * power(2, ${n} - ${t.freeFailures} - 1)) end`;
  return sql`case when (${delayMs}) = 0 then null else now() + make_interval(secs => (${delayMs})::double precision / 1000) end`;
}

/**
 * Claims one attempt for (email, ip) in a single statement: refused (null) while the address must
 * wait; otherwise the count including this attempt. The wait is set in the same statement, as if
 * the attempt fails, so parallel guesses (which queue on the row lock) cannot slip through before
 * the password check ends; a success removes the row.
 */
async function claimAttempt(db: Db, email: string, ip: string, t: LoginThrottle): Promise<number | null> {
  const next = sql`(case when ${loginThrottle.failures} >= ${t.lockAfterFailures} then 1 else ${loginThrottle.failures} + 1 end)`;
  const result = await db.execute(sql`
    insert into ${loginThrottle} (email, ip, failures, blocked_until, updated_at)
    values (${email}, ${ip}, 1, ${blockedUntilSql(sql`1`, t)}, now())
    on conflict (email, ip) do update set
      failures = ${next},
      blocked_until = ${blockedUntilSql(next, t)},
      updated_at = now()
    where ${loginThrottle.blockedUntil} is null or ${loginThrottle.blockedUntil} <= now()
    returning failures`);
  return (result as unknown as { rows: { failures: number }[] }).rows[0]?.failures ?? null;
}

/**
 * Checks the password and opens a session. Every failure answers the same 401, whether the
 * email is unknown, the password wrong or the account deactivated, so nothing about the account
 * leaks; an address that must wait gets 429, for known and unknown emails alike.
 */
export async function login(db: Db, config: Config, email: string, password: string, meta: RequestMeta) {
  const throttle = config.loginThrottle;
  const ip = meta.ip ?? '';
  const attempt = await claimAttempt(db, email, ip, throttle);
  if (attempt === null) throw new HttpProblem('tooManyRequests', [], 'auth.throttled');
  const [user] = await db.select().from(users).where(eq(users.email, email));
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? null);
  if (!user || !user.active || !passwordOk) {
    const locked = attempt >= throttle.lockAfterFailures;
    if (user) await writeAudit(db, { action: 'login_failed', entityType: 'user', entityId: user.id, organisationId: user.organisationId, actorEmail: email, ip: meta.ip });
    // Admins learn of sustained guessing from the audit log, for unknown emails too.
    if (locked) await writeAudit(db, { action: 'login_throttled', entityType: 'user', entityId: user?.id ?? null, organisationId: user?.organisationId ?? null, actorEmail: email, ip: meta.ip, changes: { failures: { to: attempt } } });
    throw new HttpProblem('invalidCredentials', [], 'auth.invalidCredentials');
  }
  const session = await db.transaction(async (tx) => {
    await tx.delete(loginThrottle).where(and(eq(loginThrottle.email, email), eq(loginThrottle.ip, ip)));
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

/**
 * Emails a one-hour reset link to an active account with this email; does nothing for unknown or
 * deactivated ones, nor when a link went out in the last minutes. The current password keeps
 * working until the link is used (the link is single-use, stored only as a hash).
 */
export async function requestPasswordReset(db: Db, mailer: Mailer, email: string, ip: string) {
  const [user] = await db
    .select({ id: users.id, email: users.email, displayName: users.displayName, language: users.language, active: users.active, organisationId: users.organisationId })
    .from(users)
    .where(eq(users.email, email));
  if (!user?.active) return;
  const issued = await issueResetToken(db, user.id);
  if (!issued) return;
  await writeAudit(db, { action: 'request_password_reset', entityType: 'user', entityId: user.id, organisationId: user.organisationId, actorEmail: email, ip });
  await mailer.sendAccountEmail('reset', user, issued.setPasswordPath, issued.expiresAt);
}
