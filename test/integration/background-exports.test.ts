import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import JSZip from 'jszip';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { queryRows } from '../../server/db/client';
import { exportJobs } from '../../server/db/schema';
import { exportCleanup, EXPORT_CLEANUP_QUEUE } from '../../server/features/exports/service';
import { runPeriodic, SCHEDULES } from '../../server/jobs';
import { bossDb } from '../../server/jobs/install';
import { createStorage } from '../../server/storage';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, type Factories, type TwoCsos } from '../support/factories';

// Background exports: asked for on one app, written by a pg-boss worker (here a second app on the
// same database, as a second server would be), listed and downloaded only by the one who asked.
let t: TestApp;
let f: Factories;
let csos: TwoCsos;
let instrumentId: string;
let worker: FastifyInstance | undefined;

beforeAll(async () => {
  // This app only queues (no worker), so a job waits until `startWorker` below.
  t = await startBareTestApp({ exportWorkers: 0 });
  f = await factories(t);
  csos = await f.twoCsos();
  instrumentId = (await f.publishedInstrument()).id;
  await f.response(instrumentId, csos.a.cso.id, { answers: { n: 4 }, submit: true, label: 'form of A' });
  await f.response(instrumentId, csos.b.cso.id, { answers: { n: 7 }, submit: true, label: 'form of B' });
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

async function startWorker() {
  worker ??= await buildApp({ config: { ...t.config, exportWorkers: 1 }, db: t.database.db, serveWeb: false });
  await worker.ready();
}

async function jobRow(id: string) {
  const [row] = await t.database.db.select().from(exportJobs).where(eq(exportJobs.id, id));
  return row!;
}

async function finished(id: string) {
  for (let tries = 0; tries < 600; tries += 1) {
    const row = await jobRow(id);
    if (row.status === 'done' || row.status === 'failed') return row;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the export did not finish');
}

async function ask(client: Client, body: unknown) {
  const r = await client.post('/api/v1/exports', body);
  expect(r.statusCode, r.body).toBe(202);
  return r.json() as { id: string; status: string };
}

describe('background exports', () => {
  it('run with the requester as they are when the job runs: a deactivated account gets nothing', async () => {
    const manager = await csos.b.manager.login();
    const job = await ask(manager, { kind: 'responses', params: { format: 'csv' } });
    expect(job.status).toBe('queued');
    const user = (await f.admin.get(`/api/v1/users/${csos.b.manager.user.id}`)).json();
    expect((await f.admin.patch(`/api/v1/users/${user.id}`, { version: user.version, active: false })).statusCode).toBe(200);
    await startWorker();
    const row = await finished(job.id);
    expect(row.status).toBe('failed');
    expect(row.error).toBe('exports.background.errors.forbidden');
    expect(row.storageKey).toBeNull();
  });

  it('write the same file as the download, in the requester scope, and only they see and fetch it', async () => {
    await startWorker();
    const manager = await csos.a.manager.login();
    const job = await ask(manager, { kind: 'responses', params: { format: 'csv', instrumentId } });
    expect((await finished(job.id)).status).toBe('done');

    const list = (await manager.get('/api/v1/exports')).json();
    expect(list.items[0]).toMatchObject({ id: job.id, kind: 'responses', format: 'csv', status: 'done', error: null });
    expect(list.items[0].size).toBeGreaterThan(0);

    const file = await manager.get(`/api/v1/exports/${job.id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-disposition']).toContain('attachment');
    expect(Number(file.headers['content-length'])).toBe(file.rawPayload.length);
    expect(list.items[0].size).toBe(file.rawPayload.length);
    expect(file.body).toContain('form of A');
    expect(file.body).not.toContain('form of B');
    expect(file.body).toBe((await manager.get(`/api/v1/responses/export?format=csv&instrumentId=${instrumentId}`)).body);

    // Nobody else, whatever their role: not listed, 404 on the file.
    for (const other of [f.admin, await csos.a.caseWorker.login(), await csos.mentor.login()]) {
      expect((await other.get('/api/v1/exports')).json().items.map((j: { id: string }) => j.id)).not.toContain(job.id);
      const denied = await other.get(`/api/v1/exports/${job.id}/file`);
      expect(denied.statusCode).toBe(404);
      expect(denied.headers['content-type']).toContain('application/problem+json');
    }

    // Audited: the request, the export itself (as a download is) and the download of the file.
    const audit = (await f.admin.get(`/api/v1/audit?pageSize=200&actorUserId=${csos.a.manager.user.id}`)).json().items as { action: string; entityType: string }[];
    const actions = audit.map((e) => `${e.action}:${e.entityType}`);
    expect(actions).toEqual(expect.arrayContaining(['create:export_job', 'export:response', 'read:export_job']));
  });

  it('remove exports older than a week (record and file) when the requester\'s next one is written', async () => {
    await startWorker();
    const manager = await csos.a.manager.login();
    const old = await ask(manager, { kind: 'responses', params: { format: 'csv' } });
    const oldRow = await finished(old.id);
    expect(oldRow.status).toBe('done');
    const storage = t.config.storage as { kind: 'local'; dir: string };
    expect(existsSync(join(storage.dir, oldRow.storageKey!))).toBe(true);
    await t.database.db.update(exportJobs).set({ createdAt: sql`now() - interval '8 days'` }).where(eq(exportJobs.id, old.id));
    const recent = await ask(manager, { kind: 'responses', params: { format: 'xlsx' } });
    expect((await finished(recent.id)).status).toBe('done');
    // The job marks its file done, then removes the old ones: wait for that step too (it raced
    // the list on a slow machine).
    const listed = async () => (await manager.get('/api/v1/exports?pageSize=200')).json().items.map((j: { id: string }) => j.id) as string[];
    let ids = await listed();
    for (let tries = 0; tries < 100 && ids.includes(old.id); tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ids = await listed();
    }
    expect(ids).toContain(recent.id);
    expect(ids).not.toContain(old.id);
    expect(existsSync(join(storage.dir, oldRow.storageKey!))).toBe(false);
  });

  it('remove every user\'s expired exports (record and file) on a schedule, keeping the fresh ones', async () => {
    await startWorker();
    // The schedule is pg-boss's (its timekeeper sends the job on the servers with workers).
    const [schedule] = await queryRows<{ cron: string }>(t.database.db, sql`select cron from pgboss.schedule where name = ${EXPORT_CLEANUP_QUEUE}`);
    expect(schedule?.cron).toBe(SCHEDULES[EXPORT_CLEANUP_QUEUE]);
    // ... and the worker server's timekeeper looks at it (it stamps each look).
    const looked = async () => (await queryRows<{ at: Date | null }>(t.database.db, sql`select cron_on as at from pgboss.version`))[0]?.at;
    for (let tries = 0; tries < 100 && !(await looked()); tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await looked()).toBeTruthy();

    const storage = t.config.storage as { kind: 'local'; dir: string };
    const fileOf = (row: { storageKey: string | null }) => join(storage.dir, row.storageKey!);
    const manager = await csos.a.manager.login();
    const caseWorker = await csos.a.caseWorker.login();
    const exportOf = async (format: string, client = manager) => {
      const row = await finished((await ask(client, { kind: 'responses', params: { format } })).id);
      expect(row.status).toBe('done');
      expect(existsSync(fileOf(row))).toBe(true);
      return row;
    };
    const age = (id: string) => t.database.db.update(exportJobs).set({ createdAt: sql`now() - interval '8 days'`, finishedAt: sql`now() - interval '8 days'` }).where(eq(exportJobs.id, id));

    // Nobody exports again: the job handler itself removes what expired, and only that.
    const old = await exportOf('csv');
    const othersOld = await exportOf('csv', caseWorker);
    const fresh = await exportOf('xlsx');
    await age(old.id);
    await age(othersOld.id);
    await runPeriodic(t.database.db, exportCleanup(createStorage(t.config.storage, t.config.dataDir)));
    const ids = (await manager.get('/api/v1/exports?pageSize=200')).json().items.map((j: { id: string }) => j.id);
    expect(ids).toContain(fresh.id);
    expect(ids).not.toContain(old.id);
    for (const gone of [old, othersOld]) {
      expect(await t.database.db.select().from(exportJobs).where(eq(exportJobs.id, gone.id))).toEqual([]);
      expect(existsSync(fileOf(gone))).toBe(false);
    }
    expect(existsSync(fileOf(fresh))).toBe(true);

    // The job the schedule sends is taken by a server's worker (here sent at once, not at the hour).
    const another = await exportOf('csv');
    await age(another.id);
    const boss = new PgBoss({ db: bossDb(t.database.db), migrate: false, schedule: false, supervise: false });
    await boss.start();
    try {
      expect(await boss.send(EXPORT_CLEANUP_QUEUE, {})).toBeTruthy();
    } finally {
      await boss.stop({ graceful: false, close: false, wait: true });
    }
    for (let tries = 0; tries < 300 && (await t.database.db.select().from(exportJobs).where(eq(exportJobs.id, another.id))).length; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await t.database.db.select().from(exportJobs).where(eq(exportJobs.id, another.id))).toEqual([]);
    expect(existsSync(fileOf(another))).toBe(false);
    expect(existsSync(fileOf(fresh))).toBe(true);
  });

  it('export the answers of an instrument as a workbook', async () => {
    await startWorker();
    const manager = await csos.a.manager.login();
    const job = await ask(manager, { kind: 'answers', params: { instrumentId, format: 'xlsx', labels: 'names' } });
    expect((await finished(job.id)).status).toBe('done');
    const file = await manager.raw({ method: 'GET', url: `/api/v1/exports/${job.id}/file` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    const zip = await JSZip.loadAsync(file.rawPayload);
    const sheet = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet).toContain('>4<');
    expect(sheet).not.toContain('>7<');
  });

  it('tell what went wrong: an unknown instrument fails with a message, not a file', async () => {
    await startWorker();
    const manager = await csos.a.manager.login();
    const job = await ask(manager, { kind: 'answers', params: { instrumentId: '00000000-0000-4000-8000-000000000000', format: 'csv' } });
    const row = await finished(job.id);
    expect(row).toMatchObject({ status: 'failed', error: 'exports.background.errors.notFound' });
    expect((await manager.get(`/api/v1/exports/${job.id}/file`)).statusCode).toBe(404);
  });

  it('refuse bad requests with field messages and write nothing; the donor may not export forms at all', async () => {
    const manager = await csos.a.manager.login();
    const before = (await manager.get('/api/v1/exports')).json().total;
    const bad = await manager.post('/api/v1/exports', { kind: 'everything', params: {} });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const badFormat = await manager.post('/api/v1/exports', { kind: 'responses', params: { format: 'pdf' } });
    expect(badFormat.statusCode).toBe(400);
    expect((await manager.get('/api/v1/exports')).json().total).toBe(before);
    const donorOrg = await f.organisation('donor');
    const donor = await (await f.user(donorOrg.id, ['viewer'])).login();
    expect((await donor.post('/api/v1/exports', { kind: 'responses', params: { format: 'csv' } })).statusCode).toBe(403);
  });
});
