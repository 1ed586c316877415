import { and, desc, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { auditLog, learningStaff, supervisionSessions, users } from '../../server/db/schema';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, unique, type Factories, type TestUser, type TwoCsos } from '../support/factories';

// Attacks (28 Nov) on what landed last: correcting a supervision record (PATCH
// /capacity/supervision/:id), the logins a register keeper may link an entry to (GET
// /learning/staff/logins), registering oneself when the register already holds an unlinked entry
// (POST /learning/me), and linking an entry to a login through the register's update. Every probe
// asserts the safe behaviour: nothing of another organisation is told, changed or taken over.

let t: TestApp;
let f: Factories;
let w: TwoCsos;
let programmeManager: TestUser;
let viewer: TestUser;
/** One client per role: the mentor is assigned to CSO A only; manager, case worker of A. */
let as: Record<'admin' | 'programme_manager' | 'mentor' | 'cso_manager' | 'case_worker' | 'monitor' | 'viewer', Client>;
/** A manager of CSO A and an administrator whose profiles say English. */
let englishManager: Client;
let englishAdmin: Client;

beforeAll(async () => {
  t = await startBareTestApp({ exportWorkers: 0 });
  f = await factories(t);
  w = await f.twoCsos();
  programmeManager = await f.user(w.consortium.id, ['programme_manager']);
  const donor = await f.organisation('donor');
  viewer = await f.user(donor.id, ['viewer']);
  as = {
    admin: f.admin,
    programme_manager: await programmeManager.login(),
    mentor: await w.mentor.login(),
    cso_manager: await w.a.manager.login(),
    case_worker: await w.a.caseWorker.login(),
    monitor: await w.monitor.login(),
    viewer: await viewer.login(),
  };
  englishManager = await speaking(await f.user(w.a.cso.id, ['cso_manager']), 'en');
  englishAdmin = await speaking(await f.user(w.consortium.id, ['admin']), 'en');
}, 120_000);
afterAll(() => t?.close());

const NOWHERE = '4f1c2b7e-0d3a-4c55-9a8e-2b6f0c1d9e77';
/** A signed-in user speaks the language of their profile (Accept-Language is for the signed-out). */
const english = (c: Client, method: 'PATCH' | 'POST' | 'GET', url: string, payload?: unknown) =>
  c.raw({ method, url, headers: { 'accept-language': 'en' }, ...(payload === undefined ? {} : { payload: payload as object }) });
async function speaking(user: TestUser, language: 'ka' | 'en'): Promise<Client> {
  const client = await user.login();
  const r = await client.patch('/api/v1/me', { language });
  expect(r.statusCode, r.body).toBe(200);
  return client;
}
const problem = (r: LightMyRequestResponse) => {
  expect(r.headers['content-type']).toContain('application/problem+json');
  return r.json() as { status: number; title: string; detail?: string; errors?: { field: string; message: string }[] };
};
const fields = (r: LightMyRequestResponse) => (problem(r).errors ?? []).map((e) => e.field);
const hasGeorgian = (text: string) => /[\u10D0-\u10FF]/.test(text);

// ---- supervision --------------------------------------------------------------------------

type SupervisionRow = typeof supervisionSessions.$inferSelect;
const SUPERVISION = { supervisor: 'ზედამხედველი', supervisee: 'ნინო', heldOn: '2026-02-01', durationMinutes: 60, type: 'individual', themes: 'გადაწვა, დატვირთვა' };

