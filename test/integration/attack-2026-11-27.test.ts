import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../common/schemas/list';
import { buildApp } from '../../server/app';
import { resolveReach } from '../../server/access/reach';
import { actorOfUser } from '../../server/auth/sessions';
import { exportJobs } from '../../server/db/schema';
import { TOTAL_CAP } from '../../server/http/paging';
import type { Client, TestApp } from '../support/app';
import { factories, SIMPLE_DEFINITION, startBareTestApp, type Factories, type TestUser, type TwoCsos } from '../support/factories';

// Attacks (27 Nov) on the cursor that carries a list's total, and on the organisations a mentor's or
// a municipal monitor's scope reaches, now read with the session. The cursor is the client's: what
// it may change is the total shown to whoever holds it, never which rows come back.

let t: TestApp;
let f: Factories;
let w: TwoCsos;
let instrumentId: string;
let worker: FastifyInstance | undefined;

beforeAll(async () => {
  t = await startBareTestApp({ exportWorkers: 0 });
  f = await factories(t);
  w = await f.twoCsos();
  instrumentId = (await f.publishedInstrument(SIMPLE_DEFINITION)).id;
  for (let i = 0; i < 7; i++) await f.response(instrumentId, w.a.cso.id, { answers: { n: i }, submit: true, label: `A${i}` });
  for (let i = 0; i < 5; i++) await f.response(instrumentId, w.b.cso.id, { answers: { n: i }, submit: true, label: `B${i}` });
}, 120_000);
afterAll(async () => {
  await worker?.close();
  await t?.close();
});

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
const decode = (cursor: string) => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { key: unknown[]; counted: number };
const orgIds = async (client: Client) => ((await client.get('/api/v1/organisations?pageSize=200')).json().items as { id: string }[]).map((o) => o.id).sort();
const responseOwners = async (client: Client) => new Set(((await client.get('/api/v1/responses?pageSize=200')).json().items as { organisationId: string }[]).map((i) => i.organisationId));
const sorted = (...ids: string[]) => [...ids].sort();

async function setUser(user: TestUser, change: Record<string, unknown>) {
  const current = (await f.admin.get(`/api/v1/users/${user.user.id}`)).json();
  const r = await f.admin.patch(`/api/v1/users/${user.user.id}`, { version: current.version, ...change });
  expect(r.statusCode, r.body).toBe(200);
}

