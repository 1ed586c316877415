import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Client, TestApp } from '../support/app';
import { whileAuditRefuses } from '../support/audit';
import { capture, rowQueries, sequentialScans } from '../support/queries';
import { factories, startBareTestApp, type Factories, type TestUser, type TwoCsos } from '../support/factories';

/**
 * Field work and state services: sessions sent from a device with the device's id (stored once,
 * conflicts answered, never overwritten), the staff who delivered a session, and referrals to a
 * city hall answered by its municipal monitors.
 */
let t: TestApp;
let f: Factories;
let world: TwoCsos;
let worker: Client;
let manager: Client;
let managerUser: TestUser;
let otherWorker: Client;
let receiverB: Client;
let monitor: Client;
let otherMonitor: Client;
let otherCityHall: { id: string };

const CONSENT = { givenBy: 'person', givenOn: '2026-01-10', processing: true, referralSharing: true, photos: false };
const SESSION = { kind: 'individual', heldOn: '2026-02-02', minutes: 45, attended: true, notes: 'ოჯახში ვიზიტი' };

async function personAndCase(client = worker, overrides: Record<string, unknown> = {}) {
  const person = await client.post('/api/v1/people', { organisationId: world.a.cso.id, givenName: 'ანა', surname: 'კაპანაძე', sex: 'female', birthDate: '2017-05-06', phone: '+995 555 11 22 33', disability: true, consent: CONSENT, ...overrides });
  expect(person.statusCode, person.body).toBe(201);
  const opened = await client.post('/api/v1/cases', { personId: person.json().id });
  expect(opened.statusCode, opened.body).toBe(201);
  return { personId: person.json().id as string, caseId: opened.json().id as string, version: opened.json().version as number };
}

const put = (client: Client, caseId: string, id: string, body: Record<string, unknown> = SESSION) => client.request('PUT', `/api/v1/cases/${caseId}/sessions/${id}`, body);

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
  worker = await world.a.caseWorker.login();
  managerUser = world.a.manager;
  manager = await managerUser.login();
  otherWorker = await (await f.user(world.a.cso.id, ['case_worker'])).login();
  receiverB = await world.b.caseWorker.login();
  monitor = await world.monitor.login();
  otherCityHall = await f.organisation('municipality', { municipalityIds: [world.b.municipality.id] });
  otherMonitor = await (await f.user(otherCityHall.id, ['municipal_monitor'])).login();
}, 120_000);
afterAll(async () => t?.close());

