import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openDatabase, type Database } from '../../server/db/client';
import { seedDemo } from '../../server/db/seed/demo';
import { seedBuiltInInstruments } from '../../server/features/instruments/seed';
import { DEMO_PASSWORD, sessionCookieOf, testConfig } from '../support/app';
import { freshDatabase } from '../support/database';
import { startS3, type TestS3 } from '../support/s3';

// Two app servers on one database, as behind a load balancer: nothing a user relies on lives in
// one server's memory. On PostgreSQL (TEST_DATABASE_URL) each server has its own connection pool;
// on PGlite they share the in-process database.
let shared: Database & { url?: string };
let second: Database | undefined;
let a: FastifyInstance;
let b: FastifyInstance;
let s3: TestS3;
beforeAll(async () => {
  shared = await freshDatabase();
  await seedDemo(shared.db, DEMO_PASSWORD);
  await seedBuiltInInstruments(shared.db);
  if (shared.url) second = await openDatabase({ url: shared.url, dataDir: '' });
  // One file store for both, an S3-compatible server as in a deployment. Server A only queues
  // background exports, so one it is asked for must be written by B's worker.
  s3 = await startS3();
  const config = testConfig({ loginRateLimitPerMinute: 4, storage: s3.storage });
  a = await buildApp({ config: { ...config, exportWorkers: 0 }, db: shared.db, serveWeb: false });
  b = await buildApp({ config: { ...config, exportWorkers: 1 }, db: (second ?? shared).db, serveWeb: false });
  await Promise.all([a.ready(), b.ready()]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await second?.close();
  await shared?.close();
  await s3?.close();
});

const signIn = (app: FastifyInstance, email: string, password: string, ip = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });

describe('two app servers on one database', () => {
  it('share sessions: signed in on one, known on the other; signed out on one, gone on both', async () => {
    const login = await signIn(a, 'programme@demo.ertad.ge', DEMO_PASSWORD, '10.0.0.2');
    expect(login.statusCode).toBe(200);
    const cookie = sessionCookieOf(login);
    const csrf = login.json().csrfToken as string;
    const me = await b.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe('programme@demo.ertad.ge');
    const logout = await b.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrf }, payload: {} });
    expect(logout.statusCode).toBeLessThan(300);
    expect((await a.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('share the sign-in rate limit of an address', async () => {
    const statuses = [];
    for (const app of [a, b, a, b, a]) statuses.push((await signIn(app, 'nobody@example.ge', 'wrong-password', '10.0.0.3')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // Another address is not held back.
    expect((await signIn(b, 'nobody@example.ge', 'wrong-password', '10.0.0.4')).statusCode).toBe(401);
  });

  it('share the sign-in throttle: failures on one server slow the same address down on the other', async () => {
    const email = 'donor@demo.ertad.ge';
    // The free failures, spread over both servers, from one address; the next one starts a wait.
    for (const app of [a, b, a, b]) await signIn(app, email, 'wrong-password', '10.0.1.7');
    const during = await signIn(b, email, DEMO_PASSWORD, '10.0.1.7');
    expect(during.statusCode).toBe(429);
    // Another address is never held up by someone else's guessing.
    expect((await signIn(a, email, DEMO_PASSWORD, '10.0.1.8')).statusCode).toBe(200);
  });

  it('share background exports: asked for on one, written by the other, downloaded from either', async () => {
    const login = await signIn(a, 'programme@demo.ertad.ge', DEMO_PASSWORD, '10.0.2.1');
    const headers = { cookie: sessionCookieOf(login), 'x-csrf-token': login.json().csrfToken as string };
    const asked = await a.inject({ method: 'POST', url: '/api/v1/exports', headers, payload: { kind: 'responses', params: { format: 'csv' } } });
    expect(asked.statusCode, asked.body).toBe(202);
    const id = asked.json().id as string;
    let status = 'queued';
    for (let tries = 0; tries < 300 && (status === 'queued' || status === 'running'); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await a.inject({ method: 'GET', url: '/api/v1/exports', headers })).json().items.find((j: { id: string }) => j.id === id).status;
    }
    expect(status).toBe('done');
    const fromB = await b.inject({ method: 'GET', url: `/api/v1/exports/${id}/file`, headers });
    expect(fromB.statusCode).toBe(200);
    expect(fromB.body).toBe((await a.inject({ method: 'GET', url: '/api/v1/responses/export?format=csv', headers })).body);
    expect((await a.inject({ method: 'GET', url: `/api/v1/exports/${id}/file`, headers })).body).toBe(fromB.body);
    const head = await a.inject({ method: 'GET', url: `/api/v1/exports/${id}/file`, headers: { ...headers, range: 'bytes=0-99' } });
    expect(head.statusCode).toBe(206);
    expect(head.rawPayload.equals(fromB.rawPayload.subarray(0, 100))).toBe(true);
  });
});
