import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases as casesTable, exportJobs } from '../../server/db/schema';
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
    const file = (await workerA.get(`/api/v1/cases/${a.caseId}`)).json() as { sessions: { items: { id: string; notes: string }[] } };
    expect(file.sessions.items).toEqual([expect.objectContaining({ id, notes: SESSION.notes })]);
    expect(((await workerB.get(`/api/v1/cases/${b.caseId}`)).json() as { sessions: { items: unknown[] } }).sessions.items).toHaveLength(0);
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
    // A form about the person (a needs assessment on the case) stays with the CSO.
    const wgSs = ((await f.admin.get('/api/v1/instruments?q=wg_ss')).json().items as { id: string }[])[0]!.id;
    const assessment = await workerA.post(`/api/v1/cases/${referred.caseId}/assessments`, { instrumentId: wgSs });
    expect(assessment.statusCode, assessment.body).toBe(201);
    const formId = assessment.json().response.id as string;
    expect((await workerA.get(`/api/v1/responses/${formId}`)).statusCode).toBe(200);
    for (const client of [monitor, mentor, pm]) {
      expect((await client.get(`/api/v1/responses/${formId}`)).statusCode).toBe(404);
      expect((await client.get('/api/v1/responses?subjectType=person&pageSize=100')).body).not.toContain(formId);
    }
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

