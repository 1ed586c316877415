import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, organisationIdByName, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const namesOf = async (role: Parameters<typeof loginAs>[1]) => {
  const client = await loginAs(t.app, role);
  const items = (await client.get('/api/v1/organisations?pageSize=200')).json().items as { nameEn: string }[];
  return items.map((o) => o.nameEn).sort();
};

describe('organisation scopes', () => {
  it('CSO staff see only their own organisation', async () => {
    expect(await namesOf('cso_manager')).toEqual(['Telavi Inclusive Development Centre']);
    expect(await namesOf('case_worker')).toEqual(['Telavi Inclusive Development Centre']);
  });

  it('a municipal monitor sees their city hall and the CSOs working in its municipality', async () => {
    expect(await namesOf('municipal_monitor')).toEqual([
      'Telavi Family Support Association',
      'Telavi Inclusive Development Centre',
      'Telavi Municipality City Hall',
      'Telavi Union of Parents of Children with Disabilities',
    ]);
  });

  it('a mentor sees their organisation and the CSOs assigned to them, and follows reassignment', async () => {
    const names = await namesOf('mentor');
    expect(names).toHaveLength(7);
    expect(names).toContain('Kakheti Regional Development Center');
    expect(names).toContain('Akhmeta Family Support Association');
    expect(names).not.toContain('Batumi Family Support Association');

    const admin = await loginAs(t.app, 'admin');
    const mentor = (await admin.get('/api/v1/users?q=mentor@demo')).json().items[0];
    const batumi = await organisationIdByName(t.database, 'Batumi Family Support Association');
    await admin.patch(`/api/v1/users/${mentor.id}`, { version: mentor.version, mentorOrganisationIds: [batumi] });
    expect(await namesOf('mentor')).toEqual(['Batumi Family Support Association', 'Kakheti Regional Development Center']);
  });

  it('dashboard numbers count only what the caller may see', async () => {
    const manager = await loginAs(t.app, 'cso_manager');
    const admin = await loginAs(t.app, 'admin');
    expect((await manager.get('/api/v1/dashboard')).json()).toMatchObject({ organisationsByKind: { cso: 1, consortium: 0 }, activeUsers: 2 });
    expect((await admin.get('/api/v1/dashboard')).json()).toMatchObject({ organisationsByKind: { cso: 27, consortium: 5, municipality: 9, donor: 1 } });
  });

  it('a CSO manager cannot turn their organisation into another kind', async () => {
    const manager = await loginAs(t.app, 'cso_manager');
    const orgId = (await manager.get('/api/v1/me')).json().user.organisation.id;
    const { version } = (await manager.get(`/api/v1/organisations/${orgId}`)).json();
    const r = await manager.patch(`/api/v1/organisations/${orgId}`, { version, kind: 'consortium' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('kind');
  });

  it('roles must fit the kind of organisation', async () => {
    const admin = await loginAs(t.app, 'admin');
    const cso = await organisationIdByName(t.database, 'Batumi Family Support Association');
    const r = await admin.post('/api/v1/users', { email: 'wrong.role@example.ge', displayName: 'X', organisationId: cso, roles: ['admin'] });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('roles');
  });
});