describe('a session sent from a device', () => {
  it('is stored once, however often the same send arrives', async () => {
    const { caseId } = await personAndCase();
    const id = randomUUID();
    const first = await put(worker, caseId, id);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ id, caseId, minutes: 45, notes: 'ოჯახში ვიზიტი' });
    // The answer was lost on the way: the device sends again.
    const again = await put(worker, caseId, id);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ id, version: first.json().version });
    const file = (await worker.get(`/api/v1/cases/${caseId}`)).json();
    expect(file.sessions.items.map((s: { id: string }) => s.id)).toEqual([id]);
  });

  it('answers a conflict, never an overwrite, when the id holds another session', async () => {
    const { caseId } = await personAndCase();
    const other = await personAndCase();
    const id = randomUUID();
    expect((await put(worker, caseId, id)).statusCode).toBe(201);
    const changed = await put(worker, caseId, id, { ...SESSION, minutes: 90 });
    expect(changed.statusCode).toBe(409);
    expect(changed.headers['content-type']).toContain('application/problem+json');
    expect(changed.json().detail).toBeTruthy();
    expect((await put(worker, other.caseId, id)).statusCode).toBe(409);
    const file = (await worker.get(`/api/v1/cases/${caseId}`)).json();
    expect(file.sessions.items).toHaveLength(1);
    expect(file.sessions.items[0].minutes).toBe(45);
    expect((await worker.get(`/api/v1/cases/${other.caseId}`)).json().sessions.items).toHaveLength(0);
    // Another CSO's device that happens on the id: a conflict that says nothing of what holds it.
    const personB = (await receiverB.post('/api/v1/people', { organisationId: world.b.cso.id, givenName: 'ლევან', surname: 'ხუციშვილი', sex: 'male', birthDate: '2015-03-03', consent: CONSENT })).json();
    const caseB = (await receiverB.post('/api/v1/cases', { personId: personB.id })).json();
    const taken = await put(receiverB, caseB.id, id);
    expect(taken.statusCode, taken.body).toBe(409);
    expect(taken.body).not.toContain('ოჯახში');
  });

  it('is a conflict when the case was closed meanwhile; a session stored before the closure still answers', async () => {
    const { caseId, version } = await personAndCase();
    const before = randomUUID();
    expect((await put(worker, caseId, before)).statusCode).toBe(201);
    const request = (await worker.post(`/api/v1/cases/${caseId}/approvals`, { kind: 'closure', closureReason: 'moved away' })).json();
    expect((await manager.post(`/api/v1/approvals/${request.id}/decide`, { approve: true, version: request.version })).statusCode).toBe(200);
    expect((await worker.post(`/api/v1/cases/${caseId}/close`, { version })).statusCode).toBe(200);
    const late = await put(worker, caseId, randomUUID());
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe('შემთხვევა დახურულია: ახალი სესია აღარ ჩაიწერება');
    expect((await worker.post(`/api/v1/cases/${caseId}/sessions`, SESSION)).statusCode).toBe(409);
    expect((await put(worker, caseId, before)).statusCode).toBe(200);
  });

  it('is a conflict when consent was withdrawn, and 404 when the case is no longer the sender\'s', async () => {
    const { personId, caseId } = await personAndCase();
    const consentId = (await worker.get(`/api/v1/people/${personId}`)).json().consents[0].id;
    expect((await worker.post(`/api/v1/people/${personId}/consents/${consentId}/withdraw`, {})).statusCode).toBe(200);
    expect((await put(worker, caseId, randomUUID())).statusCode).toBe(409);
    const elsewhere = await personAndCase();
    const lost = await put(otherWorker, elsewhere.caseId, randomUUID());
    expect(lost.statusCode).toBe(404);
    expect((await worker.get(`/api/v1/cases/${elsewhere.caseId}`)).json().sessions.items).toHaveLength(0);
  });
});

describe("a long case's sessions", () => {
  it('come newest first, the file holding the first page and the rest paged without losing one', async () => {
    const { caseId } = await personAndCase();
    const held = Array.from({ length: 30 }, (_, i) => `2026-0${1 + Math.floor(i / 10)}-${String(10 + (i % 10)).padStart(2, '0')}`);
    // Two on one day: the page order still separates them (by id), so neither is lost between pages.
    held.push(held[24]!);
    for (const heldOn of held) expect((await put(worker, caseId, randomUUID(), { ...SESSION, heldOn })).statusCode).toBe(201);
    const file = (await worker.get(`/api/v1/cases/${caseId}`)).json();
    expect(file.sessions).toMatchObject({ total: held.length, totalCapped: false, pageSize: 25 });
    expect(file.sessions.items).toHaveLength(25);
    const seen: { id: string; heldOn: string }[] = [...file.sessions.items];
    let after: string | null = file.sessions.next;
    for (let page = 2; after; page++) {
      const res = await worker.get(`/api/v1/cases/${caseId}/sessions?page=${page}&after=${encodeURIComponent(after)}`);
      expect(res.statusCode, res.body).toBe(200);
      seen.push(...res.json().items);
      after = res.json().next;
    }
    expect(new Set(seen.map((s) => s.id)).size).toBe(held.length);
    expect(seen.map((s) => s.heldOn)).toEqual([...held].sort().reverse());
    // Among many other sessions of the CSO, both pages are read along the case's index.
    const busy = await personAndCase();
    await t.database.db.execute(sql`
      insert into case_sessions (organisation_id, case_id, kind, held_on, minutes, attended)
      select organisation_id, id, 'individual', date '2020-01-01' + g, 30, true from cases, generate_series(1, 20000) g where id = ${busy.caseId}`);
    await t.database.db.execute(sql`analyze case_sessions`);
    for (const url of [`/api/v1/cases/${caseId}`, `/api/v1/cases/${caseId}/sessions?page=2&after=${encodeURIComponent(file.sessions.next)}`]) {
      const { status, statements } = await capture(t.database, worker, url);
      expect(status).toBe(200);
      for (const statement of rowQueries(statements)) expect(await sequentialScans(t.database, statement, ['case_sessions']), statement.sql.slice(0, 200)).toEqual([]);
    }
    // Another CSO cannot page them, and learns nothing of the case by trying.
    const elsewhere = await receiverB.get(`/api/v1/cases/${caseId}/sessions`);
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.body).not.toContain('ოჯახში');
  });
});

