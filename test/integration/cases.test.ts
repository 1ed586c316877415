import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, programmeToday } from '../../server/calendar';
import { grants } from '../../server/db/schema';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, type Factories, type TwoCsos, type TestUser } from '../support/factories';
import { capture } from '../support/queries';

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let worker: Client;
let manager: Client;
let receiver: Client;
let third: Client;
let thirdCso: { id: string };
let viewer: TestUser;
let pm: TestUser;

const CONSENT = { givenBy: 'representative', representativeName: 'მარინე ბერიძე', givenOn: '2026-01-10', processing: true, referralSharing: true, photos: false };
const PERSONAL_NUMBER = '01024085561';

async function register(client: Client, overrides: Record<string, unknown> = {}) {
  const res = await client.post('/api/v1/people', {
    organisationId: world.a.cso.id,
    givenName: 'ნინო',
    surname: 'ბერიძე',
    sex: 'female',
    birthDate: '2018-04-02',
    personalNumber: PERSONAL_NUMBER,
    disability: true,
    phone: '+995 555 12 34 56',
    address: 'თელავი, ერეკლე II-ის ქ. 5',
    consent: CONSENT,
    ...overrides,
  });
  return res;
}

async function openCaseFor(personId: string, client = worker) {
  const res = await client.post('/api/v1/cases', { personId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; personId: string };
}

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
  worker = await world.a.caseWorker.login();
  manager = await world.a.manager.login();
  receiver = await world.b.caseWorker.login();
  const cso = await f.organisation('cso');
  thirdCso = cso;
  third = await (await f.user(cso.id, ['case_worker'])).login();
  const donor = await f.organisation('donor');
  viewer = await f.user(donor.id, ['viewer']);
  pm = await f.user(world.consortium.id, ['programme_manager']);
}, 120_000);
afterAll(async () => t?.close());

describe('people served', () => {
  it('registers with consent, derives the Latin spelling, and finds the person by either spelling or number', async () => {
    const res = await register(worker, { givenName: 'თამარ', surname: 'ყიფიანი', personalNumber: '01001012345' });
    expect(res.statusCode, res.body).toBe(201);
    const person = res.json();
    expect(person.latinName).toBe("Tamar Q'ipiani");
    expect(person.personalNumber).toBe('01001012345');
    expect(person.hasProcessingConsent).toBe(true);
    for (const q of ['ყიფიანი', 'qipiani', 'Kipiani', "Q'ipiani tamar", '01001012345']) {
      const found = (await worker.get(`/api/v1/people?q=${encodeURIComponent(q)}`)).json();
      expect(found.items.map((p: { id: string }) => p.id), q).toContain(person.id);
    }
  });

  it('keeps nothing beyond the registration minimum without consent to processing', async () => {
    const res = await register(worker, { consent: null });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['personalNumber', 'phone', 'address', 'disability']));
    const minimal = await register(worker, { consent: null, personalNumber: null, phone: '', address: '', disability: null, givenName: 'გიორგი' });
    expect(minimal.statusCode, minimal.body).toBe(201);
    expect(minimal.json().hasProcessingConsent).toBe(false);
    // No case without consent.
    const opened = await worker.post('/api/v1/cases', { personId: minimal.json().id });
    expect(opened.statusCode).toBe(409);
  });

  it('rejects a personal number that is not 11 digits with a translated message', async () => {
    const res = await register(worker, { personalNumber: '12345' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ field: 'personalNumber', message: 'პირადი ნომერი უნდა იყოს 11 ციფრი' });
  });

  it('shows close matches inside the CSO before saving, and elsewhere only that a match exists', async () => {
    const first = (await register(worker, { givenName: 'ლევან', surname: 'კაპანაძე', birthDate: '2015-06-01', personalNumber: '61001055555' })).json();
    const check = await worker.post('/api/v1/people/duplicates', { organisationId: world.a.cso.id, givenName: 'Levan', surname: 'Kapanadze', birthDate: '2015-06-01' });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json().matches.map((m: { id: string }) => m.id)).toContain(first.id);
    expect(check.json().elsewhere).toBe(false);
    // Another CSO registering the same child learns only that a possible match exists elsewhere.
    const elsewhere = await receiver.post('/api/v1/people/duplicates', { organisationId: world.b.cso.id, givenName: 'ლევან', surname: 'კაპანაძე', birthDate: '2015-06-01', personalNumber: '61001055555' });
    expect(elsewhere.json()).toEqual({ matches: [], elsewhere: true });
    expect(elsewhere.body).not.toContain(first.id);
    expect(elsewhere.body).not.toContain(world.a.cso.id);
  });

  it('encrypts the personal number and case notes at rest: a raw dump does not contain them', async () => {
    const person = (await register(worker, { personalNumber: '35001099999', givenName: 'ანა' })).json();
    const opened = await openCaseFor(person.id);
    const notes = 'Mother reports seizures at night; very private note 7781';
    expect((await worker.post(`/api/v1/cases/${opened.id}/sessions`, { kind: 'individual', heldOn: '2026-02-01', minutes: 45, attended: true, notes })).statusCode).toBe(201);
    const dumpOf = async (table: string) => JSON.stringify(await t.database.db.execute(sql.raw(`select * from ${table}`)));
    const dump = (await dumpOf('people')) + (await dumpOf('case_sessions')) + (await dumpOf('audit_log'));
    expect(dump).not.toContain('35001099999');
    expect(dump).not.toContain('very private note 7781');
    expect(JSON.stringify(await t.database.db.execute(sql`select personal_number_sealed from people where id = ${person.id}`))).toMatch(/"personal_number_sealed":"k1:/);
    const file = (await worker.get(`/api/v1/cases/${opened.id}`)).json();
    expect(file.sessions.items[0].notes).toBe(notes);
  });

  it('audits every read of a person and shows who viewed or changed the record', async () => {
    const person = (await register(worker, { givenName: 'დავით', personalNumber: null })).json();
    await manager.get(`/api/v1/people/${person.id}`);
    const history = (await worker.get(`/api/v1/people/${person.id}/history`)).json() as { items: { action: string; actorEmail: string }[]; total: number };
    expect(history.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'create', actorEmail: world.a.caseWorker.email }), expect.objectContaining({ action: 'read', actorEmail: world.a.manager.email })]));
    expect(history.total).toBe(history.items.length);
  });

  it('pages through a long history, newest first, without losing an entry', async () => {
    const person = (await register(worker, { givenName: 'ნინო', personalNumber: null })).json();
    // Every read by someone else is an entry (a reader's own repeat reads within one request are not).
    for (let i = 0; i < 7; i++) await manager.get(`/api/v1/people/${person.id}`);
    const seen: { at: string }[] = [];
    let after: string | null = null;
    let total: number | undefined;
    do {
      const page = (await worker.get(`/api/v1/people/${person.id}/history?pageSize=3${after ? `&after=${encodeURIComponent(after)}` : ''}`)).json() as { items: { at: string }[]; next: string | null; total: number };
      // Reading the history reads the record, which is itself recorded as the answer leaves: later
      // pages count the entries the walk added above the cursor, so the first page's total is what there was.
      total ??= page.total;
      seen.push(...page.items);
      after = page.next;
    } while (after);
    // The registration and the manager's seven reads; the worker's own look is recorded with its answer.
    expect(total).toBe(8);
    expect(seen).toHaveLength(total);
    expect(seen.map((h) => h.at)).toEqual([...seen.map((h) => h.at)].sort().reverse());
  });

  it('is not found for anyone outside the serving CSO', async () => {
    const person = (await register(worker, { givenName: 'ელენე', personalNumber: null })).json();
    for (const client of [receiver, third, await world.mentor.login(), await world.monitor.login(), await viewer.login(), await pm.login(), f.admin]) {
      expect((await client.get(`/api/v1/people/${person.id}`)).statusCode).toBe(404);
      const list = await client.get('/api/v1/people?q=ელენე');
      expect(list.body).not.toContain(person.id);
    }
  });
});

