import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gateway } from '../../server/access/gateway';
import { actorOfUser } from '../../server/auth/sessions';
import { runExport } from '../../server/features/exports/service';
import { grants } from '../../server/db/schema';
import { createStorage, type Storage } from '../../server/storage';
import type { Client, TestApp } from '../support/app';
import { factories, SIMPLE_DEFINITION, startBareTestApp, type Factories, type TestUser, type TwoCsos } from '../support/factories';

// Attack (27 Nov, concurrent reassignment under load): a background export written under a user's
// old reach was still handed out by a download asked for after the change was acknowledged. The
// download compared the account's `updated_at` with the file's `finished_at`, so (1) changes that
// narrow the reach without touching the account (a city hall's or a CSO's municipalities) were not
// seen at all, and (2) an account change that committed while the job was writing (its reach was
// read at its start) was older than `finished_at` and passed. The file now carries the digest of
// the access it was written with, and a download compares it with the requester's access now.

let t: TestApp;
let f: Factories;
let w: TwoCsos;
let instrumentId: string;
let storage: Storage;

beforeAll(async () => {
  t = await startBareTestApp({ exportWorkers: 0 }); // no worker: each job is run below, as a worker would
  f = await factories(t);
  w = await f.twoCsos();
  instrumentId = (await f.publishedInstrument(SIMPLE_DEFINITION)).id;
  await f.response(instrumentId, w.a.cso.id, { answers: { n: 1 }, submit: true, label: 'form-of-A' });
  await f.response(instrumentId, w.b.cso.id, { answers: { n: 2 }, submit: true, label: 'form-of-B' });
  storage = createStorage(t.config.storage, t.config.dataDir);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

async function ask(client: Client): Promise<string> {
  const asked = await client.post('/api/v1/exports', { kind: 'responses', params: { format: 'csv', instrumentId } });
  expect(asked.statusCode, asked.body).toBe(202);
  return (asked.json() as { id: string }).id;
}

/** Whether the caller's list marks their export `id` as outdated. */
async function listedOutdated(client: Client, id: string): Promise<boolean | undefined> {
  const list = (await client.get('/api/v1/exports?pageSize=100')).json() as { items: { id: string; outdated: boolean }[] };
  return list.items.find((job) => job.id === id)?.outdated;
}

/** What the export worker does for a job (server/jobs: actorOfUser, a fresh gateway, runExport). */
async function runAsWorker(user: TestUser, id: string, store: Storage = storage) {
  const actor = (await actorOfUser(t.database.db, user.user.id))!;
  await runExport(new Gateway(t.database.db, actor, null), store, id);
}

describe('a background export after the reach narrowed', () => {
  it("a municipal monitor's file is not handed out once the city hall no longer works where those CSOs are", async () => {
    const monitor = await w.monitor.login();
    const id = await ask(monitor);
    await runAsWorker(w.monitor, id);
    expect((await monitor.get(`/api/v1/exports/${id}/file`)).body).toContain('form-of-A');
    expect(await listedOutdated(monitor, id)).toBe(false);

    const hall = (await f.admin.get(`/api/v1/organisations/${w.cityHall.id}`)).json();
    const moved = await f.admin.patch(`/api/v1/organisations/${w.cityHall.id}`, { version: hall.version, municipalityIds: [w.b.municipality.id] });
    expect(moved.statusCode, moved.body).toBe(200);
    // Acknowledged: every foreground read now answers with B only...
    expect((await monitor.get('/api/v1/responses/export?format=csv')).body).not.toContain('form-of-A');
    // ...and so does the file of A's forms: 404, like a moved account's.
    const file = await monitor.get(`/api/v1/exports/${id}/file`);
    expect(file.body).not.toContain('form-of-A');
    expect(file.statusCode).toBe(404);
    // The list says so, instead of offering a link that answers 404.
    expect(await listedOutdated(monitor, id)).toBe(true);
    // Back where it was, for the tests below.
    const movedHall = (await f.admin.get(`/api/v1/organisations/${w.cityHall.id}`)).json();
    expect((await f.admin.patch(`/api/v1/organisations/${w.cityHall.id}`, { version: movedHall.version, municipalityIds: hall.municipalityIds })).statusCode).toBe(200);
  });

  it("a mentor unassigned while the job writes does not get the old CSO's forms afterwards", async () => {
    const mentor = await f.user(w.consortium.id, ['mentor'], { mentorOrganisationIds: [w.a.cso.id] });
    const client = await mentor.login();
    const id = await ask(client);
    // The job has read the mentor's reach and written the file; the admin's change commits before it finishes.
    const slowStore: Storage = {
      ...storage,
      putFile: async (...args) => {
        const user = (await f.admin.get(`/api/v1/users/${mentor.user.id}`)).json();
        const r = await f.admin.patch(`/api/v1/users/${mentor.user.id}`, { version: user.version, mentorOrganisationIds: [w.b.cso.id] });
        expect(r.statusCode, r.body).toBe(200);
        return storage.putFile(...args);
      },
    };
    await runAsWorker(mentor, id, slowStore);
    // Asked after the unassignment was acknowledged.
    expect((await client.get('/api/v1/responses/export?format=csv')).body).not.toContain('form-of-A');
    const file = await client.get(`/api/v1/exports/${id}/file`);
    expect(file.body).not.toContain('form-of-A');
    expect(file.statusCode).toBe(404);
  });

  it('is still handed out after a change that leaves what the requester reads as it was', async () => {
    const mentor = await f.user(w.consortium.id, ['mentor'], { mentorOrganisationIds: [w.a.cso.id] });
    const client = await mentor.login();
    const id = await ask(client);
    await runAsWorker(mentor, id);
    // Their own name and language, and an admin's edit of their account that keeps the same CSOs.
    expect((await client.patch('/api/v1/me', { language: 'en', displayName: 'Renamed mentor' })).statusCode).toBe(200);
    const user = (await f.admin.get(`/api/v1/users/${mentor.user.id}`)).json();
    expect((await f.admin.patch(`/api/v1/users/${mentor.user.id}`, { version: user.version, mentorOrganisationIds: [w.a.cso.id] })).statusCode).toBe(200);
    const file = await client.get(`/api/v1/exports/${id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.body).toContain('form-of-A');
    expect(await listedOutdated(client, id)).toBe(false);
    expect(file.body).not.toContain('form-of-B');
  });

  it("is outdated once an instrument's purpose changes to organisational assessment, which the monitor's rule hides", async () => {
    const monitor = await w.monitor.login();
    const id = await ask(monitor);
    await runAsWorker(w.monitor, id);
    expect((await monitor.get(`/api/v1/exports/${id}/file`)).body).toContain('form-of-A');
    const setPurpose = async (purpose: string) => {
      const instrument = (await f.admin.get(`/api/v1/instruments/${instrumentId}`)).json();
      const r = await f.admin.patch(`/api/v1/instruments/${instrumentId}`, { version: instrument.version, purpose });
      expect(r.statusCode, r.body).toBe(200);
      return instrument.purpose as string;
    };
    const before = await setPurpose('organisational_assessment');
    try {
      // A city hall works on no CSO's capacity: the forms are now out of its monitor's reach...
      expect((await monitor.get('/api/v1/responses/export?format=csv')).body).not.toContain('form-of-A');
      // ...and so is the file written before.
      expect((await monitor.get(`/api/v1/exports/${id}/file`)).statusCode).toBe(404);
      expect(await listedOutdated(monitor, id)).toBe(true);
    } finally {
      await setPurpose(before);
    }
  });

  it("is outdated once the requester's training record is linked to another login (their own training forms go with it)", async () => {
    // A case worker sees other staff's training forms nowhere, only their own: their rule reads which staff record is theirs.
    const worker = await f.user(w.a.cso.id, ['case_worker']);
    const other = await f.user(w.a.cso.id, ['case_worker']);
    const client = await worker.login();
    expect((await client.post('/api/v1/learning/me', { givenName: 'ნინო', surname: 'ბერიძე', sex: 'female' })).statusCode).toBe(201);
    const record = (await client.get('/api/v1/learning/me')).json() as { staff: { id: string; version: number } };
    const id = await ask(client);
    await runAsWorker(worker, id);
    expect((await client.get(`/api/v1/exports/${id}/file`)).statusCode).toBe(200);

    const relinked = await f.admin.patch(`/api/v1/learning/staff/${record.staff.id}`, { version: record.staff.version, userId: other.user.id });
    expect(relinked.statusCode, relinked.body).toBe(200);
    expect((await client.get(`/api/v1/exports/${id}/file`)).statusCode).toBe(404);
    expect(await listedOutdated(client, id)).toBe(true);
  });

  it('is still handed out after a grant on something other than forms (an accepted referral of a case), and not after one on a form', async () => {
    const client = await w.b.manager.login();
    const id = await ask(client);
    await runAsWorker(w.b.manager, id);
    expect((await client.get(`/api/v1/exports/${id}/file`)).body).not.toContain('form-of-A');
    const grantTo = (entityType: string, entityId: string) => ({ entityType, entityId, organisationId: w.a.cso.id, granteeOrganisationId: w.b.cso.id, purpose: 'referral' as const, reason: 'test' });

    // A grant to B on one of A's cases, as an accepted referral leaves (written directly: the
    // referral flow is not what is tested here): B's form exports do not change.
    const granted: string[] = [];
    const grant = async (entityType: string, entityId: string) => {
      const [row] = await t.database.db.insert(grants).values(grantTo(entityType, entityId)).returning();
      granted.push(row!.id);
    };
    try {
      await grant('case', randomUUID());
      expect((await client.get(`/api/v1/exports/${id}/file`)).statusCode).toBe(200);
      expect(await listedOutdated(client, id)).toBe(false);

      // A grant on one of A's forms would put it in B's file: the file written before is outdated.
      const formOfA = (await f.admin.get(`/api/v1/responses?organisationId=${w.a.cso.id}&pageSize=100`)).json() as { items: { id: string; label: string }[] };
      await grant('response', formOfA.items.find((item) => item.label === 'form-of-A')!.id);
      expect((await client.get('/api/v1/responses/export?format=csv')).body).toContain('form-of-A');
      expect((await client.get(`/api/v1/exports/${id}/file`)).statusCode).toBe(404);
      expect(await listedOutdated(client, id)).toBe(true);
    } finally {
      if (granted.length > 0) await t.database.db.update(grants).set({ revokedAt: new Date() }).where(inArray(grants.id, granted));
    }
  });
});