describe('a read that cannot be recorded', () => {
  it('withholds the answer, an error answer too, behind a plain 500 problem', async () => {
    const { caseId } = await personAndCase();
    await whileAuditRefuses(t.database, { action: 'read', entityType: 'case' }, async () => {
      // The case is read (and its read held for the log), then the cursor is refused: a 400 that
      // must not go out either, and certainly not as the failed statement with its values.
      for (const url of [`/api/v1/cases/${caseId}`, `/api/v1/cases/${caseId}/sessions?after=not-a-cursor`]) {
        const res = await worker.get(url);
        expect(res.statusCode, url).toBe(500);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ type: 'urn:ertad:problem:internal', status: 500 });
        expect(res.body).not.toContain(caseId);
        expect(res.body).not.toMatch(/audit_log|insert|params/i);
      }
    });
    expect((await worker.get(`/api/v1/cases/${caseId}/sessions?after=not-a-cursor`)).statusCode).toBe(400);
  });
});

describe('who delivered a session', () => {
  it('is one of the CSO\'s staff, picked from /case-staff; anyone else is a 400 on staffId', async () => {
    const { caseId } = await personAndCase();
    const staff = (await worker.get('/api/v1/case-staff')).json() as { id: string }[];
    expect(staff.map((s) => s.id)).toContain(managerUser.user.id);
    const byManager = await put(worker, caseId, randomUUID(), { ...SESSION, staffId: managerUser.user.id });
    expect(byManager.statusCode, byManager.body).toBe(201);
    expect(byManager.json().staffId).toBe(managerUser.user.id);
    const byDefault = await worker.post(`/api/v1/cases/${caseId}/sessions`, SESSION);
    expect(byDefault.json().staffId).toBe(world.a.caseWorker.user.id);
    for (const outsider of [world.b.caseWorker.user.id, world.monitor.user.id, randomUUID()]) {
      const res = await put(worker, caseId, randomUUID(), { ...SESSION, staffId: outsider });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().errors).toEqual([{ field: 'staffId', message: 'ეს მომხმარებელი ამ ორგანიზაციის სოციალური მუშაკი არ არის' }]);
    }
    expect((await worker.get(`/api/v1/cases/${caseId}`)).json().sessions.items).toHaveLength(2);
  });
});

