import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJobs } from '../../server/db/schema';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, unique, type Factories, type TwoCsos } from '../support/factories';

/**
 * Security review of 2026-11-26: probes of the endpoints that landed that day (sessions from a
 * device, city-hall referrals, registration with a representative and a screening, the people
 * list and export, retention, learning surveys and exports, background exports), each asserting
 * the safe answer: 404 (or 403 by role), and nothing of another organisation in the body.
 */
let t: TestApp;
let f: Factories;
let w: TwoCsos;
let workerA: Client;
let managerA: Client;
let workerB: Client;
let managerB: Client;
let monitor: Client;
let otherMonitor: Client;
let cityHallViewer: Client;
let mentor: Client;
let pm: Client;

const CONSENT = { givenBy: 'person', givenOn: '2026-01-10', processing: true, referralSharing: true, photos: false };
const SESSION = { kind: 'individual', heldOn: '2026-02-02', minutes: 45, attended: true, notes: 'საიდუმლო ჩანაწერი A' };
const PN_A = '01010101010';

async function register(client: Client, organisationId: string, overrides: Record<string, unknown> = {}) {
  const r = await client.post('/api/v1/people', { organisationId, givenName: 'თამარ', surname: `ჯაფარიძე${unique()}`, sex: 'female', birthDate: '2016-04-04', consent: CONSENT, ...overrides });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; surname: string };
}

async function personAndCase(client: Client, organisationId: string, overrides: Record<string, unknown> = {}) {
  const person = await register(client, organisationId, overrides);
  const opened = await client.post('/api/v1/cases', { personId: person.id });
  expect(opened.statusCode, opened.body).toBe(201);
  return { personId: person.id, surname: person.surname, caseId: opened.json().id as string, version: opened.json().version as number };
}

const put = (client: Client, caseId: string, id: string, body: Record<string, unknown> = SESSION) => client.request('PUT', `/api/v1/cases/${caseId}/sessions/${id}`, body);

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  w = await f.twoCsos();
  workerA = await w.a.caseWorker.login();
  managerA = await w.a.manager.login();
  workerB = await w.b.caseWorker.login();
  managerB = await w.b.manager.login();
  monitor = await w.monitor.login();
  const otherCityHall = await f.organisation('municipality', { municipalityIds: [w.b.municipality.id] });
  otherMonitor = await (await f.user(otherCityHall.id, ['municipal_monitor'])).login();
  cityHallViewer = await (await f.user(w.cityHall.id, ['viewer'])).login();
  mentor = await w.mentor.login();
  pm = await (await f.user(w.consortium.id, ['programme_manager'])).login();
}, 180_000);
afterAll(async () => t?.close());

describe('PUT /cases/:id/sessions/:sessionId', () => {
  it('keeps another CSO out of a case, its session ids and its staff', async () => {
    const a = await personAndCase(workerA, w.a.cso.id);
    const b = await personAndCase(workerB, w.b.cso.id);
    const id = randomUUID();
    expect((await put(workerA, a.caseId, id)).statusCode).toBe(201);
    // Another CSO's case id: 404, whoever asks from B.
    for (const outsider of [workerB, managerB]) expect((await put(outsider, a.caseId, randomUUID())).statusCode).toBe(404);
    // The same send (same id, same content) from B: no echo of A's stored session.
    for (const [caseId, body] of [[a.caseId, SESSION], [b.caseId, SESSION], [b.caseId, { ...SESSION, notes: 'სხვა' }]] as const) {
      const r = await put(workerB, caseId, id, body);
      expect([404, 409]).toContain(r.statusCode);
      expect(r.body).not.toContain('საიდუმლო');
      expect(r.body).not.toContain(a.caseId);
    }
    // Staff of another organisation cannot be named as who delivered it.
    const foreignStaff = await put(workerA, a.caseId, randomUUID(), { ...SESSION, staffId: w.b.caseWorker.user.id });
    expect(foreignStaff.statusCode).toBe(400);
    // Roles without case work: 403 before anything is read.
    for (const client of [monitor, mentor, pm]) expect((await put(client, a.caseId, randomUUID())).statusCode).toBe(403);
    // A's manager reaches the case for writing but does not read the file: a replay of another id says nothing.
    const replay = await put(managerA, a.caseId, id, { ...SESSION, notes: 'x' });
    expect(replay.statusCode).toBe(409);
    expect(replay.body).not.toContain('საიდუმლო');
    const file = (await workerA.get(`/api/v1/cases/${a.caseId}`)).json() as { sessions: { id: string; notes: string }[] };
    expect(file.sessions).toEqual([expect.objectContaining({ id, notes: SESSION.notes })]);
    expect(((await workerB.get(`/api/v1/cases/${b.caseId}`)).json() as { sessions: unknown[] }).sessions).toHaveLength(0);
  });
});