async function supervision(organisationId: string): Promise<SupervisionRow> {
  const r = await f.admin.post('/api/v1/capacity/supervision', { organisationId, ...SUPERVISION });
  expect(r.statusCode, r.body).toBe(201);
  return row(r.json().id);
}
async function row(id: string): Promise<SupervisionRow> {
  const [found] = await t.database.db.select().from(supervisionSessions).where(eq(supervisionSessions.id, id));
  return found!;
}
async function auditMark(): Promise<number> {
  const [last] = await t.database.db.select({ id: auditLog.id }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  return last?.id ?? 0;
}
const writesSince = (mark: number, entityId: string) =>
  t.database.db.select().from(auditLog).where(and(gt(auditLog.id, mark), eq(auditLog.entityId, entityId)));

describe('PATCH /capacity/supervision/:id', () => {
  it('each role: those who record supervision change it within their write scope; 404 beyond it; 403 without the permission, whether the record exists or not', async () => {
    const expected: Record<keyof typeof as, { own: number; other: number }> = {
      admin: { own: 200, other: 200 },
      programme_manager: { own: 200, other: 200 },
      mentor: { own: 200, other: 404 },
      cso_manager: { own: 200, other: 404 },
      case_worker: { own: 403, other: 403 },
      monitor: { own: 403, other: 403 },
      viewer: { own: 403, other: 403 },
    };
    const got: Record<string, { own: number; other: number; nowhere: number }> = {};
    for (const role of Object.keys(expected) as (keyof typeof as)[]) {
      const own = await supervision(w.a.cso.id);
      const other = await supervision(w.b.cso.id);
      const client = as[role];
      const ownR = await client.patch(`/api/v1/capacity/supervision/${own.id}`, { durationMinutes: 75, version: own.version });
      const otherR = await client.patch(`/api/v1/capacity/supervision/${other.id}`, { durationMinutes: 75, version: other.version });
      const nowhereR = await client.patch(`/api/v1/capacity/supervision/${NOWHERE}`, { durationMinutes: 75, version: 1 });
      got[role] = { own: ownR.statusCode, other: otherR.statusCode, nowhere: nowhereR.statusCode };
      // Beyond reach it is exactly what a record that does not exist answers: no existence oracle.
      if (otherR.statusCode !== 200) {
        expect(otherR.statusCode).toBe(nowhereR.statusCode);
        expect(problem(otherR)).toEqual(problem(nowhereR));
        expect(await row(other.id)).toEqual(other);
      }
      if (ownR.statusCode !== 200) expect(await row(own.id)).toEqual(own);
    }
    expect(got).toEqual(Object.fromEntries(Object.entries(expected).map(([role, e]) => [role, { ...e, nowhere: e.own === 403 ? 403 : 404 }])));
  });

  it('a mentor whose assignment moves to the other CSO loses the first one at the next request', async () => {
    const record = await supervision(w.a.cso.id);
    const mentor = await f.user(w.consortium.id, ['mentor'], { mentorOrganisationIds: [w.a.cso.id] });
    const client = await mentor.login();
    const current = (await f.admin.get(`/api/v1/users/${mentor.user.id}`)).json();
    expect((await f.admin.patch(`/api/v1/users/${mentor.user.id}`, { mentorOrganisationIds: [w.b.cso.id], version: current.version })).statusCode).toBe(200);
    expect((await client.patch(`/api/v1/capacity/supervision/${record.id}`, { durationMinutes: 5, version: record.version })).statusCode).toBe(404);
    expect(await row(record.id)).toEqual(record);
  });

  it('versions: a stale, future, missing or mistyped version changes nothing and writes no audit entry', async () => {
    const record = await supervision(w.a.cso.id);
    const mark = await auditMark();
    const url = `/api/v1/capacity/supervision/${record.id}`;
    for (const version of [record.version - 1, record.version + 1, 2_147_483_647]) {
      const r = await as.cso_manager.patch(url, { durationMinutes: 5, version });
      if (version < 1) expect(r.statusCode).toBe(400);
      else {
        expect(r.statusCode, String(version)).toBe(409);
        expect(problem(r)).toMatchObject({ status: 409 });
      }
    }
    for (const version of [undefined, '1', 1.5, 0, -1, null, 2_147_483_648, [record.version]]) {
      const r = await as.cso_manager.patch(url, { durationMinutes: 5, version });
      expect(r.statusCode, JSON.stringify(version)).toBe(400);
      expect(fields(r)).toContain('version');
    }
    expect(await row(record.id)).toEqual(record);
    expect(await writesSince(mark, record.id)).toEqual([]);
  });

  it('invalid bodies: 400 problem+json naming the field, in Georgian by default and in English when asked; nothing written', async () => {
    const record = await supervision(w.a.cso.id);
    const mark = await auditMark();
    const url = `/api/v1/capacity/supervision/${record.id}`;
    const v = record.version;
    const bad: [unknown, string][] = [
      [{ supervisor: ' ', version: v }, 'supervisor'],
      [{ supervisee: '', version: v }, 'supervisee'],
      [{ supervisor: 'x'.repeat(201), version: v }, 'supervisor'],
      [{ heldOn: '2026-02-30', version: v }, 'heldOn'],
      [{ heldOn: 'yesterday', version: v }, 'heldOn'],
      [{ durationMinutes: 0, version: v }, 'durationMinutes'],
      [{ durationMinutes: 24 * 60 + 1, version: v }, 'durationMinutes'],
      [{ durationMinutes: 1.5, version: v }, 'durationMinutes'],
      [{ durationMinutes: '60', version: v }, 'durationMinutes'],
      [{ type: 'therapy', version: v }, 'type'],
      [{ themes: 'x'.repeat(2001), version: v }, 'themes'],
      [{ themes: null, version: v }, 'themes'],
    ];
    for (const [body, field] of bad) {
      const ka = await as.cso_manager.patch(url, body);
      expect(ka.statusCode, JSON.stringify(body)).toBe(400);
      expect(fields(ka)).toEqual([field]);
      expect(hasGeorgian(problem(ka).title)).toBe(true);
      const en = await englishManager.patch(url, body);
      expect(en.statusCode).toBe(400);
      expect(fields(en)).toEqual([field]);
      expect(hasGeorgian(problem(en).title)).toBe(false);
      expect(problem(en).errors!.every((e) => !hasGeorgian(e.message))).toBe(true);
    }
    // Not an object at all.
    for (const payload of ['[]', 'null', '"x"', '{"version":']) {
      const r = await as.cso_manager.raw({ method: 'PATCH', url, headers: { 'content-type': 'application/json' }, payload });
      expect(r.statusCode, payload).toBe(400);
      expect(hasGeorgian(problem(r).title)).toBe(true);
      const en = await englishManager.raw({ method: 'PATCH', url, headers: { 'content-type': 'application/json' }, payload });
      expect(en.statusCode, payload).toBe(400);
      expect(hasGeorgian(problem(en).title)).toBe(false);
    }
    // Georgian for a Georgian profile, whatever the browser says.
    const browser = await english(as.cso_manager, 'PATCH', url, bad[0]![0]);
    expect(hasGeorgian(problem(browser).title)).toBe(true);
    // A malformed id is a 400 about the id, never a database error.
    const malformed = await as.cso_manager.patch('/api/v1/capacity/supervision/not-a-uuid', { durationMinutes: 5, version: 1 });
    expect(malformed.statusCode).toBe(400);
    expect(await row(record.id)).toEqual(record);
    expect(await writesSince(mark, record.id)).toEqual([]);
  });

  it('the body cannot move the record to another organisation, nor set its id, author or version', async () => {
    const record = await supervision(w.a.cso.id);
    const other = await supervision(w.b.cso.id);
    const stranger = (await f.user(w.b.cso.id, ['cso_manager'])).user.id;
    for (const client of [as.mentor, as.cso_manager, as.admin]) {
      const before = await row(record.id);
      const r = await client.patch(`/api/v1/capacity/supervision/${record.id}`, {
        organisationId: w.b.cso.id,
        organisation_id: w.b.cso.id,
        id: other.id,
        createdBy: stranger,
        createdAt: '2000-01-01T00:00:00Z',
        updatedAt: '2000-01-01T00:00:00Z',
        durationMinutes: before.durationMinutes + 1,
        version: before.version,
      });
      expect(r.statusCode, r.body).toBe(200);
      const after = await row(record.id);
      expect(after).toMatchObject({ id: record.id, organisationId: w.a.cso.id, createdBy: record.createdBy, createdAt: record.createdAt, version: before.version + 1 });
    }
    expect(await row(other.id)).toEqual(other);
    // B's manager still does not see it, A's still does.
    const listB = (await (await w.b.manager.login()).get('/api/v1/capacity/supervision?pageSize=200')).json().items as { id: string }[];
    expect(listB.map((i) => i.id)).not.toContain(record.id);
    const listA = (await as.cso_manager.get('/api/v1/capacity/supervision?pageSize=200')).json().items as { id: string }[];
    expect(listA.map((i) => i.id)).toContain(record.id);
  });

  it('a correction is audited (what changed, not the themes); a field left out of the body keeps its value', async () => {
    const record = await supervision(w.a.cso.id);
    const mark = await auditMark();
    const r = await as.cso_manager.patch(`/api/v1/capacity/supervision/${record.id}`, { durationMinutes: 90, version: record.version });
    expect(r.statusCode, r.body).toBe(200);
    // Found by this attack: a PATCH without `themes` emptied them (the input's default, '',
    // applied to an absent field of the patch).
    expect(r.json()).toMatchObject({ ...SUPERVISION, durationMinutes: 90, version: record.version + 1 });
    expect(await row(record.id)).toMatchObject({ ...SUPERVISION, durationMinutes: 90 });
    const entries = await writesSince(mark, record.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'update', entityType: 'supervision_session', organisationId: w.a.cso.id, actorUserId: w.a.manager.user.id });
    expect(entries[0]!.changes).toEqual({ durationMinutes: { from: 60, to: 90 } });
    expect(JSON.stringify(entries[0])).not.toContain(SUPERVISION.themes);
  });
});