describe('what a referral shares with an organisation', () => {
  it('is read by the roles that answer referrals there, not by its viewers; an organisation that answers none cannot be addressed', async () => {
    const donorOrg = await f.organisation('donor');
    const viewerB = await (await f.user(w.b.cso.id, ['viewer'])).login();
    const { caseId, personId } = await personAndCase(workerA, w.a.cso.id);
    const toB = (await workerA.post(`/api/v1/cases/${caseId}/referrals`, { toOrganisationId: w.b.cso.id, reason: 'ფსიქოლოგი B-ში', urgency: 'routine', sharedFields: ['name'] })).json();
    // Only a CSO or a city hall answers referrals: the donor cannot be addressed, and nothing is written.
    const toDonor = await workerA.post(`/api/v1/cases/${caseId}/referrals`, { toOrganisationId: donorOrg.id, reason: 'დონორს', urgency: 'routine', sharedFields: ['name'] });
    expect(toDonor.statusCode, toDonor.body).toBe(400);
    expect(toDonor.json().errors[0].field).toBe('toOrganisationId');
    expect((await workerA.get('/api/v1/referrals?pageSize=200')).json().items.some((r: { toOrganisationId: string }) => r.toOrganisationId === donorOrg.id)).toBe(false);
    expect((await workerB.post(`/api/v1/referrals/${toB.id}/accept`, {})).statusCode).toBe(200);
    expect((await workerB.get(`/api/v1/people/${personId}`)).statusCode).toBe(200);
    expect((await viewerB.get(`/api/v1/referrals/${toB.id}`)).statusCode).toBe(404);
    expect((await viewerB.get('/api/v1/referrals')).json().total).toBe(0);
    expect((await viewerB.get(`/api/v1/people/${personId}`)).statusCode).toBe(404);
    expect((await viewerB.get('/api/v1/people')).json().total).toBe(0);
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

describe('registration, the people list and export, retention', () => {
  let personA: { personId: string; surname: string; caseId: string; version: number };

  beforeAll(async () => {
    personA = await personAndCase(workerA, w.a.cso.id, { personalNumber: '02020202020', targetGroup: 'other' });
  });

  it('takes no representative of another CSO and writes nothing into another CSO', async () => {
    const foreign = await workerB.post('/api/v1/people', { organisationId: w.b.cso.id, givenName: 'ლუკა', surname: 'ბერიძე', sex: 'male', estimatedAge: 9, consent: CONSENT, representativeId: personA.personId });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors.map((e: { field: string }) => e.field)).toEqual(['representativeId']);
    expect(foreign.body).not.toContain(personA.surname);
    const own = await register(workerB, w.b.cso.id);
    const patched = await workerB.patch(`/api/v1/people/${own.id}`, { version: 1, representativeId: personA.personId });
    expect(patched.statusCode).toBe(400);
    const intoA = await workerB.post('/api/v1/people', {
      organisationId: w.a.cso.id, givenName: 'ნიკა', surname: 'ჩაწერილი', sex: 'male', birthDate: '2015-01-01', consent: CONSENT,
      newRepresentative: { givenName: 'დედა', surname: 'ჩაწერილი', sex: 'female', estimatedAge: 40 },
      screening: { instrumentCode: 'cfm_5_17', answers: {} },
    });
    expect([400, 404]).toContain(intoA.statusCode);
    expect((await workerA.get(`/api/v1/people?q=${encodeURIComponent('ჩაწერილი')}`)).json().total).toBe(0);
    expect((await workerB.patch(`/api/v1/people/${personA.personId}`, { version: 1, phone: '1' })).statusCode).toBe(404);
    expect((await workerB.post(`/api/v1/people/${personA.personId}/consents`, CONSENT)).statusCode).toBe(404);
  });

  it('lists and exports only the reader\'s own CSO\'s people, de-identified or not', async () => {
    for (const client of [workerB, managerB]) {
      // (B may hold people of A through accepted referrals; never this one.)
      const list = await client.get(`/api/v1/people?organisationId=${w.a.cso.id}&pageSize=100`);
      expect(list.json().items.map((p: { id: string }) => p.id)).not.toContain(personA.personId);
      expect(list.body).not.toContain(personA.surname);
      for (const query of ['', `&organisationId=${w.a.cso.id}`, '&deidentified=true', `&deidentified=true&organisationId=${w.a.cso.id}`, '&q=02020202020']) {
        const csv = await client.get(`/api/v1/people/export?format=csv${query}`);
        expect(csv.statusCode).toBe(200);
        expect(csv.body, query).not.toContain(personA.surname);
        expect(csv.body, query).not.toContain(personA.personId);
        // Filtered to A, or by A's person's number: the header alone.
        if (query.includes('organisationId') || query.includes('q=')) expect(csv.body.trim().split('\r\n'), query).toHaveLength(1);
      }
    }
    // Control: A's own export holds the person.
    expect((await workerA.get('/api/v1/people/export?format=csv')).body).toContain(personA.surname);
    for (const client of [pm, mentor, monitor, f.admin]) {
      expect((await client.get('/api/v1/people?pageSize=100')).json().items.map((p: { id: string }) => p.id)).not.toContain(personA.personId);
      expect((await client.get(`/api/v1/people/${personA.personId}`)).statusCode).toBe(404);
    }
  });

  it('lists for retention and anonymises only within the manager\'s own CSO', async () => {
    const request = (await workerA.post(`/api/v1/cases/${personA.caseId}/approvals`, { kind: 'closure', closureReason: 'გადავიდა' })).json();
    expect((await managerA.post(`/api/v1/approvals/${request.id}/decide`, { approve: true, version: request.version })).statusCode).toBe(200);
    expect((await workerA.post(`/api/v1/cases/${personA.caseId}/close`, { version: personA.version })).statusCode).toBe(200);
    await t.database.db.update(casesTable).set({ closedOn: '2015-01-01' }).where(eq(casesTable.id, personA.caseId));
    expect((await managerA.get('/api/v1/cases/retention?years=5&pageSize=100')).body).toContain(personA.caseId);
    const other = await managerB.get('/api/v1/cases/retention?years=5&pageSize=100');
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain(personA.caseId);
    expect(other.body).not.toContain(personA.surname);
    for (const client of [workerB, workerA, monitor, pm]) expect((await client.get('/api/v1/cases/retention?years=5')).statusCode).toBe(403);
    expect((await managerB.post(`/api/v1/people/${personA.personId}/erase`, {})).statusCode).toBe(404);
    expect((await managerB.get(`/api/v1/people/${personA.personId}/subject-access`)).statusCode).toBe(404);
    expect((await workerA.get(`/api/v1/people/${personA.personId}`)).json().surname).toBe(personA.surname);
  });
});

describe('learning', () => {
  let staffA: string;
  let participantA: string;
  let trainingId: string;

  beforeAll(async () => {
    const created = await managerA.post('/api/v1/learning/staff', { organisationId: w.a.cso.id, givenName: 'ეკა', surname: 'სწავლობს', sex: 'female', email: 'eka@a.ge', wg: null });
    expect(created.statusCode, created.body).toBe(201);
    staffA = created.json().id;
    const instruments = (await pm.get('/api/v1/instruments?pageSize=100&purpose=survey')).json() as { items: { id: string; code: string }[] };
    const surveyId = instruments.items.find((i) => i.code === 'training_satisfaction')!.id;
    const pkg = await pm.post('/api/v1/learning/packages', { code: `pkg_${unique()}`, titleKa: 'პაკეტი', titleEn: 'Package', published: true });
    const mod = await pm.post('/api/v1/learning/modules', { packageId: pkg.json().id, code: `mod_${unique()}`, titleKa: 'მოდული', titleEn: 'Module', published: true });
    const training = await pm.post('/api/v1/learning/trainings', { moduleId: mod.json().id, titleKa: 'ტრენინგი', titleEn: 'Training', days: ['2026-05-04'], online: true, surveyInstrumentId: surveyId });
    expect(training.statusCode, training.body).toBe(201);
    trainingId = training.json().id;
    const added = await pm.post(`/api/v1/learning/trainings/${trainingId}/participants`, { staffId: staffA });
    expect(added.statusCode, added.body).toBe(201);
    participantA = added.json().participants[0].id;
  });

  it('keeps another CSO\'s staff register, its participants\' surveys and results out of reach', async () => {
    expect((await managerB.post('/api/v1/learning/staff', { organisationId: w.a.cso.id, givenName: 'ა', surname: 'ბ', sex: 'male' })).statusCode).toBe(404);
    expect((await managerB.patch(`/api/v1/learning/staff/${staffA}`, { version: 1, surname: 'შეცვლილი' })).statusCode).toBe(404);
    expect((await managerB.get(`/api/v1/learning/staff/${staffA}`)).statusCode).toBe(404);
    expect((await workerA.patch(`/api/v1/learning/staff/${staffA}`, { version: 1, surname: 'შეცვლილი' })).statusCode).toBe(403);
    const linkForeign = await managerA.patch(`/api/v1/learning/staff/${staffA}`, { version: 1, userId: w.b.caseWorker.user.id });
    expect(linkForeign.statusCode).toBe(400);
    for (const client of [managerB, workerB]) {
      const csv = await client.get(`/api/v1/learning/staff/export?format=csv&organisationId=${w.a.cso.id}`);
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain('სწავლობს');
      expect(csv.body).not.toContain('eka@a.ge');
    }
    for (const client of [monitor, cityHallViewer]) expect((await client.get('/api/v1/learning/staff/export?format=csv')).statusCode).toBe(403);
    for (const client of [managerB, workerA, mentor]) {
      expect((await client.post(`/api/v1/learning/participants/${participantA}/survey`)).statusCode).toBe(404);
      const detail = await client.get(`/api/v1/learning/trainings/${trainingId}`);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().participants).toEqual([]);
    }
    expect((await managerA.post(`/api/v1/learning/participants/${participantA}/survey`)).statusCode).toBe(200);
    const survey = await managerB.get(`/api/v1/learning/trainings/${trainingId}/survey`);
    expect(survey.statusCode).toBe(200);
    for (const client of [managerB, workerB, monitor, mentor]) {
      for (const url of ['/api/v1/learning/enrolments/export?format=csv', '/api/v1/learning/certificates/export?format=csv']) {
        const csv = await client.get(url);
        expect(csv.statusCode, url).toBe(200);
        expect(csv.body).not.toContain('სწავლობს');
      }
    }
  });
});
