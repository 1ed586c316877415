import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../common/schemas/list';
import type { TestApp } from '../support/app';
import { factories, SIMPLE_DEFINITION, startBareTestApp, type Factories, type TestUser, type TwoCsos } from '../support/factories';

// A CSO's capacity assessment, rater by rater, is read by the CSO and those who accompany it;
// the municipal monitor and the donor, who reach the CSO, see aggregates only (issue: capacity).

let t: TestApp;
let f: Factories;
let csos: TwoCsos;
let donorViewer: TestUser;
let assessmentId: string;
let checklistId: string;
beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  csos = await f.twoCsos();
  const donor = await f.organisation('donor');
  donorViewer = await f.user(donor.id, ['viewer']);
  const oca = await f.publishedInstrument(SIMPLE_DEFINITION, { purpose: 'organisational_assessment' });
  const checklist = await f.publishedInstrument(SIMPLE_DEFINITION, { purpose: 'quality_checklist' });
  assessmentId = (await f.response(oca.id, csos.a.cso.id, { answers: { n: 3 }, submit: true })).id;
  checklistId = (await f.response(checklist.id, csos.a.cso.id, { answers: { n: 4 }, submit: true })).id;
}, 120_000);
afterAll(() => t?.close());

async function sees(user: TestUser, id: string): Promise<{ detail: number; listed: boolean }> {
  const client = await user.login();
  const detail = (await client.get(`/api/v1/responses/${id}`)).statusCode;
  const list = await client.get('/api/v1/responses?pageSize=200');
  expect(list.statusCode).toBe(200);
  return { detail, listed: (list.json() as Page<{ id: string }>).items.some((r) => r.id === id) };
}

describe('capacity assessments as individual forms', () => {
  it('are read by the CSO, its assigned mentor and programme staff', async () => {
    for (const user of [csos.a.manager, csos.a.caseWorker, csos.mentor]) expect(await sees(user, assessmentId)).toEqual({ detail: 200, listed: true });
    const admin = (await f.admin.get(`/api/v1/responses/${assessmentId}`)).statusCode;
    expect(admin).toBe(200);
  });

  it('are 404 and unlisted for the municipal monitor, who still reads the CSO\'s other forms, and closed to the donor', async () => {
    expect(await sees(csos.monitor, assessmentId)).toEqual({ detail: 404, listed: false });
    expect(await sees(csos.monitor, checklistId)).toEqual({ detail: 200, listed: true });
    // The donor reads no individual forms at all, only results.
    const donor = await donorViewer.login();
    expect((await donor.get(`/api/v1/responses/${assessmentId}`)).statusCode).toBe(403);
    expect((await donor.get('/api/v1/responses')).statusCode).toBe(403);
  });

  it('stay out of another CSO entirely', async () => {
    expect(await sees(csos.b.manager, assessmentId)).toEqual({ detail: 404, listed: false });
  });
});