describe('a patch leaves what its body leaves out (the same default bug elsewhere)', () => {
  it('mentoring visit: topics, participants, follow-ups and notes survive a patch of the duration', async () => {
    const created = await as.mentor.post('/api/v1/capacity/mentoring', {
      organisationId: w.a.cso.id, heldOn: '2026-03-01', format: 'in_person', durationMinutes: 60,
      participants: 'ნინო, ეკა', topics: 'ბიუჯეტი', followUps: [{ text: 'Draft the budget', dueOn: '2026-04-01' }], notes: 'შენიშვნა',
    });
    expect(created.statusCode, created.body).toBe(201);
    const visit = created.json();
    const r = await as.mentor.patch(`/api/v1/capacity/mentoring/${visit.id}`, { durationMinutes: 90, version: visit.version });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ participants: 'ნინო, ეკა', topics: 'ბიუჯეტი', followUps: [{ text: 'Draft the budget', dueOn: '2026-04-01' }], notes: 'შენიშვნა', durationMinutes: 90 });
  });

  it('plan action: status, priority, responsible, resources and evidence survive a patch of the deadline', async () => {
    const created = await as.cso_manager.post('/api/v1/capacity/plan-actions', {
      organisationId: w.a.cso.id, subArea: '1.1', action: 'Write the policy', priority: 1, responsible: 'ნინო', resources: 'budget', status: 'in_progress', evidence: 'draft v1',
    });
    expect(created.statusCode, created.body).toBe(201);
    const action = created.json();
    const r = await as.cso_manager.patch(`/api/v1/capacity/plan-actions/${action.id}`, { deadline: '2026-12-31', version: action.version });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ priority: 1, responsible: 'ნინო', resources: 'budget', status: 'in_progress', evidence: 'draft v1', deadline: '2026-12-31' });
  });

  it("user: deactivating a login keeps the user's language", async () => {
    const person = await f.user(w.a.cso.id, ['case_worker']);
    const current = (await f.admin.get(`/api/v1/users/${person.user.id}`)).json();
    const en = await f.admin.patch(`/api/v1/users/${person.user.id}`, { language: 'en', version: current.version });
    expect(en.statusCode, en.body).toBe(200);
    const off = await f.admin.patch(`/api/v1/users/${person.user.id}`, { active: false, version: en.json().version });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json()).toMatchObject({ active: false, language: 'en' });
  });

  it('instrument: its descriptions survive a patch of the title', async () => {
    const code = `a_${unique()}`;
    const created = await f.admin.post('/api/v1/instruments', { code, purpose: 'survey', titleKa: 'ტ', titleEn: 'T', descriptionKa: 'აღწერა', descriptionEn: 'Description' });
    expect(created.statusCode, created.body).toBe(201);
    const r = await f.admin.patch(`/api/v1/instruments/${created.json().id}`, { titleEn: 'T2', version: created.json().version });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ titleEn: 'T2', descriptionKa: 'აღწერა', descriptionEn: 'Description' });
  });
});

