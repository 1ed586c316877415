import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveReach } from '../../server/access/reach';
import { actorOfUser } from '../../server/auth/sessions';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, type Factories, type TestUser, type TwoCsos } from '../support/factories';

let t: TestApp;
let f: Factories;
let world: TwoCsos;
beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
});
afterAll(() => t?.close());

const idsSeenBy = async (client: Client) => {
  const items = (await client.get('/api/v1/organisations?pageSize=200')).json().items as { id: string }[];
  return items.map((o) => o.id).sort();
};
const seenBy = async (user: TestUser) => idsSeenBy(await user.login());
const sorted = (...ids: string[]) => [...ids].sort();

describe('organisation scopes', () => {
  it('CSO staff see only their own organisation', async () => {
    expect(await seenBy(world.a.manager)).toEqual([world.a.cso.id]);
    expect(await seenBy(world.a.caseWorker)).toEqual([world.a.cso.id]);
    expect(await seenBy(world.b.manager)).toEqual([world.b.cso.id]);
  });

  it('a municipal monitor sees their city hall and the CSOs working in its municipality', async () => {
    // Not the CSO of the other municipality, nor the consortium organisation that works in both.
    expect(await seenBy(world.monitor)).toEqual(sorted(world.cityHall.id, world.a.cso.id));
  });

  it('a mentor sees their organisation and the CSOs assigned to them, and follows reassignment', async () => {
    expect(await seenBy(world.mentor)).toEqual(sorted(world.consortium.id, world.a.cso.id));

    const mentor = (await f.admin.get(`/api/v1/users/${world.mentor.user.id}`)).json();
    const reassigned = await f.admin.patch(`/api/v1/users/${mentor.id}`, { version: mentor.version, mentorOrganisationIds: [world.b.cso.id] });
    expect(reassigned.statusCode).toBe(200);
    expect(await seenBy(world.mentor)).toEqual(sorted(world.consortium.id, world.b.cso.id));
  });

  it('a background job reaches what the session reaches (its reach is read without a session)', async () => {
    for (const user of [world.monitor, world.mentor, world.a.manager]) {
      const actor = (await actorOfUser(t.database.db, user.user.id))!;
      const { read } = await resolveReach(t.database.db, actor);
      expect(read.all).toBe(false);
      expect([...read.ids].sort(), user.email).toEqual(await seenBy(user));
    }
  });

  it('dashboard numbers count only what the caller may see', async () => {
    const manager = await world.a.manager.login();
    // The CSO's own two staff; not the other CSO's.
    expect((await manager.get('/api/v1/dashboard')).json()).toMatchObject({ organisationsByKind: { cso: 1, consortium: 0 }, activeUsers: 2 });
    // The administrator counts everything: its own consortium organisation and what the factories made.
    expect((await f.admin.get('/api/v1/dashboard')).json()).toMatchObject({ organisationsByKind: { cso: 2, consortium: 2, municipality: 1, donor: 0 } });
  });

  it('a CSO manager cannot turn their organisation into another kind', async () => {
    const manager = await world.a.manager.login();
    const orgId = (await manager.get('/api/v1/me')).json().user.organisation.id;
    expect(orgId).toBe(world.a.cso.id);
    const { version } = (await manager.get(`/api/v1/organisations/${orgId}`)).json();
    const r = await manager.patch(`/api/v1/organisations/${orgId}`, { version, kind: 'consortium' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('kind');
  });

  it('roles must fit the kind of organisation', async () => {
    const r = await f.admin.post('/api/v1/users', { email: 'wrong.role@example.ge', displayName: 'X', organisationId: world.b.cso.id, roles: ['admin'] });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('roles');
    // The misfit roles are named by their labels (the user's language), never by their codes.
    expect(r.json().errors[0].message).toBe('ეს როლები არ შეესაბამება ამ ტიპის ორგანიზაციას: ადმინისტრატორი');
    const two = await f.admin.post('/api/v1/users', { email: 'wrong.roles@example.ge', displayName: 'X', organisationId: world.b.cso.id, roles: ['admin', 'mentor', 'case_worker'] });
    expect(two.json().errors[0].message).toBe('ეს როლები არ შეესაბამება ამ ტიპის ორგანიზაციას: ადმინისტრატორი, მენტორი');
  });

  it('a filled-in form of one CSO is listed and readable for its staff and 404 for the other CSO', async () => {
    const instrument = await f.publishedInstrument();
    const ofA = await f.response(instrument.id, world.a.cso.id, { answers: { n: 3 }, submit: true });
    expect(ofA.status).toBe('submitted');

    const managerA = await world.a.manager.login();
    const managerB = await world.b.manager.login();
    expect((await managerA.get(`/api/v1/responses/${ofA.id}`)).statusCode).toBe(200);
    expect((await managerB.get(`/api/v1/responses/${ofA.id}`)).statusCode).toBe(404);
    const listed = async (client: Client) => ((await client.get(`/api/v1/responses?instrumentId=${instrument.id}`)).json().items as { id: string }[]).map((r) => r.id);
    expect(await listed(managerA)).toEqual([ofA.id]);
    expect(await listed(managerB)).toEqual([]);
    expect(await listed(await world.monitor.login())).toEqual([ofA.id]);
  });

  it('each organisation says whether the reader may fill in forms for it, exactly where starting one is allowed', async () => {
    // A monitor reads the CSOs of their municipality but fills in forms for their city hall only;
    // the pickers offer what `mayFillIn` says, so it must agree with what starting a form answers.
    const instrument = await f.publishedInstrument(undefined, { purpose: 'quality_checklist' });
    const fillable = async (client: Client) => {
      const items = (await client.get('/api/v1/organisations?pageSize=200')).json().items as { id: string; mayFillIn: boolean }[];
      return items.filter((o) => o.mayFillIn).map((o) => o.id).sort();
    };
    const monitor = await world.monitor.login();
    expect(await fillable(monitor)).toEqual([world.cityHall.id]);
    expect((await monitor.get(`/api/v1/organisations/${world.a.cso.id}`)).json().mayFillIn).toBe(false);
    expect((await monitor.get(`/api/v1/organisations/${world.cityHall.id}`)).json().mayFillIn).toBe(true);
    const mentor = await world.mentor.login();
    // A mentor fills in for their organisation and the CSOs assigned to them: all they read.
    expect(await fillable(mentor)).toEqual(await idsSeenBy(mentor));
    expect(await fillable(await world.a.caseWorker.login())).toEqual([world.a.cso.id]);
    const every = (await f.admin.get('/api/v1/organisations?pageSize=200')).json().items as { mayFillIn: boolean }[];
    expect(every.every((o) => o.mayFillIn)).toBe(true);

    for (const client of [monitor, mentor]) {
      for (const id of await idsSeenBy(client)) {
        const { mayFillIn } = (await client.get(`/api/v1/organisations/${id}`)).json();
        const started = await client.post('/api/v1/responses', { instrumentId: instrument.id, organisationId: id });
        expect(started.statusCode, `${id}: mayFillIn ${mayFillIn}`).toBe(mayFillIn ? 201 : 404);
      }
    }
  });
});

describe('where an instrument may be filled in', () => {
  const idsOf = (items: { id: string }[]) => items.map((o) => o.id).sort();
  const offeredBy = async (client: Client, instrumentId: string) => {
    const r = await client.get(`/api/v1/instruments/${instrumentId}/fill-organisations`);
    expect(r.statusCode, r.body).toBe(200);
    return idsOf(r.json());
  };

  it('offers for each instrument exactly the organisations where saving the form is accepted, online and in the offline pack', async () => {
    // What the form is about decides too: a screening (about a person) only where the user sees
    // that organisation's people, a capacity assessment only where they work on capacity.
    const purposes = ['survey', 'quality_checklist', 'screening', 'needs_assessment', 'organisational_assessment'];
    const instruments = await Promise.all(purposes.map(async (purpose) => ({ purpose, ...(await f.publishedInstrument(undefined, { purpose })) })));
    const clients = [f.admin, ...(await Promise.all([world.monitor, world.mentor, world.a.manager, world.a.caseWorker].map((u) => u.login())))];
    let refused = 0;
    for (const client of clients) {
      const readable = await idsSeenBy(client);
      for (const instrument of instruments) {
        const offered = await offeredBy(client, instrument.id);
        const pack = (await client.get(`/api/v1/instruments/${instrument.id}/offline`)).json();
        expect(idsOf(pack.organisations), instrument.purpose).toEqual(offered);
        for (const id of readable) {
          const what = `${instrument.purpose} for ${id}: offered ${offered.includes(id)}`;
          const started = await client.post('/api/v1/responses', { instrumentId: instrument.id, organisationId: id });
          expect(started.statusCode, what).toBe(offered.includes(id) ? 201 : 404);
          const sent = await client.request('PUT', `/api/v1/responses/${randomUUID()}`, { instrumentVersionId: pack.version.id, organisationId: id });
          expect(sent.statusCode, `device: ${what}`).toBe(offered.includes(id) ? 201 : 404);
          if (!offered.includes(id)) refused += 1;
        }
      }
    }
    // The comparison covers refusals by subject, not only by scope.
    expect(refused).toBeGreaterThan(10);
  });

  it('a municipal monitor is offered a city hall checklist, not a screening of a person for it (its save would be refused)', async () => {
    const screening = await f.publishedInstrument(undefined, { purpose: 'screening' });
    const checklist = await f.publishedInstrument(undefined, { purpose: 'quality_checklist' });
    const monitor = await world.monitor.login();
    expect(await offeredBy(monitor, checklist.id)).toEqual([world.cityHall.id]);
    expect(await offeredBy(monitor, screening.id)).toEqual([]);
    expect((await monitor.get(`/api/v1/instruments/${screening.id}/offline`)).json().organisations).toEqual([]);
    expect((await monitor.post('/api/v1/responses', { instrumentId: screening.id, organisationId: world.cityHall.id })).statusCode).toBe(404);
    // The CSO's own staff, who see its people, are offered the screening for their CSO.
    expect(await offeredBy(await world.a.caseWorker.login(), screening.id)).toEqual([world.a.cso.id]);
  });

  it('a test is never offered here: it is taken in its training', async () => {
    const test = await f.publishedInstrument(undefined, { purpose: 'test' });
    const r = await f.admin.get(`/api/v1/instruments/${test.id}/fill-organisations`);
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].message).toContain('ტრენინგ');
  });

  it('an inactive organisation takes no new forms: refused on saving and offered nowhere; forms started before are finished', async () => {
    const cso = await f.organisation('cso');
    const instrument = await f.publishedInstrument();
    const draft = await f.response(instrument.id, cso.id);
    const setActive = async (active: boolean) => {
      const { version } = (await f.admin.get(`/api/v1/organisations/${cso.id}`)).json();
      expect((await f.admin.patch(`/api/v1/organisations/${cso.id}`, { version, active })).statusCode).toBe(200);
    };
    await setActive(false);
    expect(await offeredBy(f.admin, instrument.id)).not.toContain(cso.id);
    const pack = (await f.admin.get(`/api/v1/instruments/${instrument.id}/offline`)).json();
    expect(idsOf(pack.organisations)).not.toContain(cso.id);
    expect((await f.admin.get(`/api/v1/organisations/${cso.id}`)).json().mayFillIn).toBe(false);

    const started = await f.admin.post('/api/v1/responses', { instrumentId: instrument.id, organisationId: cso.id });
    expect(started.statusCode).toBe(400);
    expect(started.json().errors).toEqual([{ field: 'organisationId', message: expect.stringContaining('არააქტიური') }]);
    const sent = await f.admin.request('PUT', `/api/v1/responses/${randomUUID()}`, { instrumentVersionId: pack.version.id, organisationId: cso.id });
    expect(sent.statusCode).toBe(400);
    expect(sent.json().errors[0]).toEqual({ field: 'organisationId', message: expect.stringContaining('არააქტიური') });
    // Nothing typed is lost: a form started while it was active is still saved and submitted.
    expect((await f.admin.post(`/api/v1/responses/${draft.id}/submit`, { answers: { n: 1 }, version: draft.version })).statusCode).toBe(200);
    // Outside the write scope it stays a 404, as for an organisation that does not exist.
    const other = await world.b.manager.login();
    expect((await other.post('/api/v1/responses', { instrumentId: instrument.id, organisationId: cso.id })).statusCode).toBe(404);

    await setActive(true);
    expect(await offeredBy(f.admin, instrument.id)).toContain(cso.id);
    expect((await f.admin.post('/api/v1/responses', { instrumentId: instrument.id, organisationId: cso.id })).statusCode).toBe(201);
  });
});
