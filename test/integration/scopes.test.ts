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
