import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openDatabase, queryRows, type Database } from '../../server/db/client';
import { lastMaintenance, maintain, PGLITE_MAINTENANCE_MS, untilNextMaintenance } from '../../server/db/maintenance';
import { seedDemo } from '../../server/db/seed/demo';
import { seedBuiltInInstruments } from '../../server/features/instruments/seed';
import { DEMO_PASSWORD, login, testConfig } from '../support/app';
import { backgroundExport } from './access/exports.rows';

// The embedded database on a data directory runs in its own process, so the server keeps
// answering while PGlite works through a long query. (Timings belong to bench/; this asserts
// the behaviour: /health answers while the query is still running.)
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function recordQueries(database: Database): string[] {
  const queries: string[] = [];
  database.onQuery((query) => queries.push(query));
  return queries;
}

/** A migrated embedded database on a fresh data directory, served from its child process. */
async function embedded() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ertad-embedded-'));
  dirs.push(dataDir);
  const database = await openDatabase({ dataDir });
  expect(database.kind).toBe('pglite');
  const queries = recordQueries(database);
  await database.migrate();
  // A new schema gets its statistics at once.
  expect(queries.some((query) => /^analyze$/i.test(query))).toBe(true);
  return { dataDir, database };
}

describe('the embedded database', () => {
  // A fresh data directory is created and opened twice: minutes on a busy machine (a time budget).
  it('does not hold up the server while a long query runs, and keeps its data across a clean close', { timeout: 240_000 }, async () => {
    const { dataDir, database } = await embedded();
    const app = await buildApp({ config: testConfig(), db: database.db, serveWeb: false });
    await app.ready();
    try {
      let finished = false;
      const long = database.db.execute(sql`select pg_sleep(3)`).then(() => (finished = true));
      await new Promise((resolve) => setTimeout(resolve, 200)); // the query is on its way
      for (let i = 0; i < 5; i += 1) {
        const health = await app.inject({ method: 'GET', url: '/health' });
        expect(health.statusCode).toBe(200);
      }
      expect(finished).toBe(false);
      await long;
      expect(finished).toBe(true);

      await database.db.execute(sql`insert into regions (code, name_ka, name_en) values ('KT', 'კახეთი', 'Kakheti test')`);
    } finally {
      await app.close();
      await database.close();
    }
    const again = await openDatabase({ dataDir });
    try {
      const rows = await queryRows<{ n: number }>(again.db, sql`select count(*)::int as n from regions where name_en = 'Kakheti test'`);
      expect(rows[0]?.n).toBe(1);
      // Nothing new to migrate: the start does not wait for an analysis of the whole database
      // (its maintenance runs on a schedule, which remembers its last run across starts).
      const queries = recordQueries(again);
      await again.migrate();
      expect(queries.filter((query) => /analyze/i.test(query))).toEqual([]);
      expect(await lastMaintenance(again.db)).toBeUndefined();
      await maintain(again.db);
      const last = await lastMaintenance(again.db);
      expect(Date.now() - (last?.getTime() ?? 0)).toBeLessThan(60_000);
      expect(untilNextMaintenance(last, new Date())).toBeGreaterThan(PGLITE_MAINTENANCE_MS - 60_000);
    } finally {
      await again.close();
    }
  });

  // pg-boss needs nothing PGlite lacks: its queue runs over the child process's wire protocol,
  // through the app's one connection, and a background export is written and downloaded.
  it('runs background jobs (pg-boss) over the wire protocol', { timeout: 240_000 }, async () => {
    const { database } = await embedded();
    await seedBuiltInInstruments(database.db);
    await seedDemo(database.db, DEMO_PASSWORD);
    const app = await buildApp({ config: testConfig(), db: database.db, serveWeb: false });
    await app.ready();
    try {
      const manager = await login(app, 'programme@demo.ertad.ge');
      const { asked, id } = await backgroundExport(manager);
      expect(asked.statusCode, asked.body).toBe(202);
      const file = await manager.get(`/api/v1/exports/${id}/file`);
      expect(file.statusCode).toBe(200);
      expect(file.body).toBe((await manager.get('/api/v1/responses/export?format=csv')).body);
    } finally {
      await app.close();
      await database.close();
    }
  });
});
