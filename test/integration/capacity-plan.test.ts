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
