import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from './client';
import { appSettings } from './schema';

/**
 * The cookie-signing secret: ERTAD_SESSION_SECRET when set, otherwise one generated on first
 * start and kept in the database, so sessions survive restarts without any setup.
 */
export async function sessionSecret(db: Db, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  await db.insert(appSettings).values({ key: 'session_secret', value: randomBytes(32).toString('base64url') }).onConflictDoNothing();
  const [row] = await db.select().from(appSettings).where(eq(appSettings.key, 'session_secret'));
  if (!row) throw new Error('session secret could not be stored');
  return row.value;
}

/**
 * The data keys that seal personal numbers and case notes (see server/crypto/sealed.ts):
 * ERTAD_DATA_KEYS and ERTAD_BLIND_INDEX_KEY when set; otherwise (development, tests, the demo)
 * keys generated on first start and kept in app_settings. A database dump then includes the
 * keys, so production sets both variables.
 */
export async function dataKeySpecs(db: Db, configured: { dataKeys?: string | undefined; blindIndexKey?: string | undefined }): Promise<{ dataKeys: string; blindIndexKey: string }> {
  const stored = async (key: string, make: () => string) => {
    await db.insert(appSettings).values({ key, value: make() }).onConflictDoNothing();
    const [row] = await db.select().from(appSettings).where(eq(appSettings.key, key));
    if (!row) throw new Error(`${key} could not be stored`);
    return row.value;
  };
  return {
    dataKeys: configured.dataKeys ?? (await stored('data_keys', () => `k1:${randomBytes(32).toString('base64')}`)),
    blindIndexKey: configured.blindIndexKey ?? (await stored('blind_index_key', () => randomBytes(32).toString('base64'))),
  };
}