// ---- staff register: logins, self-registration, linking -------------------------------------

interface Entry {
  id: string;
  organisationId: string;
  givenName: string;
  surname: string;
  email: string;
  userId: string | null;
  version: number;
}
async function entry(organisationId: string, values: { givenName: string; surname: string; email?: string; userId?: string; wg?: Record<string, number> }): Promise<Entry> {
  const r = await f.admin.post('/api/v1/learning/staff', { organisationId, sex: 'female', ...values });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}
async function stored(id: string) {
  const [found] = await t.database.db.select().from(learningStaff).where(eq(learningStaff.id, id));
  return found!;
}
const entriesOf = (userId: string) => t.database.db.select().from(learningStaff).where(eq(learningStaff.userId, userId));
const logins = (c: Client, organisationId: string) => c.get(`/api/v1/learning/staff/logins?organisationId=${organisationId}`);

describe('GET /learning/staff/logins', () => {
  it('each role: only the register keepers, only organisations they keep; beyond them the same 404 as an organisation that does not exist', async () => {
    const got: Record<string, [number, number, number]> = {};
    for (const [role, client] of Object.entries(as)) {
      got[role] = [(await logins(client, w.a.cso.id)).statusCode, (await logins(client, w.b.cso.id)).statusCode, (await logins(client, NOWHERE)).statusCode];
    }
    expect(got).toEqual({
      admin: [200, 200, got.admin![2]],
      programme_manager: [200, 200, got.programme_manager![2]],
      mentor: [403, 403, 403],
      cso_manager: [200, 404, 404],
      case_worker: [403, 403, 403],
      monitor: [403, 403, 403],
      viewer: [403, 403, 403],
    });
    // Programme staff keep every register: an organisation that does not exist has no logins.
    for (const role of ['admin', 'programme_manager'] as const) {
      const r = await logins(as[role], NOWHERE);
      if (r.statusCode === 200) expect(r.json()).toEqual([]);
      else expect(r.statusCode).toBe(404);
    }
    const other = await logins(as.cso_manager, w.b.cso.id);
    const nowhere = await logins(as.cso_manager, NOWHERE);
    expect(problem(other)).toEqual(problem(nowhere));
    expect(other.body).not.toContain(w.b.manager.email);
    expect(other.body).not.toContain(w.b.caseWorker.email);
  });

  it("a manager's list holds their organisation's active logins only, each with an entry of that organisation", async () => {
    const gone = await f.user(w.a.cso.id, ['case_worker']);
    const current = (await f.admin.get(`/api/v1/users/${gone.user.id}`)).json();
    expect((await f.admin.patch(`/api/v1/users/${gone.user.id}`, { active: false, version: current.version })).statusCode).toBe(200);
    // A B login linked to a B entry, and an A entry linked to A's case worker.
    const bEntry = await entry(w.b.cso.id, { givenName: 'ბ', surname: `ბ${unique()}`, userId: w.b.caseWorker.user.id });
    const aEntry = await entry(w.a.cso.id, { givenName: 'ა', surname: `ა${unique()}`, userId: w.a.caseWorker.user.id });

    const r = await logins(as.cso_manager, w.a.cso.id);
    expect(r.statusCode, r.body).toBe(200);
    const list = r.json() as { id: string; email: string; displayName: string; staffId: string | null }[];
    const activeOfA = await t.database.db.select({ id: users.id }).from(users).where(and(eq(users.organisationId, w.a.cso.id), eq(users.active, true)));
    expect(list.map((l) => l.id).sort()).toEqual(activeOfA.map((u) => u.id).sort());
    expect(list.map((l) => l.id)).not.toContain(gone.user.id);
    expect(r.body).not.toContain(gone.email);
    expect(r.body).not.toContain(bEntry.id);
    for (const email of [w.b.manager.email, w.b.caseWorker.email, w.mentor.email, w.monitor.email, programmeManager.email, 'admin@factory.test']) expect(r.body).not.toContain(email);
    expect(list.find((l) => l.id === w.a.caseWorker.user.id)?.staffId).toBe(aEntry.id);
    // The repeated parameter is not a way to ask for two organisations at once.
    const twice = await as.cso_manager.get(`/api/v1/learning/staff/logins?organisationId=${w.a.cso.id}&organisationId=${w.b.cso.id}`);
    expect(twice.statusCode).toBe(400);
    expect(twice.body).not.toContain(w.b.caseWorker.email);
  });

  it('a missing or malformed organisationId is a 400 naming it (Georgian, English), never everyone', async () => {
    for (const query of ['', '?organisationId=', '?organisationId=abc', `?organisationId=${w.a.cso.id}x`, `?organisationId=${encodeURIComponent("' or 1=1 --")}`, '?organisationid=' + w.a.cso.id]) {
      for (const [ka, en] of [[as.admin, englishAdmin], [as.cso_manager, englishManager]] as const) {
        const kaR = await ka.get(`/api/v1/learning/staff/logins${query}`);
        expect(kaR.statusCode, query).toBe(400);
        expect(fields(kaR)).toEqual(['querystring.organisationId']);
        expect(hasGeorgian(problem(kaR).title)).toBe(true);
        expect(kaR.body).not.toContain('@');
        const enR = await en.get(`/api/v1/learning/staff/logins${query}`);
        expect(enR.statusCode).toBe(400);
        expect(fields(enR)).toEqual(['querystring.organisationId']);
        expect(hasGeorgian(problem(enR).title)).toBe(false);
        expect(enR.body).not.toContain('@');
      }
    }
  });
});

