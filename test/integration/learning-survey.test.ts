import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/db/client';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, unique, type Factories, type TwoCsos } from '../support/factories';

// Live trainings: the satisfaction survey (a form about each participant, filled in with the
// instruments engine through the responses module) and its results over the training, with small
// counts hidden from readers outside the participants' organisations.

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let pm: Client;
let learner: Client;
let colleague: Client;
let managerA: Client;
let managerB: Client;
let donor: Client;
let surveyId: string;
let moduleId: string;
let trainingId: string;

interface Participant {
  id: string;
  staffId: string;
  staffName: string;
  surveyResponseId: string | null;
}

function expectOk(r: { statusCode: number; body: string }, status = 200) {
  expect(r.statusCode, r.body).toBe(status);
}

const RATINGS = { overall: '5', content: '4', trainers: '5', organisation: '3' };

/** Starts a participant's survey as `client` and submits it with `answers`. */
async function fillSurvey(client: Client, participantId: string, answers: Record<string, string> = RATINGS): Promise<string> {
  const started = await client.post(`/api/v1/learning/participants/${participantId}/survey`);
  expectOk(started);
  const { responseId } = started.json() as { responseId: string };
  const form = (await client.get(`/api/v1/responses/${responseId}`)).json() as { response: { version: number } };
  const saved = await client.patch(`/api/v1/responses/${responseId}`, { answers: { overall: answers.overall }, version: form.response.version });
  expectOk(saved);
  expectOk(await client.post(`/api/v1/responses/${responseId}/submit`, { answers, version: saved.json().response.version }));
  return responseId;
}

async function participants(client: Client = pm): Promise<Participant[]> {
  return ((await client.get(`/api/v1/learning/trainings/${trainingId}`)).json() as { participants: Participant[] }).participants;
}

interface Summary {
  responses: number | null;
  suppressed: boolean;
  questions: { name: string; answered: number | null; mean: number | null; bars: { key: string; count: number | null }[] }[];
}
async function results(client: Client): Promise<Summary> {
  const r = await client.get(`/api/v1/learning/trainings/${trainingId}/survey`);
  expectOk(r);
  return (r.json() as { summary: Summary }).summary;
}

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
  pm = await (await f.user(world.consortium.id, ['programme_manager'])).login();
  learner = await world.a.caseWorker.login();
  colleague = await (await f.user(world.a.cso.id, ['case_worker'])).login();
  managerA = await world.a.manager.login();
  managerB = await world.b.manager.login();
  donor = await (await f.user((await f.organisation('donor')).id, ['viewer'])).login();

  const instruments = (await pm.get('/api/v1/instruments?pageSize=50&purpose=survey')).json() as { items: { id: string; code: string }[] };
  surveyId = instruments.items.find((i) => i.code === 'training_satisfaction')!.id;
  const pkg = await pm.post('/api/v1/learning/packages', { code: `pkg_${unique()}`, titleKa: 'პაკეტი', titleEn: 'Package', published: true });
  const mod = await pm.post('/api/v1/learning/modules', { packageId: pkg.json().id, code: `mod_${unique()}`, titleKa: 'მოდული', titleEn: 'Module', published: true });
  moduleId = mod.json().id;
  const training = await pm.post('/api/v1/learning/trainings', { moduleId, titleKa: 'ტრენინგი ქუთაისში', titleEn: 'Training in Kutaisi', days: ['2026-05-04', '2026-05-05'], online: true, surveyInstrumentId: surveyId });
  expectOk(training, 201);
  trainingId = training.json().id;
  expect(training.json().surveyInstrumentId).toBe(surveyId);

  // The learner (registered themselves) and five more of CSO A; two of CSO B.
  expectOk(await learner.post('/api/v1/learning/me', { givenName: 'ნინო', surname: 'ბერიძე', sex: 'female' }), 201);
  const me = (await learner.get('/api/v1/learning/me')).json() as { staff: { id: string } };
  const staffIds = [me.staff.id];
  for (const [i, org] of [world.a.cso.id, world.a.cso.id, world.a.cso.id, world.a.cso.id, world.a.cso.id, world.b.cso.id, world.b.cso.id].entries()) {
    const s = await pm.post('/api/v1/learning/staff', { organisationId: org, givenName: `მონაწილე${i}`, surname: `გვარი${i}`, sex: i % 2 ? 'male' : 'female' });
    expectOk(s, 201);
    staffIds.push(s.json().id);
  }
  for (const staffId of staffIds) expectOk(await pm.post(`/api/v1/learning/trainings/${trainingId}/participants`, { staffId }), 201);
}, 180_000);
afterAll(async () => t?.close());

