import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { passwordTokens, users } from '../db/schema';
import { generatePassword, hashPassword } from './password';
import { hashToken, newToken } from './tokens';

const LINK_LIFETIME_HOURS = 72;

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
    await tx.update(users).set({ passwordHash, mustChangePassword: false, failedLogins: 0, lockedUntil: null }).where(eq(users.id, row.userId));
    return row.userId;
  });
}