describe('POST /learning/me never takes over, nor tells of, an entry that is not surely the caller’s', () => {
  const register = (c: Client, givenName: string, surname: string) => c.post('/api/v1/learning/me', { givenName, surname, sex: 'female' });
  const shape = (r: LightMyRequestResponse) => ({ status: r.statusCode, keys: Object.keys(r.json()).sort() });

  it('an entry in another organisation with the login’s email and name: answered exactly as when there is none', async () => {
    const surname = `ხარაზი${unique()}`;
    const control = await f.user(w.a.cso.id, ['case_worker']);
    const controlR = await register(await control.login(), 'ნანა', `${surname}c`);
    for (const [organisationId, withEmail] of [[w.b.cso.id, true], [w.b.cso.id, false], [w.cityHall.id, true], [w.consortium.id, true]] as const) {
      const person = await f.user(w.a.cso.id, ['case_worker']);
      const sn = `${surname}${unique()}`;
      const elsewhere = await entry(organisationId, { givenName: 'ნანა', surname: sn, email: withEmail ? person.email : '', wg: { seeing: 4 } });
      const r = await register(await person.login(), 'ნანა', sn);
      expect(shape(r)).toEqual(shape(controlR));
      expect(r.json()).toMatchObject({ organisationId: w.a.cso.id, userId: person.user.id, wg: null });
      expect(r.body).not.toContain(elsewhere.id);
      expect((await stored(elsewhere.id)).userId).toBeNull();
    }
  });

  it('an entry already linked to someone else, with the login’s email and name, is never taken', async () => {
    const sn = `ჯაფარიძე${unique()}`;
    const person = await f.user(w.a.cso.id, ['case_worker']);
    const colleague = await f.user(w.a.cso.id, ['case_worker']);
    const theirs = await entry(w.a.cso.id, { givenName: 'ლია', surname: sn, email: person.email, userId: colleague.user.id, wg: { seeing: 4 } });
    const r = await register(await person.login(), 'ლია', sn);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().id).not.toBe(theirs.id);
    expect(r.json().wg).toBeNull();
    expect((await stored(theirs.id)).userId).toBe(colleague.user.id);
  });

  it('a colleague’s entry (their email) under the colleague’s name: the caller gets an entry of their own, the colleague’s stays', async () => {
    const sn = `მაისურაძე${unique()}`;
    const colleague = await f.user(w.a.cso.id, ['case_worker']);
    const theirs = await entry(w.a.cso.id, { givenName: 'სალომე', surname: sn, email: colleague.email, wg: { hearing: 4 } });
    const person = await f.user(w.a.cso.id, ['case_worker']);
    const r = await register(await person.login(), 'სალომე', sn);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().id).not.toBe(theirs.id);
    expect(r.body).not.toContain(theirs.id);
    expect((await stored(theirs.id)).userId).toBeNull();
  });

  it('case, spaces, look-alike letters and LIKE wildcards in the name never link an entry whose name differs', async () => {
    const person = await f.user(w.a.cso.id, ['case_worker']);
    const client = await person.login();
    const sn = `Abashidze${unique()}`;
    // With the login's email: a name that only looks the same (Cyrillic А, zero-width space, %,
    // a non-breaking space inside) is a doubtful match — 409, nothing linked, nothing created.
    const mine = await entry(w.a.cso.id, { givenName: 'Anna', surname: sn, email: person.email, wg: { seeing: 4 } });
    for (const givenName of ['\u0410nna', 'An\u200Bna', 'A%', '_nna', 'An na', 'Anna\u00A0x']) {
      const r = await register(client, givenName, sn);
      expect(r.statusCode, JSON.stringify(givenName)).toBe(409);
      expect(r.body).not.toContain(mine.id);
    }
    expect((await stored(mine.id)).userId).toBeNull();
    expect(await entriesOf(person.user.id)).toEqual([]);
    // Without an email on the entry: a look-alike name is another person, registered anew; the entry stays.
    const other = await f.user(w.a.cso.id, ['case_worker']);
    const sn2 = `Gelashvili${unique()}`;
    const noEmail = await entry(w.a.cso.id, { givenName: 'Eka', surname: sn2, wg: { seeing: 4 } });
    const r = await register(await other.login(), 'Еka', sn2); // Cyrillic Е
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().wg).toBeNull();
    expect((await stored(noEmail.id)).userId).toBeNull();
    // The same name in other letters' case and with spaces around is the same name (as documented).
    const third = await f.user(w.a.cso.id, ['case_worker']);
    const sn3 = `Tsereteli${unique()}`;
    const kept = await entry(w.a.cso.id, { givenName: 'Tamar', surname: sn3, email: third.email.toUpperCase() });
    const linked = await register(await third.login(), '  TAMAR ', ` ${sn3.toLowerCase()}`);
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().id).toBe(kept.id);
  });

  it('concurrent registrations of one login: one entry linked, no second entry, the rest refused', async () => {
    const person = await f.user(w.a.cso.id, ['case_worker']);
    const client = await person.login();
    const sn = `ნოზაძე${unique()}`;
    const kept = await entry(w.a.cso.id, { givenName: 'ქეთი', surname: sn, email: person.email });
    const answers = await Promise.all(Array.from({ length: 6 }, () => register(client, 'ქეთი', sn)));
    const statuses = answers.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 400 || s === 409)).toBe(true);
    expect((await entriesOf(person.user.id)).map((e) => e.id)).toEqual([kept.id]);

    // Two logins racing for no entry: each gets its own.
    const p1 = await f.user(w.a.cso.id, ['case_worker']);
    const p2 = await f.user(w.a.cso.id, ['case_worker']);
    const [c1, c2] = [await p1.login(), await p2.login()];
    const both = await Promise.all([register(c1, 'ია', `${sn}2`), register(c2, 'ია', `${sn}2`), register(c1, 'ია', `${sn}2`)]);
    expect(both.map((r) => r.statusCode).filter((s) => s === 201)).toHaveLength(2);
    expect(await entriesOf(p1.user.id)).toHaveLength(1);
    expect(await entriesOf(p2.user.id)).toHaveLength(1);
  });

  it('the viewer (donor) may not register; the monitor registers in the city hall, never into a CSO it reads', async () => {
    expect((await register(as.viewer, 'დ', `დ${unique()}`)).statusCode).toBe(403);
    const monitor = await f.user(w.cityHall.id, ['municipal_monitor']);
    const sn = `მონიტორი${unique()}`;
    const inCso = await entry(w.a.cso.id, { givenName: 'მ', surname: sn, email: monitor.email });
    const r = await register(await monitor.login(), 'მ', sn);
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().organisationId).toBe(w.cityHall.id);
    expect((await stored(inCso.id)).userId).toBeNull();
  });
});

