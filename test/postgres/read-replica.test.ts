import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gateway } from '../../server/access/gateway';
import { OWNED } from '../../server/access/registry';
import { buildApp } from '../../server/app';
import { actorOfUser } from '../../server/auth/sessions';
import { openDatabase, queryRows, type Database } from '../../server/db/client';
import { keyRingFor } from '../../server/crypto/sealed';
import { seedDemo } from '../../server/db/seed/demo';
import { seedDemoLearning } from '../../server/db/seed/learning';
import { seedDemoPeople } from '../../server/db/seed/people';
import { seedBuiltInInstruments } from '../../server/features/instruments/seed';
import { DEMO_EMAILS, DEMO_PASSWORD, login, testConfig, type Client } from '../support/app';
import { freshDatabase } from '../support/database';

// DATABASE_READ_URL: the read-heavy reports read a replica through the same gateway (same scope
// SQL), everything else the primary. Here the "replica" is a second pool on the same database
// whose sessions are read-only, so a write sent there would fail. PostgreSQL only (vitest.config.ts
// includes test/postgres only with TEST_DATABASE_URL).
if (!process.env.TEST_DATABASE_URL) throw new Error('test/postgres needs TEST_DATABASE_URL');

const APPLICATION_NAME = 'ertad_replica_test';
let primary: Database & { url?: string };
let replica: Database;
let plain: FastifyInstance;
let withReplica: FastifyInstance;
let instrumentId: string;

beforeAll(async () => {
  primary = await freshDatabase();
  await seedBuiltInInstruments(primary.db);
  await seedDemo(primary.db, DEMO_PASSWORD);
  await seedDemoPeople(primary.db, await keyRingFor(primary.db, testConfig()));
  await seedDemoLearning(primary.db);
  const url = new URL(primary.url!);
  url.searchParams.set('options', '-c default_transaction_read_only=on');
  url.searchParams.set('application_name', APPLICATION_NAME);
  replica = await openDatabase({ url: url.toString(), dataDir: '' });
  const config = testConfig({ exportWorkers: 0, databaseReadUrl: url.toString() });
  plain = await buildApp({ config: { ...config, databaseReadUrl: undefined }, db: primary.db, serveWeb: false });
  withReplica = await buildApp({ config, db: primary.db, readDb: replica.db, serveWeb: false });
  await Promise.all([plain.ready(), withReplica.ready()]);
  const [most] = await queryRows<{ id: string }>(primary.db, sql`
    select v.instrument_id as id from responses r join instrument_versions v on v.id = r.instrument_version_id
    where r.status = 'submitted' group by v.instrument_id order by count(*) desc limit 1`);
  instrumentId = most!.id;
});
afterAll(async () => {
  await withReplica?.close();
  await plain?.close();
  await replica?.close();
  await primary?.close();
});

/** The statements each database receives while `work` runs. */
async function watched<T>(work: () => Promise<T>) {
  const onPrimary: string[] = [];
  const onReplica: string[] = [];
  const replicaParams: unknown[] = [];
  const stops = [primary.onQuery((q) => onPrimary.push(q)), replica.onQuery((q, params) => (onReplica.push(q), replicaParams.push(...params)))];
  try {
    return { result: await work(), onPrimary, onReplica, replicaParams };
  } finally {
    for (const stop of stops) stop();
  }
}

