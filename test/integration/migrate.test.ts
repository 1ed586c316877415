import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { expectedMigrationCount, pendingMigrations } from '../../server/db/migrate';

/**
 * Two handles on one empty database, as two instances of Ertad starting together would have:
 * two connection pools on a PostgreSQL server (TEST_DATABASE_URL), or, on the embedded PGlite,
 * which one process owns, the same handle twice.
 */
async function twoInstancesOnOneEmptyDatabase(): Promise<{ first: Database; second: Database; close(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://' });
    return { first: database, second: database, close: () => database.close() };
  }
  const name = `ertad_m_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const first = await openDatabase({ url: url.toString(), dataDir: '' });
  const second = await openDatabase({ url: url.toString(), dataDir: '' });
  return {
    first,
    second,
    close: async () => {
      await first.close();
      await second.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

describe('migrations', () => {
  it('two instances migrating one database at the same time both succeed, and each migration is applied once', async () => {
    const { first, second, close } = await twoInstancesOnOneEmptyDatabase();
    try {
      expect(await pendingMigrations(first.db)).toBe(expectedMigrationCount());
      await Promise.all([first.migrate(), second.migrate(), first.migrate()]);
      expect(await pendingMigrations(second.db)).toBe(0);
      const applied = await second.db.execute(sql`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash having count(*) > 1`);
      expect((applied as unknown as { rows: unknown[] }).rows).toEqual([]);
      // And a later start finds nothing to do.
      await second.migrate();
      expect(await pendingMigrations(first.db)).toBe(0);
    } finally {
      await close();
    }
  });
});
