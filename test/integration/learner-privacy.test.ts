import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../common/schemas/list';
import { loginAs, startTestApp, type TestApp } from '../support/app';

// A learner's tests are the learner's, their CSO manager's and programme staff's: a colleague at
// the same CSO (a case worker) does not read them one by one (issue: learning, "Access").

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 120_000);
afterAll(() => t?.close());

const participantForms = async (role: 'cso_manager' | 'case_worker' | 'admin') => {
  const client = await loginAs(t.app, role);
  const page = (await client.get('/api/v1/responses?subjectType=participant&pageSize=200')).json() as Page<{ id: string; organisationId: string }>;
  return { client, ids: page.items.map((r) => r.id), page };
};

describe('tests of training participants', () => {
  it('are read by the CSO manager and programme staff, not by a case worker of the same CSO', async () => {
    const manager = await participantForms('cso_manager');
    expect(manager.ids.length, 'the demo CSO has staff who took module tests').toBeGreaterThan(0);
    const admin = await participantForms('admin');
    expect(admin.ids).toEqual(expect.arrayContaining(manager.ids));
    const worker = await participantForms('case_worker');
    expect(worker.ids.filter((id) => manager.ids.includes(id))).toEqual([]);
    expect((await worker.client.get(`/api/v1/responses/${manager.ids[0]}`)).statusCode).toBe(404);
  });
});
