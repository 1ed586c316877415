import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { backupDatabase, restoreDatabase, type Target } from '../../server/db/backup';
import { openDatabase, queryRows } from '../../server/db/client';
import { seedDemo } from '../../server/db/seed/demo';
import { seedBuiltInInstruments } from '../../server/features/instruments/seed';

// `npm run ertad -- backup` / `restore`: a database comes back whole, on PGlite and (when
// TEST_DATABASE_URL names a server) on PostgreSQL.
const dir = mkdtempSync(join(tmpdir(), 'ertad-backup-'));
const dropped: string[] = [];
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  if (dropped.length && process.env.TEST_DATABASE_URL) {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    for (const name of dropped) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

const COUNTED = ['organisations', 'users', 'instruments', 'instrument_versions', 'audit_log', 'drizzle.__drizzle_migrations'];

async function contents(target: Target) {
  const database = await openDatabase({ ...target, inProcess: true });
  try {
    const counts: Record<string, number> = {};
    for (const table of COUNTED) counts[table] = (await queryRows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
    const [admin] = await queryRows<{ email: string; password_hash: string; roles: string[] }>(database.db, sql`select email, password_hash, roles from users where email = 'admin@demo.ertad.ge'`);
    return { counts, admin };
  } finally {
    await database.close();
  }
}

async function targets(): Promise<[Target, Target]> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) return [{ dataDir: join(dir, 'original') }, { dataDir: join(dir, 'restored') }];
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  const urls = [];
  for (const role of ['a', 'b']) {
    const name = `ertad_backup_${role}_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database ${name}`);
    dropped.push(name);
    const url = new URL(server);
    url.pathname = `/${name}`;
    urls.push(url.toString());
  }
  await admin.end();
  return [{ url: urls[0], dataDir: '' }, { url: urls[1], dataDir: '' }];
}

let original: Target;
describe('backup and restore', () => {
  // Creating database directories is slow on a busy machine; this is no timing assertion.
  it('give back every table, row and the migration history', { timeout: 300_000 }, async () => {
    const [from, restored] = await targets();
    original = from;
    const database = await openDatabase({ ...original, inProcess: true });
    await database.migrate();
    await seedDemo(database.db, 'backup-test-password');
    await seedBuiltInInstruments(database.db);
    await database.close();

    const file = join(dir, 'ertad.sql');
    await backupDatabase(original, file);
    await restoreDatabase(restored, file);
    const before = await contents(original);
    expect(before.counts.users).toBeGreaterThan(5);
    expect(await contents(restored)).toEqual(before);

    // The restored database is current: migrating it again changes nothing.
    const again = await openDatabase({ ...restored, inProcess: true });
    await again.migrate();
    await again.close();
    expect((await contents(restored)).counts).toEqual(before.counts);
  });

  it('refuses to restore over a database that holds data, changing nothing', async () => {
    const before = await contents(original);
    // PGlite: refused up front; PostgreSQL: psql stops at the first existing table and rolls back.
    await expect(restoreDatabase(original, join(dir, 'ertad.sql'))).rejects.toThrow(original.url ? /psql exited/ : /not empty/);
    expect(await contents(original)).toEqual(before);
  });
});
