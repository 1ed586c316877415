import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openDatabase, type Database } from '../../server/db/client';
import { keyRingFor } from '../../server/crypto/sealed';
import { seedDemo } from '../../server/db/seed/demo';
import { seedDemoPeople } from '../../server/db/seed/people';
import { seedBuiltInInstruments } from '../../server/features/instruments/seed';
import { DEMO_EMAILS, DEMO_PASSWORD, login, testConfig, type Client } from '../support/app';
import { freshDatabase } from '../support/database';
import { startPgBouncer, type PgBouncer } from '../support/pgbouncer';

// Several app servers in front of one PostgreSQL often share its connections through PgBouncer in
// transaction mode: a server connection goes to another client after every transaction. With
// DATABASE_POOL_MODE=transaction Ertad keeps nothing on a connection between transactions. Two
// server connections for the app's pool of ten clients, so clients do share them here.
// PostgreSQL only (vitest.config.ts includes test/postgres only with TEST_DATABASE_URL).
if (!process.env.TEST_DATABASE_URL) throw new Error('test/postgres needs TEST_DATABASE_URL');

let direct: Database & { url?: string };
let bouncer: PgBouncer;
let pooled: Database;
let app: FastifyInstance;

beforeAll(async () => {
  direct = await freshDatabase();
  await seedBuiltInInstruments(direct.db);
  await seedDemo(direct.db, DEMO_PASSWORD);
  await seedDemoPeople(direct.db, await keyRingFor(direct.db, testConfig()));
  bouncer = await startPgBouncer(direct.url!, 2);
  pooled = await openDatabase({ url: bouncer.url(direct.url!), dataDir: '' });
  app = await buildApp({ config: testConfig({ databasePoolMode: 'transaction', exportWorkers: 1 }), db: pooled.db, serveWeb: false });
  await app.ready();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await pooled?.close();
  await bouncer?.close();
  await direct?.close();
});

const PAGES = ['/api/v1/me', '/api/v1/dashboard', '/api/v1/organisations', '/api/v1/responses', '/api/v1/instruments', '/api/v1/audit'];

describe('behind PgBouncer in transaction mode (DATABASE_POOL_MODE=transaction)', () => {
  it('serves many signed-in users at once: every page answers, each user their own', async () => {
    const people: [string, Client][] = [];
    for (const email of [DEMO_EMAILS.admin, DEMO_EMAILS.programme_manager, DEMO_EMAILS.cso_manager, DEMO_EMAILS.case_worker]) {
      people.push([email, await login(app, email)]);
    }
    const admin = people[0]![1];
    const caseWorker = people[3]![1];
    const requests = people.flatMap(([email, client]) => [
      ...PAGES.map(async (url) => ({ email, url, response: await client.get(url) })),
      ...PAGES.map(async (url) => ({ email, url, response: await client.get(url) })),
    ]);
    requests.push(...['/api/v1/people', '/api/v1/cases'].map(async (url) => ({ email: DEMO_EMAILS.case_worker, url, response: await caseWorker.get(url) })));
    const answers = await Promise.all(requests);
    const refused = answers.filter((a) => a.response.statusCode !== 200 && !(a.url === '/api/v1/audit' && a.response.statusCode === 403));
    expect(refused.map((a) => `${a.email} ${a.url} ${a.response.statusCode} ${a.response.body.slice(0, 200)}`)).toEqual([]);
    for (const { email, url, response } of answers) if (url === '/api/v1/me') expect(response.json().user.email).toBe(email);
    expect(answers.find((a) => a.url === '/api/v1/audit' && a.email === DEMO_EMAILS.admin)!.response.json().items.length).toBeGreaterThan(0);
    expect((await admin.get('/api/v1/responses')).json().total).toBeGreaterThan(0);
  });

  it('writes (with its audit entry), downloads a CSV and writes a background export through the job queue', async () => {
    const admin = await login(app, DEMO_EMAILS.admin);
    const me = (await admin.get('/api/v1/me')).json();
    const created = await admin.post('/api/v1/users', { email: 'pooled@example.ge', displayName: 'ნინო პულერი', organisationId: me.user.organisation.id, roles: ['viewer'] });
    expect(created.statusCode, created.body).toBe(201);
    const listed = (await admin.get('/api/v1/users?q=pooled')).json();
    expect(listed.items.map((u: { email: string }) => u.email)).toEqual(['pooled@example.ge']);

    const csv = await admin.get('/api/v1/responses/export?format=csv');
    expect(csv.statusCode).toBe(200);
    const total = (await admin.get('/api/v1/responses')).json().total as number;
    expect(csv.body.trimEnd().split('\r\n')).toHaveLength(total + 1);

    const asked = await admin.post('/api/v1/exports', { kind: 'responses', params: { format: 'csv' } });
    expect(asked.statusCode, asked.body).toBe(202);
    const id = asked.json().id as string;
    let status = 'queued';
    for (let tries = 0; tries < 300 && (status === 'queued' || status === 'running'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await admin.get('/api/v1/exports')).json().items.find((j: { id: string }) => j.id === id).status;
    }
    expect(status).toBe('done');
    expect((await admin.get(`/api/v1/exports/${id}/file`)).body).toBe(csv.body);
  });

  it('signs out for good: the session is gone on every connection', async () => {
    const donor = await login(app, DEMO_EMAILS.viewer);
    expect((await donor.post('/api/v1/auth/logout')).statusCode).toBeLessThan(300);
    const after = await Promise.all(Array.from({ length: 6 }, () => donor.get('/api/v1/me')));
    expect(after.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);
  });
});

describe('behind the same pooler with the default (session) pool mode', () => {
  it('fails: a client prepares the session statement on a connection another client already prepared it on', async () => {
    const second = await openDatabase({ url: bouncer.url(direct.url!), dataDir: '' });
    const sessionMode = await buildApp({ config: testConfig({ exportWorkers: 0 }), db: second.db, serveWeb: false });
    try {
      await sessionMode.ready();
      const admin = await login(sessionMode, DEMO_EMAILS.admin);
      const statuses = (await Promise.all(Array.from({ length: 10 }, () => admin.get('/api/v1/me')))).map((r) => r.statusCode);
      expect(statuses).toContain(500);
    } finally {
      await sessionMode.close();
      await second.close();
    }
  });
});
