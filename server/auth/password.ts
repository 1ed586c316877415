import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt is memory-hard: N=2^15, r=8 makes each guess cost 32 MiB and ~60 ms on one core.
const PRODUCTION_PASSWORD_COST = { N: 2 ** 15, r: 8, p: 1 };
let PARAMS = PRODUCTION_PASSWORD_COST;

/**
 * For the test suites only (their setup file calls it with a smaller N): they sign in thousands of
 * new users, and at the production cost hashing was most of the access matrix's five minutes on a
 * 2-core machine. A stored hash names its own cost, so checking one is the same code either way.
 */
export function setPasswordCostForTests(N: number): void {
  PARAMS = { ...PRODUCTION_PASSWORD_COST, N };
}

const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, p: typeof PARAMS): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...p, maxmem: MAX_MEMORY }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Returns `scrypt$N$r$p$salt$hash` (base64url parts), self-describing so the cost can rise later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = (stored ?? dummyHash()).split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  // With no stored hash we still spend the time, so response timing does not reveal the account.
  return stored !== null && timingSafeEqual(expected, actual);
}

const dummyHash = () => `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${'A'.repeat(22)}$${'A'.repeat(43)}`;

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