describe('forged cursors', () => {
  it('malformed cursors are a 400 naming `after`, never a 500', async () => {
    const manager = await w.a.manager.login();
    const first = (await manager.get('/api/v1/responses?pageSize=2')).json() as Page<{ id: string }>;
    const { key } = decode(first.next!);
    const bad = [
      b64(JSON.stringify({ key, counted: Number.MAX_SAFE_INTEGER })),
      b64(JSON.stringify({ key, counted: 1e308 })),
      b64(`{"key":${JSON.stringify(key)},"counted":1e400}`), // Infinity
      b64(JSON.stringify({ key, counted: true })),
      b64(JSON.stringify({ key, counted: [3] })),
      b64(JSON.stringify({ key, counted: { valueOf: 3 } })),
      b64(JSON.stringify({ key, counted: null })),
      b64(`{"__proto__":{"key":${JSON.stringify(key)}},"counted":3}`),
      b64(`{"constructor":{"key":1},"counted":3}`),
      b64(JSON.stringify({ key: [...key, 'x'], counted: 3 })),
      b64(JSON.stringify({ key: [{ a: 1 }, key[1]], counted: 3 })),
      b64(JSON.stringify({ key: [key[0], [key[1]]], counted: 3 })),
      b64('null'),
      b64('"a string"'),
      b64('42'),
      b64('{}'),
      b64(JSON.stringify({ key: 'not-an-array', counted: 3 })),
    ];
    for (const c of bad) {
      const r = await manager.get(`/api/v1/responses?pageSize=2&after=${c}`);
      expect(r.statusCode, Buffer.from(c, 'base64url').toString()).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body).toContain('after');
    }
    // The same on the programme-wide lists that page without the gateway.
    for (const url of ['/api/v1/instruments', '/api/v1/learning/trainings']) {
      const r = await f.admin.get(`${url}?after=${b64(JSON.stringify({ key: ['x', '4f1c2b7e-0d3a-4c55-9a8e-2b6f0c1d9e77'], counted: -5 }))}`);
      expect([400, 404], url).toContain(r.statusCode);
    }
  });

  it('a valid cursor with extra keys or a forged in-range total: rows stay in scope; the total shown is the one it carries', async () => {
    const manager = await w.a.manager.login();
    const first = (await manager.get('/api/v1/responses?pageSize=2')).json() as Page<{ id: string; organisationId: string }>;
    expect(first.total).toBe(7);
    const { key } = decode(first.next!);
    const forged = b64(JSON.stringify({ key, counted: TOTAL_CAP + 1, extra: 'x', __proto__: { admin: true } }));
    const r = await manager.get(`/api/v1/responses?pageSize=50&after=${forged}`);
    expect(r.statusCode, r.body).toBe(200);
    const page = r.json() as Page<{ organisationId: string }>;
    expect(page.items.every((i) => i.organisationId === w.a.cso.id)).toBe(true);
    expect(page.items).toHaveLength(5);
    // The total is the one the cursor carries (a forged one misleads only its holder).
    expect(page.total).toBe(TOTAL_CAP);
    expect(page.totalCapped).toBe(true);
    const zero = (await manager.get(`/api/v1/responses?pageSize=2&after=${b64(JSON.stringify({ key, counted: 0 }))}`)).json() as Page<unknown>;
    expect(zero.total).toBe(0);
    expect(zero.items.length).toBe(2);
    expect(zero.next).not.toBeNull();
    expect(decode(zero.next!).counted).toBe(0);
  });

  it("another user's cursor (a wider list) never yields rows outside the caller's scope, but carries that user's total", async () => {
    const adminFirst = (await f.admin.get('/api/v1/responses?pageSize=1')).json() as Page<{ id: string }>;
    const adminTotal = adminFirst.total;
    expect(adminTotal).toBeGreaterThanOrEqual(12);
    const manager = await w.a.manager.login();
    const r = await manager.get(`/api/v1/responses?pageSize=200&after=${encodeURIComponent(adminFirst.next!)}`);
    expect(r.statusCode).toBe(200);
    const page = r.json() as Page<{ organisationId: string }>;
    expect(page.items.every((i) => i.organisationId === w.a.cso.id)).toBe(true);
    // The count of every organisation's forms, as the admin saw it, shown to a CSO manager who
    // follows the admin's link: it is what the cursor says, not anything counted for the manager.
    expect(page.total).toBe(adminTotal);
    // A cursor from B's manager (B's row key) used by A's manager: only A's rows.
    const bFirst = (await (await w.b.manager.login()).get('/api/v1/responses?pageSize=1')).json() as Page<unknown>;
    const crossed = (await manager.get(`/api/v1/responses?pageSize=200&after=${encodeURIComponent(bFirst.next!)}`)).json() as Page<{ organisationId: string }>;
    expect(crossed.items.every((i) => i.organisationId === w.a.cso.id)).toBe(true);
    expect(crossed.total).toBe(5); // B's total, shown to A (it was in the cursor B handed over)
  });

  it('a cursor from another list or sort: 400 where the key does not fit, else rows in scope', async () => {
    const manager = await w.a.manager.login();
    const first = (await manager.get('/api/v1/responses?pageSize=1&sort=status')).json() as Page<unknown>;
    const r = await manager.get(`/api/v1/responses?pageSize=1&after=${encodeURIComponent(first.next!)}`);
    expect(r.statusCode).toBe(400);
    const orgs = (await f.admin.get('/api/v1/organisations?pageSize=1')).json() as Page<unknown>;
    const onResponses = await manager.get(`/api/v1/responses?pageSize=200&after=${encodeURIComponent(orgs.next!)}`);
    expect([200, 400]).toContain(onResponses.statusCode);
    if (onResponses.statusCode === 200) expect((onResponses.json() as Page<{ organisationId: string }>).items.every((i) => i.organisationId === w.a.cso.id)).toBe(true);
  });
});