describe('a referral to a city hall, answered by its municipal monitors', () => {
  let referred: { personId: string; surname: string; caseId: string };
  let referralId: string;
  let neighbour: { personId: string; caseId: string };

  beforeAll(async () => {
    referred = await personAndCase(workerA, w.a.cso.id, { personalNumber: PN_A, targetGroup: 'families_at_risk', phone: '+995 555 00 00 01', address: 'თელავი, სანდრო 1' });
    expect((await put(workerA, referred.caseId, randomUUID())).statusCode).toBe(201);
    neighbour = await personAndCase(workerA, w.a.cso.id);
    // Only the sex is shared: not the name, the birth date, the number or the target group.
    const sent = await workerA.post(`/api/v1/cases/${referred.caseId}/referrals`, { toOrganisationId: w.cityHall.id, reason: 'სოციალური დახმარება', urgency: 'routine', sharedFields: ['sex'] });
    expect(sent.statusCode, sent.body).toBe(201);
    referralId = sent.json().id;
  });

  it('is answered only by the addressed city hall\'s monitors', async () => {
    expect((await otherMonitor.post(`/api/v1/referrals/${referralId}/accept`, {})).statusCode).toBe(404);
    expect((await otherMonitor.get(`/api/v1/referrals/${referralId}`)).statusCode).toBe(404);
    expect((await workerB.post(`/api/v1/referrals/${referralId}/accept`, {})).statusCode).toBe(404);
    expect((await cityHallViewer.post(`/api/v1/referrals/${referralId}/accept`, {})).statusCode).toBe(403);
    expect((await mentor.post(`/api/v1/referrals/${referralId}/accept`, {})).statusCode).toBe(403);
    const accepted = await monitor.post(`/api/v1/referrals/${referralId}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
  });

  it('lets the monitor read the agreed subset of the person, nothing more', async () => {
    const person = await monitor.get(`/api/v1/people/${referred.personId}`);
    expect(person.statusCode, person.body).toBe(200);
    expect(person.json()).toMatchObject({ view: 'referral', sex: 'female', givenName: null, surname: null, birthDate: null, personalNumber: null, phone: null, address: null, targetGroup: null, consents: [] });
    // The age band is the birth date in other words: not shared either.
    expect(person.json().ageBand).toBeNull();
    expect(person.body).not.toContain(referred.surname);
    expect(person.body).not.toContain(PN_A);
    const list = await monitor.get('/api/v1/people');
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([referred.personId]);
    expect(list.json().items[0].ageBand).toBeNull();
  });

  it('gives the monitor no search by what was not shared (number, name, target group)', async () => {
    for (const query of [`q=${PN_A}`, `q=${encodeURIComponent(referred.surname)}`, 'targetGroup=families_at_risk']) {
      const r = await monitor.get(`/api/v1/people?${query}`);
      expect(r.statusCode).toBe(200);
      expect(r.json().items.map((p: { id: string }) => p.id), query).not.toContain(referred.personId);
      expect(r.json().total, query).toBe(0);
    }
    // Control: what was shared still finds them, and a filter that does not match hides them.
    expect((await monitor.get('/api/v1/people?targetGroup=other')).json().total).toBe(0);
  });

  it('keeps the case file, other people, the history and the export closed to the monitor', async () => {
    expect((await monitor.get(`/api/v1/cases/${referred.caseId}`)).statusCode).toBe(404);
    expect((await monitor.get(`/api/v1/cases?personId=${referred.personId}`)).json().items).toEqual([]);
    expect((await monitor.get('/api/v1/cases')).json().items).toEqual([]);
    expect((await monitor.get(`/api/v1/people/${neighbour.personId}`)).statusCode).toBe(404);
    expect((await monitor.get(`/api/v1/cases/${neighbour.caseId}`)).statusCode).toBe(404);
    expect((await monitor.get(`/api/v1/people/${referred.personId}/history`)).statusCode).toBe(403);
    expect((await monitor.get(`/api/v1/people/${referred.personId}/subject-access`)).statusCode).toBe(403);
    expect((await monitor.get('/api/v1/people/export?format=csv')).statusCode).toBe(403);
    expect((await monitor.get('/api/v1/people/export?format=csv&deidentified=true')).statusCode).toBe(403);
    expect((await monitor.post(`/api/v1/cases/${referred.caseId}/sessions`, SESSION)).statusCode).toBe(403);
    const targets = await monitor.get('/api/v1/referral-targets');
    expect(targets.statusCode).toBe(200);
    expect(targets.body).not.toContain(referred.surname);
    for (const target of targets.json() as Record<string, unknown>[]) expect(Object.keys(target).sort()).toEqual(['id', 'kind', 'nameEn', 'nameKa']);
    // The other municipality's monitor: nothing at all.
    expect((await otherMonitor.get(`/api/v1/people/${referred.personId}`)).statusCode).toBe(404);
    expect((await otherMonitor.get('/api/v1/people')).json().total).toBe(0);
    expect((await otherMonitor.get('/api/v1/referrals')).json().total).toBe(0);
  });

  it('does not open the referral or the person to the city hall\'s other roles (a viewer)', async () => {
    expect((await cityHallViewer.get(`/api/v1/people/${referred.personId}`)).statusCode).toBe(404);
    expect((await cityHallViewer.get('/api/v1/people')).json().total).toBe(0);
    expect((await cityHallViewer.get(`/api/v1/referrals/${referralId}`)).statusCode).toBe(404);
    const listed = await cityHallViewer.get('/api/v1/referrals');
    expect(listed.body).not.toContain('სოციალური დახმარება');
  });

  it('ends the monitor\'s view when completed', async () => {
    expect((await monitor.post(`/api/v1/referrals/${referralId}/complete`, { reason: 'done' })).statusCode).toBe(200);
    expect((await monitor.get(`/api/v1/people/${referred.personId}`)).statusCode).toBe(404);
    expect((await monitor.get('/api/v1/people')).json().total).toBe(0);
  });
});

describe('background exports', () => {
  let instrumentId: string;

  async function finished(id: string) {
    for (let tries = 0; tries < 300; tries += 1) {
      const [row] = await t.database.db.select().from(exportJobs).where(eq(exportJobs.id, id));
      if (row?.status === 'done' || row?.status === 'failed') return row;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the export did not finish');
  }
  async function exported(client: Client, params: Record<string, unknown>) {
    const asked = await client.post('/api/v1/exports', { kind: 'responses', params: { format: 'csv', instrumentId, ...params } });
    expect(asked.statusCode, asked.body).toBe(202);
    expect((await finished(asked.json().id)).status).toBe('done');
    return asked.json().id as string;
  }

  beforeAll(async () => {
    instrumentId = (await f.publishedInstrument()).id;
    await f.response(instrumentId, w.a.cso.id, { answers: { n: 4 }, submit: true, label: 'ფორმა A-სი' });
    await f.response(instrumentId, w.b.cso.id, { answers: { n: 7 }, submit: true, label: 'ფორმა B-სი' });
  });

  it('never widen the scope by their parameters, and are nobody else\'s', async () => {
    const id = await exported(managerA, { organisationId: w.b.cso.id });
    const file = await managerA.get(`/api/v1/exports/${id}/file`);
    expect(file.statusCode).toBe(200);
    expect(file.body).not.toContain('ფორმა B-სი');
    const own = await managerA.get(`/api/v1/exports/${await exported(managerA, {})}/file`);
    expect(own.body).toContain('ფორმა A-სი');
    expect(own.body).not.toContain('ფორმა B-სი');
    for (const other of [workerA, managerB, monitor, pm, f.admin]) {
      expect((await other.get(`/api/v1/exports/${id}/file`)).statusCode).toBe(404);
      expect((await other.get('/api/v1/exports?pageSize=100')).body).not.toContain(id);
    }
  });

  it('are not downloaded any more once the requester moved to another organisation or lost the role', async () => {
    const moving = await f.user(w.a.cso.id, ['cso_manager']);
    const client = await moving.login();
    const id = await exported(client, {});
    expect((await client.get(`/api/v1/exports/${id}/file`)).body).toContain('ფორმა A-სი');
    const user = (await f.admin.get(`/api/v1/users/${moving.user.id}`)).json();
    expect((await f.admin.patch(`/api/v1/users/${user.id}`, { version: user.version, organisationId: w.b.cso.id })).statusCode).toBe(200);
    const after = await client.get(`/api/v1/exports/${id}/file`);
    expect(after.statusCode).toBe(404);
    expect(after.body).not.toContain('ფორმა A-სი');

    const staff = await f.user(w.consortium.id, ['programme_manager']);
    const staffClient = await staff.login();
    const all = await exported(staffClient, {});
    expect((await staffClient.get(`/api/v1/exports/${all}/file`)).body).toContain('ფორმა B-სი');
    const before = (await f.admin.get(`/api/v1/users/${staff.user.id}`)).json();
    expect((await f.admin.patch(`/api/v1/users/${before.id}`, { version: before.version, roles: ['mentor'], mentorOrganisationIds: [w.a.cso.id] })).statusCode).toBe(200);
    expect((await staffClient.get(`/api/v1/exports/${all}/file`)).statusCode).toBe(404);
  });
});
