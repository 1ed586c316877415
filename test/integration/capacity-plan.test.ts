import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, type Factories, type TwoCsos } from '../support/factories';

// Editing a CSO's development plan by hand: taking back an action nobody has worked on, and naming
// the user responsible for an action (whose home page then lists it when overdue).

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let admin: Client;
let mentor: Client;
let managerA: Client;
let managerB: Client;

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  admin = f.admin;
  world = await f.twoCsos();
  [mentor, managerA, managerB] = await Promise.all([world.mentor.login(), world.a.manager.login(), world.b.manager.login()]);
}, 120_000);
afterAll(() => t?.close());

async function newAction(client: Client, body: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const r = await client.post('/api/v1/capacity/plan-actions', { organisationId: world.a.cso.id, subArea: 'finance_audit', action: 'აუდიტის ჩატარება', ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json();
}
const ids = async (client: Client) => ((await client.get(`/api/v1/capacity/plan-actions?organisationId=${world.a.cso.id}&pageSize=200`)).json().items as { id: string }[]).map((a) => a.id);

describe('deleting a plan action', () => {
  it('an action nobody has worked on is deleted, audited with its text; it is gone for everyone', async () => {
    const action = await newAction(mentor, { deadline: '2027-01-01', responsible: 'ეკა' });
    const gone = await managerA.request('DELETE', `/api/v1/capacity/plan-actions/${action.id}`);
    expect(gone.statusCode, gone.body).toBe(204);
    expect(await ids(mentor)).not.toContain(action.id);
    expect((await managerA.request('DELETE', `/api/v1/capacity/plan-actions/${action.id}`)).statusCode).toBe(404);
    const audit = (await admin.get('/api/v1/audit?entityType=plan_action&pageSize=200')).json() as { items: { action: string; entityId: string; changes: Record<string, { from?: unknown }> | null }[] };
    expect(audit.items.find((e) => e.entityId === action.id && e.action === 'delete')?.changes?.action).toEqual({ from: 'აუდიტის ჩატარება' });
  });

  it('an action with work recorded on it is only cancelled: deleting it is refused for that reason, in the reader\'s language', async () => {
    const started = await newAction(managerA, { status: 'in_progress' });
    const cancelled = await newAction(managerA, { status: 'cancelled' });
    const evidenced = await newAction(managerA, { evidence: 'ოქმი' });
    const supported = await newAction(managerA);
    expect((await admin.post('/api/v1/capacity/support', { organisationId: world.a.cso.id, category: 'it', description: 'ლეპტოპი', value: 1, currency: 'GEL', planActionId: supported.id })).statusCode).toBe(201);
    const visited = await newAction(managerA);
    expect((await mentor.post('/api/v1/capacity/mentoring', { organisationId: world.a.cso.id, heldOn: '2026-03-01', format: 'online', durationMinutes: 60, planActionIds: [visited.id] })).statusCode).toBe(201);
    for (const action of [started, cancelled, evidenced, supported, visited]) {
      const refused = await managerA.request('DELETE', `/api/v1/capacity/plan-actions/${action.id}`);
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json()).toMatchObject({ conflict: 'rule', detail: expect.stringContaining('წაშლის ნაცვლად გააუქმეთ') });
    }
    expect(await ids(managerA)).toEqual(expect.arrayContaining([started.id, cancelled.id, evidenced.id, supported.id, visited.id]));
  });

  it('another CSO\'s action is not found', async () => {
    const action = await newAction(managerA);
    expect((await managerB.request('DELETE', `/api/v1/capacity/plan-actions/${action.id}`)).statusCode).toBe(404);
    expect(await ids(managerA)).toContain(action.id);
  });
});

describe('the user responsible for an action', () => {
  it('is picked from the CSO\'s own active users, by those who may change its plan', async () => {
    const picked = await mentor.get(`/api/v1/capacity/organisations/${world.a.cso.id}/plan-responsibles`);
    expect(picked.statusCode, picked.body).toBe(200);
    const idsOf = (r: { json(): unknown }) => (r.json() as { id: string }[]).map((u) => u.id);
    expect(idsOf(picked).sort()).toEqual([world.a.manager.user.id, world.a.caseWorker.user.id].sort());
    expect(picked.json()[0]).toEqual({ id: expect.any(String), displayName: expect.any(String) });
    expect(idsOf(await managerA.get(`/api/v1/capacity/organisations/${world.a.cso.id}/plan-responsibles`)).sort()).toEqual(idsOf(picked).sort());
    // Not another CSO's staff, for its manager or for a mentor not assigned to it.
    expect((await managerB.get(`/api/v1/capacity/organisations/${world.a.cso.id}/plan-responsibles`)).statusCode).toBe(404);
    expect((await mentor.get(`/api/v1/capacity/organisations/${world.b.cso.id}/plan-responsibles`)).statusCode).toBe(404);
  });

  it('set in the app, it puts an overdue action on that user\'s home card', async () => {
    const action = await newAction(mentor, { deadline: '2020-01-01', responsibleUserId: world.a.caseWorker.user.id });
    const caseWorker = await world.a.caseWorker.login();
    const mine = (await caseWorker.get('/api/v1/capacity/plan-actions?mine=true&overdue=true')).json();
    expect(mine.items.map((a: { id: string }) => a.id)).toContain(action.id);
    const moved = await mentor.patch(`/api/v1/capacity/plan-actions/${action.id}`, { responsibleUserId: world.a.manager.user.id, version: action.version });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await managerA.get('/api/v1/capacity/plan-actions?mine=true&overdue=true')).json().items.map((a: { id: string }) => a.id)).toContain(action.id);
    expect((await caseWorker.get('/api/v1/capacity/plan-actions?mine=true&overdue=true')).json().items.map((a: { id: string }) => a.id)).not.toContain(action.id);
  });

  it('is named in the plan and in its file by the user\'s name as it is now; a typed name only names an action without a user', async () => {
    const caseWorker = await world.a.caseWorker.login();
    const rename = async (displayName: string) => expect((await caseWorker.patch('/api/v1/me', { displayName })).statusCode).toBe(200);
    await rename('ნინო ბერიძე');
    const withUser = await newAction(mentor, { action: 'ბიუჯეტის პოლიტიკა', responsible: 'Nino B.', responsibleUserId: world.a.caseWorker.user.id });
    const typedOnly = await newAction(mentor, { action: 'მოხალისეების გეგმა', responsible: 'ეკა (მოხალისე)' });
    const listed = async () => {
      const items = (await managerA.get(`/api/v1/capacity/plan-actions?organisationId=${world.a.cso.id}&pageSize=200`)).json().items as { id: string; responsible: string; responsibleUserName: string | null }[];
      return { user: items.find((a) => a.id === withUser.id)!, typed: items.find((a) => a.id === typedOnly.id)! };
    };
    expect((await listed()).user).toMatchObject({ responsibleUserName: 'ნინო ბერიძე' });
    expect((await listed()).typed).toMatchObject({ responsibleUserName: null, responsible: 'ეკა (მოხალისე)' });
    // Renamed since: the plan follows the user, not the name typed or copied when the action was made.
    await rename('ნინო ბერიძე-კაპანაძე');
    expect((await listed()).user.responsibleUserName).toBe('ნინო ბერიძე-კაპანაძე');
    const file = (await mentor.get(`/api/v1/capacity/plan-actions/export?format=csv&organisationId=${world.a.cso.id}`)).body.split('\r\n');
    const row = (text: string) => file.find((line) => line.includes(text)) ?? '';
    expect(row('ბიუჯეტის პოლიტიკა')).toContain('ნინო ბერიძე-კაპანაძე');
    expect(row('ბიუჯეტის პოლიტიკა')).not.toContain('Nino B.');
    expect(row('მოხალისეების გეგმა')).toContain('ეკა (მოხალისე)');
  });

  it('outside the plan\'s organisation is refused with a field message, in Georgian and in English', async () => {
    // Another CSO's manager (a mentor assigned to both could name them before), and the mentor (programme staff).
    for (const outsider of [world.b.manager.user.id, world.mentor.user.id]) {
      const created = await admin.post('/api/v1/capacity/plan-actions', { organisationId: world.a.cso.id, subArea: 'finance_audit', action: 'x', responsibleUserId: outsider });
      expect(created.statusCode, created.body).toBe(400);
      expect(created.json().errors).toContainEqual({ field: 'responsibleUserId', message: 'აირჩიეთ ამ ორგანიზაციის აქტიური მომხმარებელი' });
    }
    const action = await newAction(managerA);
    expect((await managerA.patch('/api/v1/me', { language: 'en' })).statusCode).toBe(200);
    const patched = await managerA.patch(`/api/v1/capacity/plan-actions/${action.id}`, { responsibleUserId: world.b.manager.user.id, version: action.version });
    expect((await managerA.patch('/api/v1/me', { language: 'ka' })).statusCode).toBe(200);
    expect(patched.statusCode, patched.body).toBe(400);
    expect(patched.json().errors).toContainEqual({ field: 'responsibleUserId', message: 'Choose an active user of this organisation' });
  });
});