describe('scoped organisations read with the session', () => {
  it('a mentor reassigned by an admin reaches the new CSOs at the next request (same session), and in responses', async () => {
    const mentor = await w.mentor.login();
    expect(await orgIds(mentor)).toEqual(sorted(w.consortium.id, w.a.cso.id));
    expect(await responseOwners(mentor)).toEqual(new Set([w.a.cso.id]));
    await setUser(w.mentor, { mentorOrganisationIds: [w.b.cso.id] });
    expect(await orgIds(mentor)).toEqual(sorted(w.consortium.id, w.b.cso.id));
    expect(await responseOwners(mentor)).toEqual(new Set([w.b.cso.id]));
    await setUser(w.mentor, { mentorOrganisationIds: [] });
    expect(await orgIds(mentor)).toEqual([w.consortium.id]);
    expect((await responseOwners(mentor)).size).toBe(0);
    await setUser(w.mentor, { mentorOrganisationIds: [w.a.cso.id] });
  });

  it('a mentor whose mentor role is taken away (assignments left behind) no longer reaches the CSOs', async () => {
    const user = await f.user(w.consortium.id, ['mentor', 'programme_manager'], { mentorOrganisationIds: [w.b.cso.id] });
    const client = await user.login();
    await setUser(user, { roles: ['viewer'] });
    // A consortium viewer reads everything (policy); the assigned scope must not widen writes.
    const all = await orgIds(client);
    expect(all).toEqual(expect.arrayContaining([w.a.cso.id, w.b.cso.id, w.cityHall.id]));
    const actor = (await actorOfUser(t.database.db, user.user.id))!;
    const reach = await resolveReach(t.database.db, actor);
    expect(reach.write).toEqual({ all: false, ids: [] });
    expect(reach.read.all).toBe(true);
  });

  it('mentor + viewer on the consortium: reads all (viewer), writes only assigned (mentor)', async () => {
    const user = await f.user(w.consortium.id, ['mentor', 'viewer'], { mentorOrganisationIds: [w.b.cso.id] });
    const actor = (await actorOfUser(t.database.db, user.user.id))!;
    const reach = await resolveReach(t.database.db, actor);
    expect(reach.read.all).toBe(true);
    expect([...reach.write.ids].sort()).toEqual(sorted(w.consortium.id, w.b.cso.id));
    expect(reach.capacity.all).toBe(false);
    expect([...reach.capacity.ids].sort()).toEqual(sorted(w.consortium.id, w.b.cso.id));
    // And through the session the same: every organisation listed (the viewer reads all).
    expect(await orgIds(await user.login())).toEqual(expect.arrayContaining([w.a.cso.id, w.b.cso.id, w.cityHall.id]));
  });

  it('a municipal monitor whose city hall works in several municipalities reaches the CSOs of each, and no more', async () => {
    const hall = await f.organisation('municipality', { municipalityIds: [w.a.municipality.id, w.b.municipality.id] });
    const monitor = await f.user(hall.id, ['municipal_monitor']);
    const client = await monitor.login();
    expect(await orgIds(client)).toEqual(sorted(hall.id, w.a.cso.id, w.b.cso.id));
    expect(await responseOwners(client)).toEqual(new Set([w.a.cso.id, w.b.cso.id]));
    // A second role (viewer on a municipality reads its own): no wider.
    await setUser(monitor, { roles: ['municipal_monitor', 'viewer'] });
    expect(await orgIds(client)).toEqual(sorted(hall.id, w.a.cso.id, w.b.cso.id));
    // Monitor role removed mid-session: the CSOs go at the next request.
    await setUser(monitor, { roles: ['viewer'] });
    expect(await orgIds(client)).toEqual([hall.id]);
    // The same without a session.
    const actor = (await actorOfUser(t.database.db, monitor.user.id))!;
    expect((await resolveReach(t.database.db, actor)).read).toEqual({ all: false, ids: [hall.id] });
  });

  it('a deactivated mentor: the session stops, and a job reaches nothing', async () => {
    const user = await f.user(w.consortium.id, ['mentor'], { mentorOrganisationIds: [w.a.cso.id] });
    const client = await user.login();
    expect(await orgIds(client)).toEqual(sorted(w.consortium.id, w.a.cso.id));
    await setUser(user, { active: false });
    expect((await client.get('/api/v1/organisations')).statusCode).toBe(401);
    const actor = (await actorOfUser(t.database.db, user.user.id))!;
    const reach = await resolveReach(t.database.db, actor);
    expect(reach.read).toEqual({ all: false, ids: [] });
    expect(reach.write).toEqual({ all: false, ids: [] });
  });

  it("a mentor's background export is written in the mentor's scope as it is when the job runs", async () => {
    const user = await f.user(w.consortium.id, ['mentor'], { mentorOrganisationIds: [w.a.cso.id] });
    const client = await user.login();
    const asked = await client.post('/api/v1/exports', { kind: 'responses', params: { format: 'csv', instrumentId } });
    expect(asked.statusCode, asked.body).toBe(202);
    const download = (await client.get(`/api/v1/responses/export?format=csv&instrumentId=${instrumentId}`)).body;
    expect(download).toContain('A0');
    expect(download).not.toContain('B0');
    // Reassigned to B before the job runs.
    await setUser(user, { mentorOrganisationIds: [w.b.cso.id] });
    worker ??= await buildApp({ config: { ...t.config, exportWorkers: 1 }, db: t.database.db, serveWeb: false });
    await worker.ready();
    const id = (asked.json() as { id: string }).id;
    let row;
    for (let tries = 0; tries < 600; tries += 1) {
      [row] = await t.database.db.select().from(exportJobs).where(eq(exportJobs.id, id));
      if (row!.status === 'done' || row!.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(row!.status, row!.error ?? '').toBe('done');
    const file = await client.get(`/api/v1/exports/${id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.body).not.toContain('A0');
    expect(file.body).toContain('B0');
  });
});

describe('cursor values of the right shape that PostgreSQL would refuse', () => {
  // Found by this attack: the time of day and the offset were not checked (a 500 on both databases).
  it('an impossible time of day or zone offset in a cursor is a 400, not a database error', async () => {
    const manager = await w.a.manager.login();
    const id = '4f1c2b7e-0d3a-4c55-9a8e-2b6f0c1d9e77';
    const statuses: Record<string, number> = {};
    for (const time of ['2026-01-01T25:61:61Z', '2026-01-01T10:00:00+99', '2026-01-01T10:00:00+15:99', '2026-01-01T99:00:00Z', '2026-01-01T10:60:00Z']) {
      for (const payload of [[time, id], { key: [time, id], counted: 3 }]) {
        statuses[JSON.stringify(payload)] = (await manager.get(`/api/v1/responses?after=${b64(JSON.stringify(payload))}`)).statusCode;
      }
    }
    expect(Object.entries(statuses).filter(([, status]) => status !== 400)).toEqual([]);
  });
});
