import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, type TwoCsos } from '../support/factories';

// A phone whose answer was lost sends the same POST again under the same Idempotency-Key: the
// server answers it with the first answer and writes nothing twice (server/http/idempotency.ts).

let t: TestApp;
let world: TwoCsos;
let worker: Client;
let manager: Client;
let caseId: string;
let third: { cso: { id: string }; worker: Client };
let f: Awaited<ReturnType<typeof factories>>;

const CONSENT = { givenBy: 'person', givenOn: '2026-01-10', processing: true, referralSharing: true, photos: false };

function post(client: Client, url: string, body: unknown, key?: string): Promise<LightMyRequestResponse> {
  return client.raw({ method: 'POST', url, payload: body as object, headers: key === undefined ? {} : { 'idempotency-key': key } });
}

async function count(table: 'referrals' | 'case_plans'): Promise<number> {
  const result = (await t.database.db.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where case_id = ${caseId}`)) as unknown as { rows: { n: number }[] };
  return result.rows[0]!.n;
}

const referral = () => ({ toOrganisationId: world.b.cso.id, reason: 'სპეციალიზებული რეაბილიტაცია', urgency: 'urgent', sharedFields: ['name'] });
const plan = (text = 'დამოუკიდებლად ჭამა') => ({ goals: [{ id: 'g1', text }], reviewOn: '2026-06-01' });

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
  worker = await world.a.caseWorker.login();
  manager = await world.a.manager.login();
  const person = await worker.post('/api/v1/people', { organisationId: world.a.cso.id, givenName: 'ნინო', surname: 'ბერიძე', sex: 'female', birthDate: '2018-04-02', disability: true, consent: CONSENT });
  expect(person.statusCode, person.body).toBe(201);
  const opened = await worker.post('/api/v1/cases', { personId: person.json().id });
  expect(opened.statusCode, opened.body).toBe(201);
  caseId = opened.json().id;
  const cso = await f.organisation('cso', { municipalityIds: [world.b.municipality.id] });
  third = { cso, worker: await (await f.user(cso.id, ['case_worker'])).login() };
}, 120_000);
afterAll(async () => t?.close());

describe('a POST sent again under the same Idempotency-Key', () => {
  it('sends one referral and gives the repeat the first answer', async () => {
    const key = randomUUID();
    const first = await post(worker, `/api/v1/cases/${caseId}/referrals`, referral(), key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(worker, `/api/v1/cases/${caseId}/referrals`, referral(), key);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await count('referrals')).toBe(1);
    // The stored answer holds the person's data: sealed, never readable in a dump.
    const stored = (await t.database.db.execute(sql`select body from idempotent_requests where key = ${key}`)) as unknown as { rows: { body: string }[] };
    expect(stored.rows[0]!.body).not.toContain(first.json().id);
  });

  it('saves one plan however many times it is sent, also at the same moment', async () => {
    const key = randomUUID();
    const before = await count('case_plans');
    const answers = await Promise.all([1, 2, 3].map(() => post(worker, `/api/v1/cases/${caseId}/plans`, plan(), key)));
    expect(await count('case_plans')).toBe(before + 1);
    // Each repeat gets the first answer, or, while that is not known yet, "still being processed".
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created.length).toBeGreaterThan(0);
    for (const a of created) expect(a.json()).toEqual(created[0]!.json());
    for (const a of answers.filter((a) => a.statusCode !== 201)) {
      expect(a.statusCode, a.body).toBe(409);
      expect(a.json().type).toBe('urn:ertad:problem:requestInProgress');
    }
    const later = await post(worker, `/api/v1/cases/${caseId}/plans`, plan(), key);
    expect(later.json()).toEqual(created[0]!.json());
    expect(await count('case_plans')).toBe(before + 1);
  });

  it('rolls back a repeat that finds the key taken only when it writes, and answers it with the first answer', async () => {
    // The repeat passes the check before the handler (nothing stored yet); the first request's row
    // commits while the repeat runs (put in here, as soon as the check has read), so the repeat's
    // write transaction finds the key taken, undoes its plan and answers with the stored answer.
    const firstKey = randomUUID();
    const first = await post(worker, `/api/v1/cases/${caseId}/plans`, plan('ბანაობა'), firstKey);
    expect(first.statusCode).toBe(201);
    const key = randomUUID();
    let taken: Promise<unknown> | undefined;
    const stop = t.database.onQuery((query) => {
      if (taken || !/^select .* from "idempotent_requests"/.test(query)) return;
      taken = t.database.db.execute(sql`
        insert into idempotent_requests (user_id, key, request, body_hash, status, content_type, body)
        select user_id, ${key}, request, body_hash, status, content_type, body from idempotent_requests where key = ${firstKey}`)
        // A drizzle query runs when awaited: start it now.
        .then(() => undefined);
    });
    const before = await count('case_plans');
    try {
      const repeat = await post(worker, `/api/v1/cases/${caseId}/plans`, plan('ბანაობა'), key);
      expect(repeat.statusCode, repeat.body).toBe(201);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(repeat.json()).toEqual(first.json());
    } finally {
      stop();
    }
    await taken;
    expect(await count('case_plans')).toBe(before);
  });

  it("never answers one user with another's answer under the same key", async () => {
    const key = randomUUID();
    const mine = await post(worker, `/api/v1/cases/${caseId}/plans`, plan('ჩაცმა'), key);
    expect(mine.statusCode, mine.body).toBe(201);
    const theirs = await post(manager, `/api/v1/cases/${caseId}/plans`, plan('ჩაცმა'), key);
    expect(theirs.statusCode, theirs.body).toBe(201);
    expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    expect(theirs.json().id).not.toBe(mine.json().id);
  });

  it('refuses a key used again for another body or another path, in the user’s language', async () => {
    const key = randomUUID();
    expect((await post(worker, `/api/v1/cases/${caseId}/plans`, plan('სიარული'), key)).statusCode).toBe(201);
    const before = await count('case_plans');
    const changed = await post(worker, `/api/v1/cases/${caseId}/plans`, plan('სირბილი'), key);
    expect(changed.statusCode).toBe(422);
    expect(changed.headers['content-type']).toContain('application/problem+json');
    expect(changed.json()).toMatchObject({ type: 'urn:ertad:problem:keyReused', title: 'ეს მოთხოვნა არ ემთხვევა ადრე გაგზავნილს' });
    const elsewhere = await post(worker, `/api/v1/cases/${caseId}/referrals`, referral(), key);
    expect(elsewhere.statusCode).toBe(422);
    expect(await count('case_plans')).toBe(before);
    expect(await count('referrals')).toBe(1);
  });

  it('leaves the key free when the write was refused, so the corrected request runs', async () => {
    const key = randomUUID();
    const refused = await post(worker, `/api/v1/cases/${caseId}/referrals`, { ...referral(), toOrganisationId: world.a.cso.id }, key);
    expect(refused.statusCode).toBe(400);
    // The same request again is refused again (it is checked again, not replayed)...
    expect((await post(worker, `/api/v1/cases/${caseId}/referrals`, { ...referral(), toOrganisationId: world.a.cso.id }, key)).statusCode).toBe(400);
    // ...and nothing was stored under the key: a new key for the corrected request is what clients send, but this one is free too.
    const rows = (await t.database.db.execute(sql`select count(*)::int as n from idempotent_requests where key = ${key}`)) as unknown as { rows: { n: number }[] };
    expect(rows.rows[0]!.n).toBe(0);
  });

  it('refuses a malformed key, and runs a POST without one as before', async () => {
    const bad = await post(worker, `/api/v1/cases/${caseId}/plans`, plan(), 'short');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('Idempotency-Key');
    const before = await count('case_plans');
    await post(worker, `/api/v1/cases/${caseId}/plans`, plan());
    await post(worker, `/api/v1/cases/${caseId}/plans`, plan());
    expect(await count('case_plans')).toBe(before + 2);
  });

  it('forgets a key after a day', async () => {
    const key = randomUUID();
    expect((await post(worker, `/api/v1/cases/${caseId}/plans`, plan('წერა'), key)).statusCode).toBe(201);
    await t.database.db.execute(sql`update idempotent_requests set created_at = now() - interval '25 hours' where key = ${key}`);
    const before = await count('case_plans');
    const later = await post(worker, `/api/v1/cases/${caseId}/plans`, plan('კითხვა'), key);
    expect(later.statusCode, later.body).toBe(201);
    expect(await count('case_plans')).toBe(before + 1);
  });
});

describe('a stored answer after the person it holds is erased', () => {
  async function stored(key: string) {
    const result = (await t.database.db.execute(sql`select status, body, withdrawn_at from idempotent_requests where key = ${key}`)) as unknown as { rows: { status: number | null; body: string | null; withdrawn_at: unknown }[] };
    return result.rows[0];
  }
  async function people(): Promise<number> {
    const result = (await t.database.db.execute(sql`select count(*)::int as n from people where organisation_id = ${world.a.cso.id}`)) as unknown as { rows: { n: number }[] };
    return result.rows[0]!.n;
  }

  it('is withdrawn with the erasure: a repeat is told it was saved, gets no personal data and writes nothing', async () => {
    const registration = { organisationId: world.a.cso.id, givenName: 'თამარ', surname: 'ქავთარაძე', sex: 'female', birthDate: '2017-09-12', phone: '+995 555 98 76 54', consent: CONSENT };
    const key = randomUUID();
    const first = await post(worker, '/api/v1/people', registration, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.body).toContain('ქავთარაძე');
    const personId: string = first.json().id;
    const opened = await post(worker, '/api/v1/cases', { personId }, randomUUID());
    expect(opened.statusCode, opened.body).toBe(201);
    // CSO B's staff reach the person through an accepted referral: their answers are withdrawn too.
    const sent = await worker.post(`/api/v1/cases/${opened.json().id}/referrals`, { ...referral(), sharedFields: ['name', 'birthDate', 'contacts'] });
    expect(sent.statusCode, sent.body).toBe(201);
    const receiver = await world.b.manager.login();
    const acceptKey = randomUUID();
    const accepted = await post(receiver, `/api/v1/referrals/${sent.json().id}/accept`, {}, acceptKey);
    expect(accepted.statusCode, accepted.body).toBe(200);
    // An answer of an organisation that never reached the person stays (the rule is bounded).
    const elsewhere = third.worker;
    const otherKey = randomUUID();
    const other = await post(elsewhere, '/api/v1/people', { ...registration, organisationId: third.cso.id, givenName: 'ლევან' }, otherKey);
    expect(other.statusCode, other.body).toBe(201);
    await receiver.post(`/api/v1/referrals/${sent.json().id}/complete`, { reason: 'done' });

    const eraseKey = randomUUID();
    const erased = await post(manager, `/api/v1/people/${personId}/erase`, {}, eraseKey);
    expect(erased.statusCode, erased.body).toBe(200);

    const before = await people();
    for (const [client, url, body, k] of [
      [worker, '/api/v1/people', registration, key],
      [receiver, `/api/v1/referrals/${sent.json().id}/accept`, {}, acceptKey],
    ] as const) {
      const again = await post(client, url, body, k);
      expect(again.statusCode, again.body).toBe(410);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.json()).toMatchObject({ type: 'urn:ertad:problem:answerWithdrawn', title: 'ეს მოთხოვნა უკვე შესრულდა' });
      expect(again.body).not.toContain('ქავთარაძე');
      expect(again.body).not.toContain('თამარ');
      // The data is gone from the database, the claim stays.
      expect(await stored(k)).toMatchObject({ body: null });
      expect((await stored(k))!.withdrawn_at).not.toBeNull();
    }
    expect(await people()).toBe(before);
    // The erasure's own answer holds nothing personal: its repeat is answered as usual.
    const eraseAgain = await post(manager, `/api/v1/people/${personId}/erase`, {}, eraseKey);
    expect(eraseAgain.statusCode).toBe(200);
    expect(eraseAgain.headers['idempotent-replayed']).toBe('true');
    expect(eraseAgain.json()).toEqual({ id: personId, erased: true });
    // Another organisation's answer, about another person, is still replayed.
    const otherAgain = await post(elsewhere, '/api/v1/people', { ...registration, organisationId: third.cso.id, givenName: 'ლევან' }, otherKey);
    expect(otherAgain.statusCode).toBe(201);
    expect(otherAgain.json()).toEqual(other.json());
  });

  it('is not stored when the person is erased between the write and its answer', async () => {
    const registration = { organisationId: world.a.cso.id, givenName: 'ანა', surname: 'მაისურაძე', sex: 'female', birthDate: '2016-03-01', consent: CONSENT };
    const key = randomUUID();
    // The claim committed with the write, the answer is not stored yet (status null): as a
    // request whose answer is still on its way when the manager erases.
    const first = await post(worker, '/api/v1/people', registration, key);
    expect(first.statusCode).toBe(201);
    await t.database.db.execute(sql`update idempotent_requests set status = null, content_type = null, body = null where key = ${key}`);
    expect((await post(manager, `/api/v1/people/${first.json().id}/erase`, {})).statusCode).toBe(200);
    const again = await post(worker, '/api/v1/people', registration, key);
    expect(again.statusCode, again.body).toBe(410);
  });
});

describe('a stored answer after the user’s access changed', () => {
  async function plans(id: string): Promise<number> {
    const result = (await t.database.db.execute(sql`select count(*)::int as n from case_plans where case_id = ${id}`)) as unknown as { rows: { n: number }[] };
    return result.rows[0]!.n;
  }

  it('is not sent again once the break-glass it was written under has ended; the write is not repeated', async () => {
    // The manager opens the worker's case through break-glass and saves a plan; the answer holds its goals.
    const opened = await manager.post(`/api/v1/cases/${caseId}/break-glass`, { reason: 'ზედამხედველობის შემოწმება', minutes: 30 });
    expect(opened.statusCode, opened.body).toBe(201);
    const key = randomUUID();
    const body = plan('ზურგის ვარჯიში ყოველდღე');
    const first = await post(manager, `/api/v1/cases/${caseId}/plans`, body, key);
    expect(first.statusCode, first.body).toBe(201);
    // While the access is what it was, the repeat gets the first answer.
    const soon = await post(manager, `/api/v1/cases/${caseId}/plans`, body, key);
    expect(soon.statusCode, soon.body).toBe(201);
    expect(soon.headers['idempotent-replayed']).toBe('true');
    const before = await plans(caseId);
    // The break-glass ends: the manager no longer reads the file, nor, through a repeat, the plan.
    await t.database.db.execute(sql`update grants set expires_at = now() - interval '1 minute' where id = ${opened.json().grantId}`);
    expect((await manager.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    const later = await post(manager, `/api/v1/cases/${caseId}/plans`, body, key);
    expect(later.statusCode, later.body).toBe(410);
    expect(later.json()).toMatchObject({ type: 'urn:ertad:problem:answerWithdrawn' });
    expect(later.json().detail).toContain('წვდომა');
    expect(later.body).not.toContain('ზურგის ვარჯიში');
    expect(await plans(caseId)).toBe(before);
  });

  it('answers the repeat of a request that changed the user’s own grants (accepting a referral) as usual', async () => {
    const sent = await worker.post(`/api/v1/cases/${caseId}/referrals`, referral());
    expect(sent.statusCode, sent.body).toBe(201);
    const receiver = await world.b.manager.login();
    const key = randomUUID();
    const first = await post(receiver, `/api/v1/referrals/${sent.json().id}/accept`, {}, key);
    expect(first.statusCode, first.body).toBe(200);
    const again = await post(receiver, `/api/v1/referrals/${sent.json().id}/accept`, {}, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
  });

  it('is not sent to a user whose roles changed since: refused by the permission, or by the changed access', async () => {
    const colleague = await f.user(world.a.cso.id, ['case_worker', 'cso_manager']);
    const client = await colleague.login();
    const registration = { organisationId: world.a.cso.id, givenName: 'ეკა', surname: 'ჯაფარიძე', sex: 'female', birthDate: '2014-02-02', consent: CONSENT };
    const key = randomUUID();
    expect((await post(client, '/api/v1/people', registration, key)).statusCode).toBe(201);
    const setRoles = async (roles: string[]) => {
      const current = (await f.admin.get(`/api/v1/users/${colleague.user.id}`)).json();
      const changed = await f.admin.patch(`/api/v1/users/${colleague.user.id}`, { roles, version: current.version });
      expect(changed.statusCode, changed.body).toBe(200);
    };
    // Still allowed to register people, with another set of roles: the old answer is not sent.
    await setRoles(['case_worker']);
    const changed = await post(client, '/api/v1/people', registration, key);
    expect(changed.statusCode, changed.body).toBe(410);
    expect(changed.body).not.toContain('ჯაფარიძე');
    // No longer allowed at all: the route's permission refuses before the store is read.
    await setRoles(['viewer']);
    const refused = await post(client, '/api/v1/people', registration, key);
    expect(refused.statusCode, refused.body).toBe(403);
    expect(refused.body).not.toContain('ჯაფარიძე');
  });

  it('is never sent to a user deactivated since: the session is refused first, and nothing is written', async () => {
    const colleague = await f.user(world.a.cso.id, ['case_worker']);
    const client = await colleague.login();
    const registration = { organisationId: world.a.cso.id, givenName: 'დავით', surname: 'ლომიძე', sex: 'male', birthDate: '2015-05-05', consent: CONSENT };
    const key = randomUUID();
    const first = await post(client, '/api/v1/people', registration, key);
    expect(first.statusCode, first.body).toBe(201);
    const admin = f.admin;
    const current = (await admin.get(`/api/v1/users/${colleague.user.id}`)).json();
    const deactivated = await admin.patch(`/api/v1/users/${colleague.user.id}`, { active: false, version: current.version });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    const count = async () => ((await t.database.db.execute(sql`select count(*)::int as n from people where organisation_id = ${world.a.cso.id}`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    const before = await count();
    const again = await post(client, '/api/v1/people', registration, key);
    expect(again.statusCode, again.body).toBe(401);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).not.toContain('ლომიძე');
    expect(await count()).toBe(before);
  });
});