describe('an optional read replica (DATABASE_READ_URL)', () => {
  it('is read-only here: a write sent to it fails', async () => {
    expect((await queryRows<{ ro: string }>(replica.db, sql`select current_setting('transaction_read_only') as ro`))[0]?.ro).toBe('on');
    await expect(replica.db.execute(sql`update organisations set name_en = name_en`)).rejects.toThrow();
  });

  it('answers the instrument summary from the replica, with the same scope and numbers as the primary', async () => {
    for (const email of [DEMO_EMAILS.admin, DEMO_EMAILS.cso_manager, DEMO_EMAILS.mentor, DEMO_EMAILS.viewer]) {
      const [onPlain, onReplicaApp] = (await Promise.all([login(plain, email), login(withReplica, email)])) as [Client, Client];
      const url = `/api/v1/instruments/${instrumentId}/summary`;
      const expected = await onPlain.get(url);
      const { result, onPrimary, onReplica, replicaParams } = await watched(() => onReplicaApp.get(url));
      expect(result.statusCode, `${email}: ${result.body}`).toBe(expected.statusCode);
      expect(result.json(), email).toEqual(expected.json());
      if (expected.statusCode !== 200) continue;
      // The forms are read on the replica (with the actor's scope in the SQL), not on the primary.
      expect(onReplica.some((q) => /from "responses"/.test(q)), email).toBe(true);
      expect(onPrimary.some((q) => /from "responses"/.test(q)), email).toBe(false);
      // ... and the gateway's scope went with them: a CSO manager's own organisation is in the SQL.
      if (email === DEMO_EMAILS.cso_manager) {
        const [manager] = await queryRows<{ organisationId: string }>(primary.db, sql`select organisation_id as "organisationId" from users where email = ${email}`);
        expect(replicaParams).toContainEqual(expect.stringContaining(manager!.organisationId));
      }
    }
    const admin = await login(plain, DEMO_EMAILS.admin);
    expect((await admin.get(`/api/v1/instruments/${instrumentId}/summary`)).json().responses).toBeGreaterThan(0);
    // The replica's connections are the ones named by its URL.
    const [named] = await queryRows<{ n: number }>(primary.db, sql`select count(*)::int as n from pg_stat_activity where application_name = ${APPLICATION_NAME}`);
    expect(named?.n).toBeGreaterThan(0);
  });

  it('answers the other read-heavy reports (case aggregates, learning reports) from the replica alike', async () => {
    for (const email of [DEMO_EMAILS.admin, DEMO_EMAILS.cso_manager, DEMO_EMAILS.municipal_monitor]) {
      const [onPlain, onReplicaApp] = (await Promise.all([login(plain, email), login(withReplica, email)])) as [Client, Client];
      for (const url of ['/api/v1/cases-aggregates?by=sex', '/api/v1/learning/reports?by=sex', '/api/v1/learning/reports/export?by=sex&format=csv']) {
        const expected = await onPlain.get(url);
        if (email === DEMO_EMAILS.admin) expect(expected.statusCode, url).toBe(200);
        const { result, onReplica } = await watched(() => onReplicaApp.get(url));
        expect(result.statusCode, `${email} ${url}: ${result.body}`).toBe(expected.statusCode);
        expect(result.body, `${email} ${url}`).toBe(expected.body);
        if (expected.statusCode === 200) expect(onReplica.length, `${email} ${url}`).toBeGreaterThan(0);
      }
    }
  });

  it('never writes there: writes, sign-in and audit entries go to the primary', async () => {
    const { result: admin, onReplica: atSignIn } = await watched(() => login(withReplica, DEMO_EMAILS.admin));
    expect(atSignIn).toEqual([]);
    const { result: created, onReplica } = await watched(() => admin.post('/api/v1/regions', { code: 'RR', nameKa: 'რეგიონი', nameEn: 'Replica region' }));
    expect(created.statusCode, created.body).toBe(201);
    expect(onReplica).toEqual([]);
    // A gateway on the replica refuses to write before any SQL is sent.
    const [user] = await queryRows<{ id: string }>(primary.db, sql`select id from users where email = ${DEMO_EMAILS.admin}`);
    const gw = new Gateway(primary.db, (await actorOfUser(primary.db, user!.id))!, null, undefined, { db: replica.db }).onReplica();
    await expect(gw.delete(OWNED.exportJobs, sql`false`)).rejects.toThrow(/does not write/);
    await expect(gw.transaction(async () => undefined)).rejects.toThrow(/does not write/);
    expect(() => gw.programme.insert(OWNED.exportJobs.table as never)).toThrow(/does not write/);
  });

  it('is not used when unset: every read goes to the primary', async () => {
    const admin = await login(plain, DEMO_EMAILS.admin);
    const { result, onReplica } = await watched(() => admin.get(`/api/v1/instruments/${instrumentId}/summary`));
    expect(result.statusCode).toBe(200);
    expect(onReplica).toEqual([]);
  });
});