describe('satisfaction survey of a live training', () => {
  it('the participant fills it in with the ordinary form filler; it is a form about them, started once', async () => {
    const mine = (await participants(learner)).find((p) => p.staffName === 'ნინო ბერიძე')!;
    expect(mine.surveyResponseId).toBeNull();
    const responseId = await fillSurvey(learner, mine.id);
    // Asking again gives the same form; nobody else at the CSO reaches it, the donor may not fill in.
    expect((await learner.post(`/api/v1/learning/participants/${mine.id}/survey`)).json()).toEqual({ responseId });
    expect((await colleague.post(`/api/v1/learning/participants/${mine.id}/survey`)).statusCode).toBe(404);
    expect((await managerB.post(`/api/v1/learning/participants/${mine.id}/survey`)).statusCode).toBe(404);
    expect((await donor.post(`/api/v1/learning/participants/${mine.id}/survey`)).statusCode).toBe(403);
    const form = (await learner.get(`/api/v1/responses/${responseId}`)).json() as { response: { status: string; subject: unknown } };
    expect(form.response).toMatchObject({ status: 'submitted', subject: { type: 'participant', id: (await learner.get('/api/v1/learning/me')).json().staff.id } });
    expect((await participants(learner)).find((p) => p.id === mine.id)!.surveyResponseId).toBe(responseId);
    // The colleague does not read the learner's answers one by one.
    expect((await colleague.get(`/api/v1/responses/${responseId}`)).statusCode).toBe(404);
  });

  it('shows the results over the training: in full inside the organisation, small counts hidden outside it', async () => {
    const all = await participants();
    // Programme staff enter the other CSO A participants' paper forms.
    for (const p of all.filter((x) => x.staffName.startsWith('მონაწილე') && !x.surveyResponseId).slice(0, 5)) {
      await fillSurvey(pm, p.id, { ...RATINGS, overall: '4' });
    }
    const programme = await results(pm);
    expect(programme).toMatchObject({ responses: 6, suppressed: false });
    const overall = programme.questions.find((q) => q.name === 'overall')!;
    expect(overall.answered).toBe(6);
    expect(overall.bars.find((b) => b.key === '5')!.count).toBe(1);
    expect(overall.bars.find((b) => b.key === '4')!.count).toBe(5);

    // CSO A's manager sees every form counted (all of CSO A): nothing hidden.
    expect(await results(managerA)).toMatchObject({ responses: 6, suppressed: false });
    // The donor and CSO B's manager see counts only, those under 5 hidden.
    for (const reader of [donor, managerB]) {
      const outside = await results(reader);
      expect(outside).toMatchObject({ responses: 6, suppressed: true });
      // One "5" among five "4"s: both hidden (the one left would give the other away).
      const overallBars = outside.questions.find((q) => q.name === 'overall')!.bars;
      expect(overallBars.filter((b) => b.key === '5' || b.key === '4').map((b) => b.count)).toEqual([null, null]);
      // Six alike: shown.
      expect(outside.questions.find((q) => q.name === 'content')!.bars.find((b) => b.key === '4')!.count).toBe(6);
    }
  });

  it('refuses a survey that is not a survey instrument, and a training without one', async () => {
    const test = await f.publishedInstrument(undefined, { purpose: 'test' });
    const bad = await pm.post('/api/v1/learning/trainings', { moduleId, titleKa: 'ტ', titleEn: 'T', days: ['2026-06-01'], online: true, surveyInstrumentId: test.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'surveyInstrumentId', message: 'აირჩიეთ ინსტრუმენტი, რომლის დანიშნულებაა „გამოკითხვა“.' }]);
    const plain = await pm.post('/api/v1/learning/trainings', { moduleId, titleKa: 'ტ', titleEn: 'T', days: ['2026-06-01'], online: true });
    const detail = await pm.post(`/api/v1/learning/trainings/${plain.json().id}/participants`, { staffId: (await participants())[0]!.staffId });
    const started = await pm.post(`/api/v1/learning/participants/${detail.json().participants[0].id}/survey`);
    expect(started.statusCode).toBe(409);
    expect(started.json().detail).toBe('ამ ტრენინგს კმაყოფილების კითხვარი არ აქვს.');
    expect((await pm.get(`/api/v1/learning/trainings/${plain.json().id}/survey`)).json()).toEqual({ summary: null });
    // Chosen later: a survey instrument only.
    const version = plain.json().version;
    expect((await pm.patch(`/api/v1/learning/trainings/${plain.json().id}`, { surveyInstrumentId: test.id, version })).statusCode).toBe(400);
    const chosen = await pm.patch(`/api/v1/learning/trainings/${plain.json().id}`, { surveyInstrumentId: surveyId, version });
    expectOk(chosen);
    expect(chosen.json().surveyInstrumentId).toBe(surveyId);
    expect((await pm.post(`/api/v1/learning/participants/${detail.json().participants[0].id}/survey`)).statusCode).toBe(200);
  });

  it('records starting a survey in the audit log', async () => {
    const rows = await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from audit_log where entity_type = 'learning_participant' and changes ? 'surveyResponseId'`);
    expect(rows[0]!.n).toBe(7);
  });
});