describe('a case from intake to referral', () => {
  it('assesses needs with an instrument, plans, records sessions, and refers with consent', async () => {
    const person = (await register(worker, { givenName: 'მარიამ', surname: 'ჯაფარიძე', personalNumber: '01024011111' })).json();
    const opened = await openCaseFor(person.id);
    // Needs assessment: a form about the person, through the responses feature.
    const instrument = (await f.admin.get('/api/v1/instruments?q=wg_ss')).json().items[0].id;
    const assessment = await worker.post(`/api/v1/cases/${opened.id}/assessments`, { instrumentId: instrument });
    expect(assessment.statusCode, assessment.body).toBe(201);
    expect(assessment.json().response.subject).toEqual({ type: 'person', id: person.id });
    const moved = await worker.post(`/api/v1/cases/${opened.id}/status`, { status: 'assessment', version: opened.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await worker.post(`/api/v1/cases/${opened.id}/status`, { status: 'closed', version: moved.json().version })).statusCode).toBe(400);

    const plan = await worker.post(`/api/v1/cases/${opened.id}/plans`, { reviewOn: '2026-03-01', goals: [{ id: 'g1', text: 'დამოუკიდებლად ჭამა', services: 'habilitation', frequency: 'weekly' }] });
    expect(plan.statusCode, plan.body).toBe(201);
    expect((await worker.post(`/api/v1/cases/${opened.id}/sessions`, { kind: 'individual', heldOn: '2026-02-02', minutes: 60, attended: true, notes: 'progress' })).statusCode).toBe(201);
    // A session dated after today (in Tbilisi) is refused with the field's message, in the user's language.
    const future = await worker.post(`/api/v1/cases/${opened.id}/sessions`, { kind: 'individual', heldOn: '2030-01-01', minutes: 60, attended: true });
    expect(future.statusCode, future.body).toBe(400);
    expect(future.headers['content-type']).toContain('application/problem+json');
    expect(future.json().errors).toEqual([{ field: 'heldOn', message: 'სესიის თარიღი დღევანდელზე გვიანი ვერ იქნება' }]);
    const tomorrow = addDays(programmeToday(), 1);
    await worker.patch('/api/v1/me', { language: 'en' });
    const futurePut = await worker.request('PUT', `/api/v1/cases/${opened.id}/sessions/${randomUUID()}`, { kind: 'individual', heldOn: tomorrow, minutes: 60, attended: true });
    await worker.patch('/api/v1/me', { language: 'ka' });
    expect(futurePut.statusCode, futurePut.body).toBe(400);
    expect(futurePut.json().errors).toEqual([{ field: 'heldOn', message: 'A session cannot be dated after today' }]);
    expect((await worker.request('PUT', `/api/v1/cases/${opened.id}/sessions/${randomUUID()}`, { kind: 'individual', heldOn: programmeToday(), minutes: 30, attended: true })).statusCode).toBe(201);
    const review = await worker.post(`/api/v1/cases/${opened.id}/reviews`, { reviewedOn: '2026-03-01', scores: [{ goalId: 'g1', score: 1 }] });
    expect(review.statusCode, review.body).toBe(201);
    expect((await worker.post(`/api/v1/cases/${opened.id}/reviews`, { reviewedOn: '2026-03-01', scores: [{ goalId: 'nope', score: 1 }] })).statusCode).toBe(400);

    // The plan goes to a manager for approval.
    const planApproval = await worker.post(`/api/v1/cases/${opened.id}/approvals`, { kind: 'plan', planId: plan.json().id });
    expect(planApproval.statusCode, planApproval.body).toBe(201);
    expect((await manager.post(`/api/v1/approvals/${planApproval.json().id}/decide`, { approve: false, comment: 'add frequency', version: 1 })).json().status).toBe('rejected');
    expect((await manager.post(`/api/v1/approvals/${planApproval.json().id}/decide`, { approve: true, version: 2 })).statusCode).toBe(409);

    // The case file lists the case's assessments however many other forms are about the person
    // (it once read the person's latest 100 forms and picked the case's among them).
    await t.database.db.execute(sql`
      insert into responses (instrument_version_id, organisation_id, subject_type, subject_id, label, created_by)
      select instrument_version_id, organisation_id, subject_type, subject_id, 'another form', created_by
      from responses, generate_series(1, 120) where id = ${assessment.json().response.id}`);
    const file = (await worker.get(`/api/v1/cases/${opened.id}`)).json();
    expect(file.plans[0].approval).toBe('rejected');
    expect(file.assessments).toEqual([{ id: assessment.json().response.id, status: 'draft', instrumentId: instrument }]);
    expect(file.plans[0].goals[0].text).toBe('დამოუკიდებლად ჭამა');
    expect(file.reviews[0].scores).toEqual([{ goalId: 'g1', score: 1 }]);

    // Referral to CSO B: before acceptance B sees the referral but not the person.
    const sent = await worker.post(`/api/v1/cases/${opened.id}/referrals`, { toOrganisationId: world.b.cso.id, reason: 'სპეციალიზებული რეაბილიტაცია', urgency: 'urgent', sharedFields: ['name', 'birthDate', 'contacts'] });
    expect(sent.statusCode, sent.body).toBe(201);
    const referralId = sent.json().id;
    expect(sent.json().status).toBe('pending');
    expect((await receiver.get(`/api/v1/referrals/${referralId}`)).json()).toMatchObject({ status: 'pending', direction: 'received' });
    expect((await receiver.get(`/api/v1/people/${person.id}`)).statusCode).toBe(404);
    expect((await third.get(`/api/v1/referrals/${referralId}`)).statusCode).toBe(404);

    const accepted = await receiver.post(`/api/v1/referrals/${referralId}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    const seen = await receiver.get(`/api/v1/people/${person.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ view: 'referral', givenName: 'მარიამ', birthDate: '2018-04-02', phone: '+995 555 12 34 56', personalNumber: null, address: null, disability: null, consents: [] });
    // The sender sees the answer; the case file stays with the serving CSO.
    expect((await worker.get(`/api/v1/referrals/${referralId}`)).json().status).toBe('accepted');
    expect((await receiver.get(`/api/v1/cases/${opened.id}`)).statusCode).toBe(404);
    // A third CSO, the mentor, the monitor, the donor and programme staff still do not reach it.
    for (const client of [third, await world.mentor.login(), await world.monitor.login(), await viewer.login(), await pm.login()]) {
      expect((await client.get(`/api/v1/people/${person.id}`)).statusCode).toBe(404);
      expect((await client.get(`/api/v1/cases/${opened.id}`)).statusCode).toBe(404);
    }

    // Completed: the receiver loses access to the person.
    const completed = await receiver.post(`/api/v1/referrals/${referralId}/complete`, { reason: 'done' });
    expect(completed.json().status).toBe('completed');
    expect((await receiver.get(`/api/v1/people/${person.id}`)).statusCode).toBe(404);
    expect((await worker.get(`/api/v1/referrals/${referralId}`)).json().status).toBe('completed');
  });

  it('declined and revoked referrals give the receiver nothing', async () => {
    const person = (await register(worker, { givenName: 'ნიკა', personalNumber: null })).json();
    const opened = await openCaseFor(person.id);
    const send = async () => (await worker.post(`/api/v1/cases/${opened.id}/referrals`, { toOrganisationId: world.b.cso.id, reason: 'r', urgency: 'routine', sharedFields: ['name'] })).json().id as string;
    const declinedId = await send();
    expect((await receiver.post(`/api/v1/referrals/${declinedId}/decline`, {})).statusCode).toBe(400);
    const declined = await receiver.post(`/api/v1/referrals/${declinedId}/decline`, { reason: 'no capacity' });
    expect(declined.json()).toMatchObject({ status: 'declined', decisionReason: 'no capacity' });
    expect((await worker.get(`/api/v1/referrals/${declinedId}`)).json()).toMatchObject({ status: 'declined', decisionReason: 'no capacity' });
    expect((await receiver.get(`/api/v1/people/${person.id}`)).statusCode).toBe(404);
    expect((await receiver.post(`/api/v1/referrals/${declinedId}/accept`, {})).statusCode).toBe(409);

    const revokedId = await send();
    expect((await receiver.post(`/api/v1/referrals/${revokedId}/accept`, {})).statusCode).toBe(200);
    expect((await receiver.get(`/api/v1/people/${person.id}`)).statusCode).toBe(200);
    // Only the sender revokes.
    expect((await receiver.post(`/api/v1/referrals/${revokedId}/revoke`, {})).statusCode).toBe(404);
    expect((await worker.post(`/api/v1/referrals/${revokedId}/revoke`, {})).json().status).toBe('revoked');
    expect((await receiver.get(`/api/v1/people/${person.id}`)).statusCode).toBe(404);
    expect((await receiver.get(`/api/v1/referrals/${revokedId}`)).json().status).toBe('revoked');
  });

  it('needs consent to sharing before referring', async () => {
    const person = (await register(worker, { givenName: 'ლუკა', personalNumber: null, consent: { ...CONSENT, referralSharing: false } })).json();
    const opened = await openCaseFor(person.id);
    const res = await worker.post(`/api/v1/cases/${opened.id}/referrals`, { toOrganisationId: world.b.cso.id, reason: 'r', urgency: 'routine', sharedFields: ['name'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('sharedFields');
    // Withdrawal is honoured: no new sessions.
    const consentId = (await worker.get(`/api/v1/people/${person.id}`)).json().consents[0].id;
    expect((await worker.post(`/api/v1/people/${person.id}/consents/${consentId}/withdraw`, {})).json().hasProcessingConsent).toBe(false);
    expect((await worker.post(`/api/v1/cases/${opened.id}/sessions`, { kind: 'individual', heldOn: '2026-02-01', minutes: 30, attended: true })).statusCode).toBe(409);
  });
});

describe('changing details after registration', () => {
  it('links a child to a legal representative of the same CSO and changes contacts against the version read', async () => {
    const mother = (await register(worker, { givenName: 'მაკა', surname: 'ჯავახიშვილი', birthDate: '1990-02-02', personalNumber: null, disability: null })).json();
    const child = (await register(worker, { givenName: 'ნიკა', surname: 'ჯავახიშვილი', personalNumber: null })).json();
    const linked = await worker.patch(`/api/v1/people/${child.id}`, { version: child.version, representativeId: mother.id, phone: '+995 599 11 22 33' });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json()).toMatchObject({ representativeId: mother.id, phone: '+995 599 11 22 33', address: child.address, version: child.version + 1 });
    expect((await worker.patch(`/api/v1/people/${child.id}`, { version: child.version, phone: '1' })).statusCode).toBe(409);
    const self = await worker.patch(`/api/v1/people/${child.id}`, { version: child.version + 1, representativeId: child.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].field).toBe('representativeId');
    // A representative served by another CSO is not a reference this CSO can make.
    const elsewhere = (await register(receiver, { organisationId: world.b.cso.id, givenName: 'ეკა', personalNumber: null })).json();
    const foreign = await worker.patch(`/api/v1/people/${child.id}`, { version: child.version + 1, representativeId: elsewhere.id });
    expect(foreign.statusCode).toBe(400);
    expect((await receiver.patch(`/api/v1/people/${child.id}`, { version: child.version + 1, phone: '1' })).statusCode).toBe(404);
  });

  it('stores nothing beyond the minimum once consent is withdrawn', async () => {
    const person = (await register(worker, { givenName: 'დავით', personalNumber: null })).json();
    await worker.post(`/api/v1/people/${person.id}/consents/${person.consents[0].id}/withdraw`, {});
    const res = await worker.patch(`/api/v1/people/${person.id}`, { version: person.version, phone: '+995 555 00 00 01', accessibilityNeeds: 'ეტლი' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['accessibilityNeeds', 'phone']);
    expect((await worker.patch(`/api/v1/people/${person.id}`, { version: person.version, phone: '' })).statusCode).toBe(200);
  });
});

describe('supervision and break-glass', () => {
  it('a manager approves a closure request, never their own; the case closes only when approved', async () => {
    const person = (await register(worker, { givenName: 'სანდრო', personalNumber: null })).json();
    const opened = await openCaseFor(person.id);
    const request = await worker.post(`/api/v1/cases/${opened.id}/approvals`, { kind: 'closure', closureReason: 'goals achieved' });
    expect(request.statusCode, request.body).toBe(201);
    expect((await worker.post(`/api/v1/cases/${opened.id}/close`, { version: opened.version })).statusCode).toBe(409);
    expect((await worker.post(`/api/v1/approvals/${request.json().id}/decide`, { approve: true, version: 1 })).statusCode).toBe(403);
    const pending = (await manager.get('/api/v1/approvals')).json() as { id: string }[];
    expect(pending.map((a) => a.id)).toContain(request.json().id);
    const decided = await manager.post(`/api/v1/approvals/${request.json().id}/decide`, { approve: true, comment: 'ok', version: 1 });
    expect(decided.json()).toMatchObject({ status: 'approved', comment: 'ok' });
    const closed = await worker.post(`/api/v1/cases/${opened.id}/close`, { version: opened.version });
    expect(closed.json()).toMatchObject({ status: 'closed', closureReason: 'goals achieved' });

    // A manager's own request (a case in the manager's caseload) waits for another manager.
    const own = await openCaseFor(person.id, manager);
    const ownRequest = (await manager.post(`/api/v1/cases/${own.id}/approvals`, { kind: 'closure', closureReason: 'moved away' })).json();
    const self = await manager.post(`/api/v1/approvals/${ownRequest.id}/decide`, { approve: true, version: 1 });
    expect(self.statusCode).toBe(403);
    expect(self.json().detail).toBe('საკუთარ მოთხოვნას ვერ დაამტკიცებთ');
  });

  it("shows the manager whose plan waits and the plan's goals, without opening the rest of the case file", async () => {
    const person = (await register(worker, { givenName: 'ლიკა', personalNumber: null })).json();
    const opened = await openCaseFor(person.id);
    const plan = (await worker.post(`/api/v1/cases/${opened.id}/plans`, { reviewOn: '2026-06-01', goals: [{ id: 'g1', text: 'მეტყველების განვითარება' }] })).json();
    const request = (await worker.post(`/api/v1/cases/${opened.id}/approvals`, { kind: 'plan', planId: plan.id })).json();
    const queued = ((await manager.get('/api/v1/approvals')).json() as { id: string }[]).find((a) => a.id === request.id);
    expect(queued).toMatchObject({ personName: 'ლიკა ბერიძე', plan: { reviewOn: '2026-06-01', goals: [{ id: 'g1', text: 'მეტყველების განვითარება' }] } });
    // One more waiting request costs no more queries: the list reads cases, people and plans in one go each.
    const before = await capture(t.database, manager, '/api/v1/approvals');
    const other = (await register(worker, { givenName: 'ლევან', personalNumber: null })).json();
    const otherCase = await openCaseFor(other.id);
    await worker.post(`/api/v1/cases/${otherCase.id}/approvals`, { kind: 'closure', closureReason: 'moved away' });
    const after = await capture(t.database, manager, '/api/v1/approvals');
    expect((after.response.json() as unknown[]).length).toBe((before.response.json() as unknown[]).length + 1);
    expect(after.statements.length).toBe(before.statements.length);
    // The case file itself stays outside the manager's reach (break-glass opens it).
    expect((await manager.get(`/api/v1/cases/${opened.id}`)).statusCode).toBe(404);
  });

  it('a manager assigns a case to a worker; a worker cannot assign cases to others', async () => {
    const person = (await register(worker, { givenName: 'ოთარ', personalNumber: null })).json();
    const workerId = (await worker.get('/api/v1/me')).json().user.id;
    const managerId = (await manager.get('/api/v1/me')).json().user.id;
    expect((await worker.post('/api/v1/cases', { personId: person.id, caseWorkerId: managerId })).statusCode).toBe(404);
    expect((await manager.post('/api/v1/cases', { personId: person.id, caseWorkerId: receiver ? world.b.caseWorker.user.id : null })).statusCode).toBe(400);
    const assigned = await manager.post('/api/v1/cases', { personId: person.id, caseWorkerId: workerId });
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect((await worker.get('/api/v1/caseload')).json().cases.map((c: { id: string }) => c.id)).toContain(assigned.json().id);
    // The manager assigned it but reads the file only through break-glass.
    expect((await manager.get(`/api/v1/cases/${assigned.json().id}`)).statusCode).toBe(404);
  });

  it('break-glass: a manager opens a case outside their caseload with a reason, until it expires', async () => {
    const person = (await register(worker, { givenName: 'ია', personalNumber: null })).json();
    const opened = await openCaseFor(person.id);
    expect((await manager.get(`/api/v1/cases/${opened.id}`)).statusCode).toBe(404);
    expect((await manager.post(`/api/v1/cases/${opened.id}/break-glass`, { reason: 'short' })).statusCode).toBe(400);
    expect((await worker.post(`/api/v1/cases/${opened.id}/break-glass`, { reason: 'colleague is ill, family called' })).statusCode).toBe(403);
    expect((await (await world.b.manager.login()).post(`/api/v1/cases/${opened.id}/break-glass`, { reason: 'colleague is ill, family called' })).statusCode).toBe(404);
    const glass = await manager.post(`/api/v1/cases/${opened.id}/break-glass`, { reason: 'colleague is ill, family called', minutes: 30 });
    expect(glass.statusCode, glass.body).toBe(201);
    expect((await manager.get(`/api/v1/cases/${opened.id}`)).statusCode).toBe(200);
    // Expired: gone again.
    await t.database.db.update(grants).set({ expiresAt: new Date(Date.now() - 1000) }).where(sql`${grants.id} = ${glass.json().grantId}`);
    expect((await manager.get(`/api/v1/cases/${opened.id}`)).statusCode).toBe(404);
    const audit = (await f.admin.get(`/api/v1/audit?entityType=case&entityId=${opened.id}`)).body;
    expect(audit).toContain('break_glass');
  });
});

describe('caseload, aggregates, exports, subject access, erasure', () => {
  it('lists the worker caseload with reviews due and overdue follow-ups', async () => {
    const person = (await register(worker, { givenName: 'ბექა', personalNumber: null })).json();
    const opened = await openCaseFor(person.id);
    await worker.post(`/api/v1/cases/${opened.id}/status`, { status: 'assessment', version: opened.version, nextFollowUp: '2020-01-01' });
    await worker.post(`/api/v1/cases/${opened.id}/plans`, { reviewOn: '2020-02-01', goals: [{ id: 'g1', text: 'x' }] });
    const load = (await worker.get('/api/v1/caseload')).json();
    expect(load.cases.map((c: { id: string }) => c.id)).toContain(opened.id);
    expect(load.reviewsDue.map((c: { caseId: string }) => c.caseId)).toContain(opened.id);
    expect(load.overdueFollowUps.map((c: { caseId: string }) => c.caseId)).toContain(opened.id);
    expect((await manager.get('/api/v1/caseload')).json().cases.map((c: { id: string }) => c.id)).not.toContain(opened.id);
  });

  it('counts people and sessions; cells under 5 are suppressed outside the CSO', async () => {
    const inside = (await manager.get('/api/v1/cases-aggregates?by=sex')).json();
    const own = inside.rows.filter((r: { organisationId: string }) => r.organisationId === world.a.cso.id);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((r: { suppressed: boolean; people: number }) => !r.suppressed && r.people > 0)).toBe(true);
    const outside = (await (await pm.login()).get('/api/v1/cases-aggregates?by=sex')).json();
    const seen = outside.rows.filter((r: { organisationId: string }) => r.organisationId === world.a.cso.id);
    expect(seen.length).toBeGreaterThan(0);
    for (const r of seen) expect(r.people === null ? r.suppressed : r.people >= 5).toBe(true);
    expect(JSON.stringify(outside)).not.toContain('ნინო');
  });

  it('lists age bands youngest first and gives each CSO a total that its groups add up to; outside, no hidden count can be worked out from the total', async () => {
    const year = new Date().getFullYear();
    for (const [givenName, birthDate, personalNumber] of [['ანა', `${year - 3}-01-15`, '01024011111'], ['ლუკა', `${year - 40}-03-03`, '01024022222'], ['ელენე', `${year - 10}-05-05`, '01024033333']] as const) {
      const person = (await register(worker, { givenName, birthDate, personalNumber })).json();
      const opened = await openCaseFor(person.id, manager);
      const session = await manager.post(`/api/v1/cases/${opened.id}/sessions`, { kind: 'individual', heldOn: '2026-03-03', minutes: 45, attended: true });
      expect(session.statusCode, session.body).toBe(201);
    }
    type Row = { organisationId: string; group: string | null; people: number | null; sessions: number | null; suppressed: boolean };
    type Figures = { rows: Row[]; totals: { organisationId: string; people: number | null; sessions: number | null; suppressed: boolean }[] };
    const inside = (await manager.get('/api/v1/cases-aggregates?by=ageBand')).json() as Figures;
    const own = inside.rows.filter((r) => r.organisationId === world.a.cso.id);
    const bands = own.map((r) => r.group).filter((g) => g !== null);
    expect(bands).toEqual(['0-5', '6-17', '18-29', '30-64', '65+'].filter((b) => bands.includes(b)));
    expect(bands).toEqual(expect.arrayContaining(['0-5', '6-17', '30-64']));
    const total = inside.totals.find((r) => r.organisationId === world.a.cso.id);
    expect(total).toMatchObject({ suppressed: false, people: own.reduce((n, r) => n + (r.people ?? 0), 0), sessions: own.reduce((n, r) => n + (r.sessions ?? 0), 0) });
    // Everyone counted once, whichever dimension: the same total by sex.
    const bySex = (await manager.get('/api/v1/cases-aggregates?by=sex')).json() as Figures;
    expect(bySex.totals.find((r) => r.organisationId === world.a.cso.id)).toEqual(total);

    const pmSession = await pm.login();
    const outside = (await pmSession.get('/api/v1/cases-aggregates?by=ageBand')).json() as Figures;
    const seen = outside.rows.filter((r) => r.organisationId === world.a.cso.id);
    expect(seen.some((r) => r.people === null)).toBe(true);
    // The total is the same whichever the grouping (the people counted once), shown outside when 5 or more...
    const seenTotal = outside.totals.find((r) => r.organisationId === world.a.cso.id)!;
    expect(seenTotal).toEqual({ ...total, suppressed: false });
    const outsideBySex = (await pmSession.get('/api/v1/cases-aggregates?by=sex')).json() as Figures;
    expect(outsideBySex.totals.find((r) => r.organisationId === world.a.cso.id)).toEqual(seenTotal);
    // ...so no hidden count stands alone in its column: the total less the counts shown would tell it
    // (by sex 75, less the age bands shown, told the hidden 18-29 band: 3).
    for (const by of ['ageBand', 'sex', 'disability', 'targetGroup', 'municipality', 'serviceType']) {
      const figures = (await pmSession.get(`/api/v1/cases-aggregates?by=${by}`)).json() as Figures;
      for (const t of figures.totals) {
        const groups = figures.rows.filter((r) => r.organisationId === t.organisationId);
        for (const column of ['people', 'sessions'] as const) {
          if (t[column] !== null) expect(groups.filter((r) => r[column] === null).length, `${by}: ${column}`).not.toBe(1);
        }
        for (const r of groups) expect(r.suppressed).toBe(r.people === null || r.sessions === null);
      }
    }
  });

  it('exports the figures as the page shows them: each group named in the reader\'s language, each organisation\'s total, hidden counts left blank and marked', async () => {
    type Figures = { rows: { organisationId: string; group: string | null; people: number | null; sessions: number | null }[]; totals: { organisationId: string; people: number | null; sessions: number | null }[] };
    const lines = (body: string) => body.replace(/^\uFEFF/, '').trim().split('\r\n');
    const csvOf = (cells: (string | number | null)[]) => cells.map((c) => (c === null ? '' : `"${c}"`)).join(',');
    const band = (group: string | null) => (group === null ? 'არ არის მითითებული' : `${group.replace('-', '–')} წლის`);

    const inside = (await manager.get('/api/v1/cases-aggregates?by=ageBand')).json() as Figures;
    const file = await manager.get('/api/v1/cases-aggregates/export?by=ageBand&format=csv');
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['content-disposition']).toContain('people-served-by-ageBand');
    const [header, ...body] = lines(file.body);
    expect(header).toBe(csvOf(['ორგანიზაცია', 'ასაკობრივი ჯგუფი', 'მომსახურებული ადამიანები', 'სესიები', 'დამალული რაოდენობა']));
    const name = world.a.cso.nameKa;
    const own = inside.rows.filter((r) => r.organisationId === world.a.cso.id);
    const total = inside.totals.find((r) => r.organisationId === world.a.cso.id)!;
    expect(own.length).toBeGreaterThan(1);
    // Every group of the page, in the page's order, then the organisation's total.
    expect(body).toEqual([...own.map((r) => csvOf([name, band(r.group), r.people, r.sessions, 'არა'])), csvOf([name, 'სულ', total.people, total.sessions, 'არა'])]);

    // Outside the CSO: the hidden counts stay hidden in the file, and say so.
    const pmSession = await pm.login();
    const outside = (await pmSession.get('/api/v1/cases-aggregates?by=ageBand')).json() as Figures;
    const seen = outside.rows.filter((r) => r.organisationId === world.a.cso.id);
    const seenTotal = outside.totals.find((r) => r.organisationId === world.a.cso.id)!;
    const outsideFile = lines((await pmSession.get('/api/v1/cases-aggregates/export?by=ageBand&format=csv')).body).slice(1).filter((line) => line.startsWith(`"${name}"`));
    expect(outsideFile).toEqual([
      ...seen.map((r) => csvOf([name, band(r.group), r.people, r.sessions, r.people === null || r.sessions === null ? 'დიახ' : 'არა'])),
      csvOf([name, 'სულ', seenTotal.people, seenTotal.sessions, seenTotal.people === null || seenTotal.sessions === null ? 'დიახ' : 'არა']),
    ]);
    expect(outsideFile.some((line) => line.endsWith('"დიახ"') && line.includes('წლის'))).toBe(true);
  });

  it('refuses a period that ends before it starts, saying so in the reader\'s language', async () => {
    const res = await manager.get('/api/v1/cases-aggregates?by=sex&from=2026-05-01&to=2026-01-31');
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([{ field: 'querystring.to', message: 'პერიოდის ბოლო თარიღი არ შეიძლება იყოს საწყისზე ადრე' }]);
    expect((await manager.get('/api/v1/cases-aggregates?by=sex&from=2026-01-31&to=2026-01-31')).statusCode).toBe(200);
  });

  it('exports neutralise formula injection and offer a de-identified variant', async () => {
    await register(worker, { givenName: '=HYPERLINK("x")', surname: 'ტესტი', personalNumber: null });
    const csv = (await worker.get('/api/v1/people/export?format=csv')).body;
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    const deidentified = (await worker.get('/api/v1/people/export?format=csv&deidentified=true')).body;
    expect(deidentified).not.toContain('HYPERLINK');
    expect(deidentified).not.toContain('ნინო');
  });

  it('exports everything held about a person, and erasure keeps the counts', async () => {
    const person = (await register(worker, { givenName: 'გვანცა', personalNumber: '01024077777' })).json();
    const opened = await openCaseFor(person.id, manager);
    await manager.post(`/api/v1/cases/${opened.id}/sessions`, { kind: 'group', heldOn: '2026-02-03', minutes: 30, attended: true, notes: 'group note' });
    const access = await manager.get(`/api/v1/people/${person.id}/subject-access`);
    expect(access.statusCode, access.body).toBe(200);
    expect(access.json()).toMatchObject({ person: { personalNumber: '01024077777' }, cases: [{ id: opened.id }], sessions: [{ notes: 'group note' }] });
    const printable = await manager.get(`/api/v1/people/${person.id}/subject-access?format=html`);
    expect(printable.headers['content-type']).toContain('text/html');
    expect(printable.body).toContain('გვანცა');
    expect((await worker.get(`/api/v1/people/${person.id}/subject-access`)).statusCode).toBe(403);

    const before = (await manager.get('/api/v1/cases-aggregates?by=sex')).json();
    expect((await manager.post(`/api/v1/people/${person.id}/erase`, {})).json()).toEqual({ id: person.id, erased: true });
    const erased = (await manager.get(`/api/v1/people/${person.id}`)).json();
    expect(erased).toMatchObject({ erased: true, givenName: null, personalNumber: null, phone: '' });
    const after = (await manager.get('/api/v1/cases-aggregates?by=sex')).json();
    expect(after).toEqual(before);
    expect((await manager.get(`/api/v1/people?q=01024077777`)).json().items).toHaveLength(0);
  });

  it('lists closed cases past the retention period', async () => {
    const res = await manager.get('/api/v1/cases/retention?years=1');
    expect(res.statusCode).toBe(200);
    expect(Array.isArray(res.json().items)).toBe(true);
  });

  it('keeps the services catalogue per CSO', async () => {
    const created = await manager.post('/api/v1/services', { organisationId: world.a.cso.id, type: 'day_care', nameKa: 'დღის ცენტრი', capacity: 20, stateFunded: true });
    expect(created.statusCode, created.body).toBe(201);
    expect((await receiver.post('/api/v1/services', { organisationId: world.a.cso.id, type: 'day_care', nameKa: 'x' })).statusCode).toBe(403);
    expect((await (await world.b.manager.login()).post('/api/v1/services', { organisationId: world.a.cso.id, type: 'day_care', nameKa: 'x' })).statusCode).toBe(404);
    expect((await worker.get('/api/v1/services')).body).toContain('დღის ცენტრი');
    void thirdCso;
  });

  it('edits a service against the version read: a stale save is a 409, another CSO gets 404', async () => {
    const created = (await manager.post('/api/v1/services', { organisationId: world.a.cso.id, type: 'home_care', nameKa: 'ბინაზე მოვლა', capacity: 5 })).json();
    const edited = await manager.patch(`/api/v1/services/${created.id}`, { version: created.version, capacity: 8, openingHours: 'ორშ–პარ 9–18' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ capacity: 8, openingHours: 'ორშ–პარ 9–18', nameKa: 'ბინაზე მოვლა', version: created.version + 1, organisationId: world.a.cso.id });
    // What is not sent stays as it was.
    const renamed = (await manager.patch(`/api/v1/services/${created.id}`, { version: created.version + 1, nameEn: 'Home care' })).json();
    expect(renamed).toMatchObject({ nameEn: 'Home care', capacity: 8, openingHours: 'ორშ–პარ 9–18', type: 'home_care' });
    expect((await manager.patch(`/api/v1/services/${created.id}`, { version: created.version, capacity: 9 })).statusCode).toBe(409);
    expect((await (await world.b.manager.login()).patch(`/api/v1/services/${created.id}`, { version: created.version + 2, capacity: 9 })).statusCode).toBe(404);
    expect((await worker.patch(`/api/v1/services/${created.id}`, { version: created.version + 2, capacity: 9 })).statusCode).toBe(403);
    const bad = await manager.patch(`/api/v1/services/${created.id}`, { version: created.version + 2, municipalityId: '00000000-0000-4000-8000-000000000000' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('municipalityId');
  });

  it('offers other CSOs and city halls as referral receivers, and the own staff as goal owners', async () => {
    const targets = (await worker.get('/api/v1/referral-targets')).json() as { id: string; kind: string }[];
    expect(targets.map((o) => o.id)).toContain(world.b.cso.id);
    expect(targets.map((o) => o.id)).not.toContain(world.a.cso.id);
    expect(new Set(targets.map((o) => o.kind))).not.toContain('donor');
    const staff = (await worker.get('/api/v1/case-staff')).json() as { id: string; displayName: string }[];
    expect(staff.map((s) => s.id)).toEqual(expect.arrayContaining([world.a.caseWorker.user.id, world.a.manager.user.id]));
    expect(staff.map((s) => s.id)).not.toContain(world.b.caseWorker.user.id);
    expect((await (await viewer.login()).get('/api/v1/case-staff')).statusCode).toBe(403);
  });
});