describe('linking a register entry to a login (staff PATCH userId)', () => {
  const link = (c: Client, e: { id: string; version: number }, userId: string | null) => c.patch(`/api/v1/learning/staff/${e.id}`, { userId, version: e.version });

  it("a manager cannot link their entry to another organisation's login; the answer is the one for a login that does not exist", async () => {
    const e = await entry(w.a.cso.id, { givenName: 'გ', surname: `გ${unique()}` });
    for (const client of [as.cso_manager, as.admin, as.programme_manager]) {
      const other = await link(client, e, w.b.caseWorker.user.id);
      const nowhere = await link(client, e, NOWHERE);
      expect(other.statusCode).toBe(400);
      expect(problem(other)).toEqual(problem(nowhere));
      expect(fields(other)).toEqual(['userId']);
    }
    // Nor the mentor's, the monitor's, the consortium's.
    for (const userId of [w.mentor.user.id, w.monitor.user.id, programmeManager.user.id]) expect((await link(as.cso_manager, e, userId)).statusCode).toBe(400);
    expect(await stored(e.id)).toMatchObject({ userId: null, version: e.version });
  });

  it("another organisation's entry: 404 for its manager, whichever login", async () => {
    const e = await entry(w.b.cso.id, { givenName: 'დ', surname: `დ${unique()}` });
    for (const userId of [w.a.caseWorker.user.id, w.b.caseWorker.user.id, w.a.manager.user.id]) {
      const r = await link(as.cso_manager, e, userId);
      expect(r.statusCode).toBe(404);
    }
    expect((await link(as.mentor, e, w.b.caseWorker.user.id)).statusCode).toBe(403);
    expect((await link(as.case_worker, e, w.b.caseWorker.user.id)).statusCode).toBe(403);
    expect(await stored(e.id)).toMatchObject({ userId: null, version: e.version });
  });

  it('a login already linked to an entry is not taken from it; the entry is not moved by the body', async () => {
    const person = await f.user(w.a.cso.id, ['case_worker']);
    const first = await entry(w.a.cso.id, { givenName: 'ე', surname: `ე${unique()}`, userId: person.user.id });
    const second = await entry(w.a.cso.id, { givenName: 'ვ', surname: `ვ${unique()}` });
    const r = await link(as.cso_manager, second, person.user.id);
    expect(r.statusCode).toBe(400);
    expect(fields(r)).toEqual(['userId']);
    expect((await stored(first.id)).userId).toBe(person.user.id);
    expect(await stored(second.id)).toMatchObject({ userId: null, version: second.version });
    // Creating an entry for a linked login, or for another organisation's login, is refused too.
    expect((await as.cso_manager.post('/api/v1/learning/staff', { organisationId: w.a.cso.id, givenName: 'ზ', surname: `ზ${unique()}`, sex: 'male', userId: person.user.id })).statusCode).toBe(400);
    expect((await as.cso_manager.post('/api/v1/learning/staff', { organisationId: w.a.cso.id, givenName: 'ზ', surname: `ზ${unique()}`, sex: 'male', userId: w.b.caseWorker.user.id })).statusCode).toBe(400);
    expect((await as.cso_manager.post('/api/v1/learning/staff', { organisationId: w.b.cso.id, givenName: 'ზ', surname: `ზ${unique()}`, sex: 'male' })).statusCode).toBe(404);
    // organisationId in a patch does not move the entry.
    const moved = await as.cso_manager.patch(`/api/v1/learning/staff/${second.id}`, { organisationId: w.b.cso.id, position: 'x', version: second.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await stored(second.id)).organisationId).toBe(w.a.cso.id);
  });

  it("a linked person's disability answers are not handed to a login of another organisation through a link", async () => {
    const e = await entry(w.a.cso.id, { givenName: 'თ', surname: `თ${unique()}`, wg: { seeing: 4 } });
    await link(as.admin, e, w.b.caseWorker.user.id);
    const me = (await (await w.b.caseWorker.login()).get('/api/v1/learning/me')).json();
    expect(JSON.stringify(me)).not.toContain(e.id);
  });
});
