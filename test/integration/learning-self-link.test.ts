import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/schema';
import type { Role } from '../../common/roles';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, unique, type Factories, type TwoCsos } from '../support/factories';

// A person a manager already put in the staff register, not linked to their login, registers
// themselves on the learning page: they get their own entry back (linked), not a second one that
// would split their enrolments and certificates. Only unlinked entries of their own organisation
// are ever considered, whatever else they reach; a doubtful match is left to a manager.

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let admin: Client;

interface Entry {
  id: string;
  organisationId: string;
  givenName: string;
  surname: string;
  birthYear: number | null;
  position: string;
  userId: string | null;
}

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
  admin = f.admin;
}, 120_000);
afterAll(() => t?.close());

/** A register entry kept by the administrator (no login linked unless given). */
async function entry(organisationId: string, values: { givenName: string; surname: string; email?: string; birthYear?: number | null; position?: string }): Promise<Entry> {
  const r = await admin.post('/api/v1/learning/staff', { organisationId, sex: 'female', ...values });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}

async function entryById(id: string): Promise<Entry> {
  const r = await admin.get(`/api/v1/learning/staff/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json();
}

/** Entries of an organisation with this surname, as the administrator reads the register. */
async function withSurname(organisationId: string, surname: string): Promise<Entry[]> {
  const r = await admin.get(`/api/v1/learning/staff?organisationId=${organisationId}&q=${encodeURIComponent(surname)}&pageSize=100`);
  expect(r.statusCode, r.body).toBe(200);
  return (r.json().items as Entry[]).filter((e) => e.surname === surname);
}

describe('registering oneself when the register already has one', () => {
  it('links the entry with the login’s email and the same name instead of creating a second one', async () => {
    const surname = `ბერიძე${unique()}`;
    const person = await f.user(world.a.cso.id, ['case_worker']);
    // Kept by a manager with the email in other letters' case, a position, no year of birth.
    const kept = await entry(world.a.cso.id, { givenName: 'ნინო', surname, email: person.email.toUpperCase(), position: 'ფსიქოლოგი' });
    const client = await person.login();

    const r = await client.post('/api/v1/learning/me', { givenName: ' ნინო', surname, sex: 'female', birthYear: 1990, position: 'სოციალური მუშაკი' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ id: kept.id, userId: person.user.id, givenName: 'ნინო', position: 'ფსიქოლოგი', birthYear: 1990 });
    expect((await client.get('/api/v1/learning/me')).json().staff.id).toBe(kept.id);
    expect(await withSurname(world.a.cso.id, surname)).toHaveLength(1);
    // Once linked, registering again is refused as before.
    expect((await client.post('/api/v1/learning/me', { givenName: 'ნინო', surname, sex: 'female' })).statusCode).toBe(400);
  });

  it('never links, nor mentions, an entry of another organisation, even one the caller reaches', async () => {
    const surname = `კაპანაძე${unique()}`;
    // A case worker of CSO A; an entry with their email and name in CSO B.
    const person = await f.user(world.a.cso.id, ['case_worker']);
    const elsewhere = await entry(world.b.cso.id, { givenName: 'ეკა', surname, email: person.email });
    const r = await (await person.login()).post('/api/v1/learning/me', { givenName: 'ეკა', surname, sex: 'female' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().organisationId).toBe(world.a.cso.id);
    expect(r.body).not.toContain(elsewhere.id);
    expect((await entryById(elsewhere.id)).userId).toBeNull();

    // A mentor writes in the CSO they are assigned to, an administrator everywhere: their own
    // register entry is still only one of the organisation they work at.
    const wider: [Role, { mentorOrganisationIds?: string[] }][] = [
      ['mentor', { mentorOrganisationIds: [world.a.cso.id] }],
      ['admin', {}],
    ];
    const organisationId = world.consortium.id;
    for (const [role, options] of wider) {
      const someone = await f.user(organisationId, [role], options);
      const reached = await entry(world.a.cso.id, { givenName: 'თამარ', surname, email: someone.email });
      const own = await (await someone.login()).post('/api/v1/learning/me', { givenName: 'თამარ', surname, sex: 'female' });
      expect(own.statusCode, own.body).toBe(201);
      expect(own.json().organisationId).toBe(organisationId);
      expect((await entryById(reached.id)).userId).toBeNull();
    }
  });

  it('leaves a doubtful match to a manager: nothing is created and the person is told whom to ask, in their language', async () => {
    const surname = `ლომიძე${unique()}`;
    const cases = [
      // The login's email, another name (a mistyped email could be a colleague's entry).
      { setup: (email: string) => [{ givenName: 'ანა', surname, email }], givenName: 'მარიამ' },
      // Two entries with the login's email.
      { setup: (email: string) => [{ givenName: 'ანა', surname, email }, { givenName: 'ანა', surname, email: email.toUpperCase() }], givenName: 'ანა' },
      // No email on the entry, the same name.
      { setup: () => [{ givenName: 'ნატო', surname: `${surname}x` }], givenName: 'ნატო', surname: `${surname}x` },
    ];
    for (const c of cases) {
      const person = await f.user(world.a.cso.id, ['case_worker']);
      for (const values of c.setup(person.email)) await entry(world.a.cso.id, values);
      const before = await withSurname(world.a.cso.id, c.surname ?? surname);
      const client = await person.login();
      const r = await client.post('/api/v1/learning/me', { givenName: c.givenName, surname: c.surname ?? surname, sex: 'female' });
      expect(r.statusCode, r.body).toBe(409);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().detail).toContain('მენეჯერს');
      // Nothing of the entry is told.
      for (const e of before) expect(r.body).not.toContain(e.id);
      expect((await client.get('/api/v1/learning/me')).json().staff).toBeNull();
      const after = await withSurname(world.a.cso.id, c.surname ?? surname);
      expect(after).toHaveLength(before.length);
      expect(after.every((e) => e.userId === null)).toBe(true);
    }
  });

  it('registers a namesake whose entry has someone else’s email', async () => {
    const surname = `გელაშვილი${unique()}`;
    await entry(world.a.cso.id, { givenName: 'მარიამ', surname, email: `other.${unique()}@example.ge` });
    const person = await f.user(world.a.cso.id, ['case_worker']);
    const r = await (await person.login()).post('/api/v1/learning/me', { givenName: 'მარიამ', surname, sex: 'female' });
    expect(r.statusCode, r.body).toBe(201);
    expect(await withSurname(world.a.cso.id, surname)).toHaveLength(2);
  });
});

describe('a manager links an entry to a login', () => {
  it('offers the logins of the organisations they keep, and the person then finds their entry', async () => {
    const surname = `წიკლაური${unique()}`;
    const person = await f.user(world.a.cso.id, ['case_worker'], { displayName: `ანა ${surname}` });
    const kept = await entry(world.a.cso.id, { givenName: 'ანა', surname });
    const manager = await world.a.manager.login();

    const logins = await manager.get(`/api/v1/learning/staff/logins?organisationId=${world.a.cso.id}`);
    expect(logins.statusCode, logins.body).toBe(200);
    expect(logins.json()).toContainEqual({ id: person.user.id, displayName: `ანა ${surname}`, email: person.email, staffId: null });
    // Another CSO's logins are not theirs to see.
    expect((await manager.get(`/api/v1/learning/staff/logins?organisationId=${world.b.cso.id}`)).statusCode).toBe(404);
    expect((await manager.get(`/api/v1/learning/staff/logins?organisationId=${world.b.cso.id}`)).body).not.toContain(world.b.caseWorker.email);

    const linked = await manager.patch(`/api/v1/learning/staff/${kept.id}`, { userId: person.user.id, version: (await entryById(kept.id) as Entry & { version: number }).version });
    expect(linked.statusCode, linked.body).toBe(200);
    const after = (await manager.get(`/api/v1/learning/staff/logins?organisationId=${world.a.cso.id}`)).json() as { id: string; staffId: string | null }[];
    expect(after.find((l) => l.id === person.user.id)?.staffId).toBe(kept.id);
    // The link is in the audit log: who the entry belongs to now (nothing of its answers).
    const [audited] = await t.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, kept.id), eq(auditLog.action, 'update'))).orderBy(desc(auditLog.id)).limit(1);
    expect(audited?.changes).toEqual({ userId: { from: null, to: person.user.id } });
    expect((await (await person.login()).get('/api/v1/learning/me')).json().staff.id).toBe(kept.id);
  });

  it('refuses to link a deactivated login, as the list of logins does not offer it', async () => {
    const surname = `ბერიძე${unique()}`;
    const gone = await f.user(world.a.cso.id, ['case_worker']);
    const current = (await f.admin.get(`/api/v1/users/${gone.user.id}`)).json();
    expect((await f.admin.patch(`/api/v1/users/${gone.user.id}`, { active: false, version: current.version })).statusCode).toBe(200);
    const kept = await entry(world.a.cso.id, { givenName: 'ნიკა', surname });
    const manager = await world.a.manager.login();
    const refused = await manager.patch(`/api/v1/learning/staff/${kept.id}`, { userId: gone.user.id, version: ((await entryById(kept.id)) as Entry & { version: number }).version });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('userId');
    expect(((await entryById(kept.id)) as Entry & { userId: string | null }).userId).toBeNull();
  });
});
