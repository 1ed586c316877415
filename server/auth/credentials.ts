import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { passwordTokens, users } from '../db/schema';
import { generatePassword, hashPassword } from './password';
import { hashToken, newToken } from './tokens';

const LINK_LIFETIME_HOURS = 72;
/** A reset asked for on the sign-in page lives one hour; the old password keeps working meanwhile. */
export const RESET_LIFETIME_MINUTES = 60;
/** One reset email per account in this many minutes, however often it is asked for. */
const RESET_INTERVAL_MINUTES = 2;

/**
 * Gives a user a way in: a one-time set-password link (default) or a temporary password they
 * must change at first login. Either way the old password stops working.
 */
export async function issueCredentials(db: Db, userId: string, mode: 'link' | 'temporary') {
  if (mode === 'temporary') {
    const temporaryPassword = generatePassword();
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(temporaryPassword), mustChangePassword: true, failedLogins: 0, lockedUntil: null })
      .where(eq(users.id, userId));
    return { temporaryPassword };
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + LINK_LIFETIME_HOURS * 3600_000);
  await db.update(users).set({ passwordHash: null, mustChangePassword: false, failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
  await db.insert(passwordTokens).values({ tokenHash: hashToken(token), userId, expiresAt });
  return { setPasswordPath: `/set-password?token=${token}`, expiresAt };
}

/**
 * A password-reset token asked for by the user (forgot password): unlike issueCredentials it
 * leaves the current password alone, so anyone typing an email cannot lock its owner out. Null
 * when one was issued in the last RESET_INTERVAL_MINUTES (a reset token's expiry tells its age:
 * invitation links live days, so they never look recent).
 */
export async function issueResetToken(db: Db, userId: string): Promise<{ setPasswordPath: string; expiresAt: Date } | null> {
  const lifetimeMs = RESET_LIFETIME_MINUTES * 60_000;
  const now = Date.now();
  const [recent] = await db
    .select({ tokenHash: passwordTokens.tokenHash })
    .from(passwordTokens)
    .where(and(
      eq(passwordTokens.userId, userId),
      gt(passwordTokens.expiresAt, new Date(now + lifetimeMs - RESET_INTERVAL_MINUTES * 60_000)),
      lte(passwordTokens.expiresAt, new Date(now + lifetimeMs)),
    ))
    .limit(1);
  if (recent) return null;
  const token = newToken();
  const expiresAt = new Date(now + lifetimeMs);
  await db.insert(passwordTokens).values({ tokenHash: hashToken(token), userId, expiresAt });
  return { setPasswordPath: `/set-password?token=${token}`, expiresAt };
}

/** Consumes a set-password token; returns the user id, or null when it is unknown, used or expired. */
export async function consumePasswordToken(db: Db, token: string, password: string): Promise<string | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(passwordTokens)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordTokens.tokenHash, hashToken(token)), isNull(passwordTokens.usedAt), gt(passwordTokens.expiresAt, new Date())))
      .returning({ userId: passwordTokens.userId });
    if (!row) return null;
    // The user's other links stop working once one of them has set the password.
    await tx.update(passwordTokens).set({ usedAt: sql`now()` }).where(and(eq(passwordTokens.userId, row.userId), isNull(passwordTokens.usedAt)));
    await tx.update(users).set({ passwordHash, mustChangePassword: false, failedLogins: 0, lockedUntil: null }).where(eq(users.id, row.userId));
    return row.userId;
  });
}