describe('a referral to a city hall', () => {
  async function referToCityHall(sharedFields = ['name', 'birthDate']) {
    const { personId, caseId } = await personAndCase();
    const sent = await worker.post(`/api/v1/cases/${caseId}/referrals`, { toOrganisationId: world.cityHall.id, reason: 'სოციალური დახმარება', urgency: 'urgent', sharedFields });
    expect(sent.statusCode, sent.body).toBe(201);
    return { personId, caseId, id: sent.json().id as string };
  }

  it('is answered by the city hall\'s monitors, who then see the agreed subset and nothing else of the case', async () => {
    const { personId, caseId, id } = await referToCityHall();
    expect((await monitor.get(`/api/v1/people/${personId}`)).statusCode).toBe(404);
    const received = (await monitor.get('/api/v1/referrals?direction=received')).json();
    expect(received.items.map((r: { id: string }) => r.id)).toContain(id);
    expect((await monitor.get(`/api/v1/referrals/${id}`)).json()).toMatchObject({ status: 'pending', direction: 'received' });
    // Another city hall sees nothing and answers nothing.
    expect((await otherMonitor.get(`/api/v1/referrals/${id}`)).statusCode).toBe(404);
    expect((await otherMonitor.post(`/api/v1/referrals/${id}/accept`, {})).statusCode).toBe(404);

    const accepted = await monitor.post(`/api/v1/referrals/${id}/accept`, { reason: '' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    expect((await worker.get(`/api/v1/referrals/${id}`)).json().status).toBe('accepted');

    const seen = await monitor.get(`/api/v1/people/${personId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json()).toMatchObject({ view: 'referral', givenName: 'ანა', birthDate: '2017-05-06', phone: null, personalNumber: null, disability: null, consents: [] });
    // Nothing else of cases: the file, its lists, the person's history, any change.
    expect((await monitor.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await monitor.get(`/api/v1/cases?personId=${personId}`)).json().items).toEqual([]);
    expect((await monitor.get(`/api/v1/people/${personId}/history`)).statusCode).toBe(403);
    expect((await monitor.patch(`/api/v1/people/${personId}`, { version: 1, phone: '1' })).statusCode).toBe(403);
    expect((await monitor.request('PUT', `/api/v1/cases/${caseId}/sessions/${randomUUID()}`, SESSION)).statusCode).toBe(403);
    // Other people of the CSO in the monitor's municipality stay out of reach.
    const unrelated = await personAndCase();
    expect((await monitor.get(`/api/v1/people/${unrelated.personId}`)).statusCode).toBe(404);
    expect((await monitor.get(`/api/v1/cases/${unrelated.caseId}`)).statusCode).toBe(404);
    expect((await otherMonitor.get(`/api/v1/people/${personId}`)).statusCode).toBe(404);

    const completed = await monitor.post(`/api/v1/referrals/${id}/complete`, { reason: 'დახმარება გაიცა' });
    expect(completed.json().status).toBe('completed');
    expect((await worker.get(`/api/v1/referrals/${id}`)).json()).toMatchObject({ status: 'completed', decisionReason: 'დახმარება გაიცა' });
    expect((await monitor.get(`/api/v1/people/${personId}`)).statusCode).toBe(404);
  });

  it('declined (with a reason) or revoked by the sender, it gives the city hall nothing', async () => {
    const declined = await referToCityHall();
    expect((await monitor.post(`/api/v1/referrals/${declined.id}/decline`, {})).statusCode).toBe(400);
    expect((await monitor.post(`/api/v1/referrals/${declined.id}/decline`, { reason: 'არ არის ჩვენი კომპეტენცია' })).json().status).toBe('declined');
    expect((await worker.get(`/api/v1/referrals/${declined.id}`)).json()).toMatchObject({ status: 'declined', decisionReason: 'არ არის ჩვენი კომპეტენცია' });
    expect((await monitor.get(`/api/v1/people/${declined.personId}`)).statusCode).toBe(404);

    const revoked = await referToCityHall();
    expect((await monitor.post(`/api/v1/referrals/${revoked.id}/accept`, {})).statusCode).toBe(200);
    expect((await monitor.get(`/api/v1/people/${revoked.personId}`)).statusCode).toBe(200);
    expect((await worker.post(`/api/v1/referrals/${revoked.id}/revoke`, {})).json().status).toBe('revoked');
    expect((await monitor.get(`/api/v1/people/${revoked.personId}`)).statusCode).toBe(404);
    expect((await monitor.get(`/api/v1/referrals/${revoked.id}`)).json().status).toBe('revoked');
  });
});
