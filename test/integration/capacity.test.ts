import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/app';
import { factories, startBareTestApp, type Factories, type TwoCsos } from '../support/factories';
import type { TestApp } from '../support/app';
import { scoreQuestions } from '../support/capacity';

// CSO capacity development through the real HTTP stack: rounds → assessment with raters' GESI-OCA
// forms → consensus → results and change → development plan → mentoring, supervision, support,
// portfolio and aggregates, report and PDF; with who may see what.

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let admin: Client;
let mentor: Client;
let managerA: Client;
let managerB: Client;
let monitor: Client;
const roundIds: string[] = [];


/** Fills and submits a rater's form: every sub-area gets `score(name, index)`. */
async function submitRating(client: Client, responseId: string, score: (name: string, index: number) => string) {
  const form = (await client.get(`/api/v1/responses/${responseId}`)).json();
  const answers = Object.fromEntries(scoreQuestions(form.definition).map((name, i) => [name, score(name, i)]));
  const submitted = await client.post(`/api/v1/responses/${responseId}/submit`, { answers, version: form.response.version });
  expect(submitted.statusCode, submitted.body).toBe(200);
  return submitted.json();
}

/** Runs one complete assessment of CSO A in `roundId` with two raters; returns the final detail. */
async function assess(client: Client, roundId: string, raterA: (n: string, i: number) => string, raterB: (n: string, i: number) => string) {
  const created = await client.post('/api/v1/capacity/assessments', { organisationId: world.a.cso.id, roundId, facilitators: 'ნინო', participants: 'Staff' });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const withRaters = [
    (await client.post(`/api/v1/capacity/assessments/${id}/ratings`, { raterName: 'რეიტერი 1' })).json(),
    (await client.post(`/api/v1/capacity/assessments/${id}/ratings`, { raterName: 'Rater 2' })).json(),
  ][1];
  expect(withRaters.ratings).toHaveLength(2);
  await submitRating(client, withRaters.ratings.find((r: { raterName: string }) => r.raterName === 'Rater 2').responseId, raterB);
  await submitRating(client, withRaters.ratings.find((r: { raterName: string }) => r.raterName === 'რეიტერი 1').responseId, raterA);
  const opened = await client.post(`/api/v1/capacity/assessments/${id}/consensus`);
  expect(opened.statusCode, opened.body).toBe(200);
  const consensusId = opened.json().consensusResponseId as string;
  const consensus = (await client.get(`/api/v1/responses/${consensusId}`)).json();
  const submitted = await client.post(`/api/v1/responses/${consensusId}/submit`, { answers: consensus.response.answers, version: consensus.response.version });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const finalised = await client.post(`/api/v1/capacity/assessments/${id}/finalise`, { version: opened.json().version });
  expect(finalised.statusCode, finalised.body).toBe(200);
  return finalised.json();
}

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  admin = f.admin;
  world = await f.twoCsos();
  [mentor, managerA, managerB, monitor] = await Promise.all([world.mentor.login(), world.a.manager.login(), world.b.manager.login(), world.monitor.login()]);
  for (const [kind, startsOn, endsOn] of [['baseline', '2025-01-10', '2025-02-28'], ['midline', '2026-01-10', '2026-02-28']] as const) {
    const created = await admin.post('/api/v1/capacity/rounds', { kind, nameKa: `რაუნდი ${kind}`, nameEn: `Round ${kind}`, startsOn, endsOn });
    expect(created.statusCode, created.body).toBe(201);
    roundIds.push(created.json().id);
  }
}, 120_000);
afterAll(() => t?.close());

describe('assessment rounds', () => {
  it('are defined by programme staff, read by everyone, and checked', async () => {
    expect((await managerA.get('/api/v1/capacity/rounds')).json().map((r: { kind: string }) => r.kind)).toEqual(['baseline', 'midline']);
    expect((await mentor.post('/api/v1/capacity/rounds', { kind: 'endline', nameKa: 'ა', nameEn: 'a', startsOn: '2027-01-01', endsOn: '2027-02-01' })).statusCode).toBe(403);
    const backwards = await admin.post('/api/v1/capacity/rounds', { kind: 'endline', nameKa: 'ა', nameEn: 'a', startsOn: '2027-02-01', endsOn: '2027-01-01' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(backwards.json())).toContain('endsOn');
    // The rule's own message, in the reader's language, not a generic 'this value is not valid'.
    expect(backwards.json().errors).toContainEqual({ field: 'endsOn', message: 'დასასრული არ შეიძლება იყოს დასაწყისზე ადრე' });
  });
});

describe('a baseline and a follow-up assessment', () => {
  let baseline: { id: string; disagreements: unknown[] };
  it('a mentor runs the baseline with two raters; disagreements are listed widest first, consensus starts at the median', async () => {
    // Rater 1 scores every sub-area 1, rater 2 scores the first three sub-areas 4 and the rest 2.
    baseline = await assess(mentor, roundIds[0]!, () => '1', (_n, i) => (i < 3 ? '4' : '2'));
    const detail = (await mentor.get(`/api/v1/capacity/assessments/${baseline.id}`)).json();
    expect(detail.status).toBe('final');
    expect(detail.disagreements[0].spread).toBe(3);
    expect(detail.disagreements.slice(0, 3).map((d: { spread: number }) => d.spread)).toEqual([3, 3, 3]);
    expect(detail.disagreements[3].spread).toBe(1);
    // Median of 1 and 2 is 1.5: the consensus draft takes the nearer choice, ties upward (2).
    const consensus = (await mentor.get(`/api/v1/responses/${detail.consensusResponseId}`)).json();
    expect(consensus.response.answers.governance_vision_score).toBe('3');
    expect(consensus.response.answers.finance_budgeting_score).toBe('2');
    expect(detail.overall).toBeGreaterThan(1.9);
  });

  it('its forms are named in the reader\'s language only, in the list of forms and in its files', async () => {
    const consensusId = (await mentor.get(`/api/v1/capacity/assessments/${baseline.id}`)).json().consensusResponseId as string;
    const instrumentId = (await mentor.get(`/api/v1/responses/${consensusId}`)).json().response.instrumentId as string;
    // The files of the reader's language: the list of forms, and the answers of the instrument.
    const files = async (lang: 'ka' | 'en') => {
      expect((await mentor.patch('/api/v1/me', { language: lang })).statusCode).toBe(200);
      const list = (await mentor.get(`/api/v1/responses/export?format=csv&organisationId=${world.a.cso.id}`)).body;
      const answers = (await mentor.get(`/api/v1/instruments/${instrumentId}/answers?format=csv&status=submitted`)).body;
      return `${list}\n${answers}`;
    };
    // Each form is its round, by the round's name in the reader's language, and who filled it in: never both languages in one text.
    const ka = await files('ka');
    expect(ka).toContain('რაუნდი baseline — კონსენსუსი');
    expect(ka).toContain('რაუნდი baseline — Rater 2');
    expect(ka).not.toMatch(/Round baseline|consensus/);
    const en = await files('en');
    expect(en).toContain('Round baseline — consensus');
    expect(en).toContain('Round baseline — რეიტერი 1');
    expect(en).not.toMatch(/რაუნდი|კონსენსუსი/);
    // Through the API the label stays what the web app reads in the reader's language (common/form-labels.ts).
    const listed = (await mentor.get(`/api/v1/responses?organisationId=${world.a.cso.id}&pageSize=100`)).json().items as { id: string; label: string }[];
    expect(listed.find((r) => r.id === consensusId)?.label).toBe(`capacity:${roundIds[0]}:consensus`);
    expect((await mentor.patch('/api/v1/me', { language: 'ka' })).statusCode).toBe(200);
  });

  it('forms labelled before in both languages in one text get their round and rater back from the assessment they belong to', async () => {
    const detail = (await mentor.get(`/api/v1/capacity/assessments/${baseline.id}`)).json();
    const rater = detail.ratings.find((r: { raterName: string }) => r.raterName === 'რეიტერი 1').responseId as string;
    const consensusId = detail.consensusResponseId as string;
    // As the server wrote them until migration 0023: the round in both languages and who filled the form in.
    const old = { [consensusId]: 'რაუნდი baseline / Round baseline — კონსენსუსი / consensus', [rater]: 'რაუნდი baseline / Round baseline — რეიტერი 1' };
    for (const [id, label] of Object.entries(old)) await t.database.db.execute(sql`update responses set label = ${label} where id = ${id}`);
    const migration = readFileSync(join(import.meta.dirname, '../../server/db/migrations/0023_capacity_form_labels.sql'), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint')) await t.database.db.execute(sql.raw(statement));
    const label = async (id: string) => (await mentor.get(`/api/v1/responses/${id}`)).json().response.label;
    expect(await label(consensusId)).toBe(`capacity:${roundIds[0]}:consensus`);
    expect(await label(rater)).toBe(`capacity:${roundIds[0]}:rater:რეიტერი 1`);
    // Applied again, it finds nothing left in the old shape.
    for (const statement of migration.split('--> statement-breakpoint')) await t.database.db.execute(sql.raw(statement));
    expect(await label(consensusId)).toBe(`capacity:${roundIds[0]}:consensus`);
  });

  it('one CSO, one assessment per round', async () => {
    const again = await mentor.post('/api/v1/capacity/assessments', { organisationId: world.a.cso.id, roundId: roundIds[0] });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    // A rule of the record's state, not a stale version: no "someone else changed this record".
    expect(again.json()).toMatchObject({ type: 'urn:ertad:problem:conflict', conflict: 'rule', title: 'ამ ეტაპზე ამის გაკეთება შეუძლებელია', detail: 'ამ ორგანიზაციას ამ რაუნდში უკვე აქვს შეფასება' });
  });

  it('results per sub-area, domain and overall, and the change after a better follow-up', async () => {
    await assess(managerA, roundIds[1]!, () => '3', () => '3');
    const results = (await managerA.get(`/api/v1/capacity/organisations/${world.a.cso.id}/results`)).json();
    expect(results.rounds.map((r: { roundKind: string }) => r.roundKind)).toEqual(['baseline', 'midline']);
    const [before, after] = results.rounds;
    expect(after.overall).toBe(3);
    expect(after.domains.find((d: { name: string }) => d.name === 'finance').score).toBe(3);
    expect(before.subAreas.find((s: { name: string }) => s.name === 'governance_vision')).toMatchObject({ score: 3, label: { en: 'Vision & mission' } });
    const vision = results.change.find((c: { name: string }) => c.name === 'governance_vision');
    expect(vision).toMatchObject({ before: 3, after: 3, delta: 0, direction: 'same' });
    expect(results.change.find((c: { name: string }) => c.name === 'finance_budgeting')).toMatchObject({ before: 2, after: 3, delta: 1, direction: 'improved' });
    expect(results.changeSummary).toEqual({ improved: results.change.length - 3, same: 3, worse: 0 });
  });

  it('a development plan is suggested from low scores, lowest first, and its progress counts done actions', async () => {
    // The confirmation's number comes first, and nothing is written by asking for it.
    const preview = await mentor.get(`/api/v1/capacity/assessments/${baseline.id}/plan-preview`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect((await managerA.get(`/api/v1/capacity/plan-actions?organisationId=${world.a.cso.id}`)).json().total).toBe(0);
    // A mentor working in English suggests the plan: its text is the CSO's language (Georgian), not the clicker's.
    expect((await mentor.patch('/api/v1/me', { language: 'en' })).statusCode).toBe(200);
    const generated = await mentor.post(`/api/v1/capacity/assessments/${baseline.id}/plan`);
    expect((await mentor.patch('/api/v1/me', { language: 'ka' })).statusCode).toBe(200);
    expect(generated.statusCode, generated.body).toBe(200);
    const created = generated.json().created as number;
    expect(created).toBeGreaterThan(10);
    expect(created).toBe(preview.json().count);
    const texts = (await managerA.get(`/api/v1/capacity/plan-actions?organisationId=${world.a.cso.id}&pageSize=100`)).json().items.map((a: { action: string }) => a.action);
    expect(texts.length).toBe(created);
    expect(texts.filter((text: string) => !text.startsWith('გასაძლიერებელი: '))).toEqual([]);
    // Generating again adds nothing: every low sub-area already has its action, and the preview says so.
    expect((await mentor.get(`/api/v1/capacity/assessments/${baseline.id}/plan-preview`)).json()).toEqual({ count: 0 });
    expect((await mentor.post(`/api/v1/capacity/assessments/${baseline.id}/plan`)).json().created).toBe(0);
    const list = (await managerA.get(`/api/v1/capacity/plan-actions?organisationId=${world.a.cso.id}&pageSize=5`)).json();
    expect(list.total).toBe(created);
    expect(list.items).toHaveLength(5);
    expect(list.items[0]).toMatchObject({ baselineScore: 2, targetScore: 3, priority: 2, status: 'planned' });
    expect(list.items[0].subAreaLabel.ka).toBeTruthy();

    const first = list.items[0];
    const late = await managerA.patch(`/api/v1/capacity/plan-actions/${first.id}`, { deadline: '2020-01-01', responsible: 'ეკა', responsibleUserId: world.a.manager.user.id, version: first.version });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json().overdue).toBe(true);
    const mine = (await managerA.get('/api/v1/capacity/plan-actions?mine=true&overdue=true')).json();
    expect(mine.items.map((a: { id: string }) => a.id)).toEqual([first.id]);
    const stale = await managerA.patch(`/api/v1/capacity/plan-actions/${first.id}`, { status: 'done', version: first.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ conflict: 'version', title: 'ეს ჩანაწერი ამასობაში სხვამ შეცვალა. განაახლეთ და შეიტანეთ ცვლილება ხელახლა' });
    const done = await managerA.patch(`/api/v1/capacity/plan-actions/${first.id}`, { status: 'done', evidence: 'Policy adopted', version: late.json().version });
    expect(done.json().overdue).toBe(false);
    const progress = (await managerA.get(`/api/v1/capacity/organisations/${world.a.cso.id}/plan-progress`)).json();
    expect(progress).toEqual({ total: created, done: 1, overdue: 0, percent: Math.round(100 / created) });

    const csv = await managerA.get(`/api/v1/capacity/plan-actions/export?organisationId=${world.a.cso.id}&format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n').filter(Boolean)).toHaveLength(created + 1);
    expect(csv.body).toContain('Policy adopted');
    // Whose plan each row is: the CSO's name leads every row (a file passed on, or of several CSOs, says so).
    const lines = csv.body.split('\r\n').filter(Boolean);
    expect(lines[0]).toMatch(/^\ufeff?"სახელი \(ქართულად\)","სახელი \(ინგლისურად\)",/);
    const cso = (await managerA.get(`/api/v1/organisations/${world.a.cso.id}`)).json() as { nameKa: string; nameEn: string };
    for (const line of lines.slice(1)) expect(line.startsWith(`"${cso.nameKa}","${cso.nameEn}",`), line).toBe(true);
    // Each sub-area named once, in the reader's language (it was "ka / en" in one cell).
    const subAreas = lines.slice(1).map((line) => line.split(',')[2]!);
    expect(subAreas.length).toBeGreaterThan(0);
    expect(subAreas.filter((name) => name.includes(' / ') || !/[ა-ჰ]/.test(name))).toEqual([]);
  });

  it('a mentor logs a mentoring session linked to plan actions; hours add up', async () => {
    const action = (await mentor.get(`/api/v1/capacity/plan-actions?organisationId=${world.a.cso.id}&pageSize=1`)).json().items[0];
    const body = { organisationId: world.a.cso.id, heldOn: '2026-03-01', format: 'in_person', durationMinutes: 90, participants: 'ეკა, ლევანი', topics: 'ბიუჯეტირება', planActionIds: [action.id], followUps: [{ text: 'Draft the budget', dueOn: '2026-04-01' }], notes: 'good' };
    const created = await mentor.post('/api/v1/capacity/mentoring', body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ mentorUserId: world.mentor.user.id, durationMinutes: 90, followUps: [{ text: 'Draft the budget', dueOn: '2026-04-01' }] });
    // A plan action of another CSO cannot be linked.
    const foreign = await admin.post('/api/v1/capacity/plan-actions', { organisationId: world.b.cso.id, subArea: 'finance_audit', action: 'Audit' });
    expect(foreign.statusCode).toBe(201);
    const wrongLink = await mentor.post('/api/v1/capacity/mentoring', { ...body, planActionIds: [foreign.json().id] });
    expect(wrongLink.statusCode).toBe(400);
    // CSO staff read the sessions but do not log them.
    expect((await managerA.post('/api/v1/capacity/mentoring', body)).statusCode).toBe(403);
    const list = (await managerA.get(`/api/v1/capacity/mentoring?organisationId=${world.a.cso.id}`)).json();
    expect(list.total).toBe(1);
    const report = (await managerA.get(`/api/v1/capacity/organisations/${world.a.cso.id}/report`)).json();
    expect(report).toMatchObject({ mentoringHours: 1.5, mentoringSessions: 1 });
  });

  it('a mentor corrects a visit with the version read; a stale version is refused as an edit by someone else', async () => {
    const visit = (await mentor.get(`/api/v1/capacity/mentoring?organisationId=${world.a.cso.id}`)).json().items[0];
    const corrected = await mentor.patch(`/api/v1/capacity/mentoring/${visit.id}`, { topics: 'ბიუჯეტირება, პოლიტიკა', followUps: [...visit.followUps, { text: 'Send the policy', dueOn: null }], version: visit.version });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ topics: 'ბიუჯეტირება, პოლიტიკა', durationMinutes: 90, followUps: [{ text: 'Draft the budget', dueOn: '2026-04-01' }, { text: 'Send the policy', dueOn: null }], version: visit.version + 1 });
    const stale = await mentor.patch(`/api/v1/capacity/mentoring/${visit.id}`, { topics: 'x', version: visit.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ conflict: 'version', title: 'ეს ჩანაწერი ამასობაში სხვამ შეცვალა. განაახლეთ და შეიტანეთ ცვლილება ხელახლა' });
  });
});

describe('supervision and support', () => {
  it('records supervision with hours per staff member and support with totals per category and currency', async () => {
    for (const [supervisee, minutes] of [['ლევანი', 60], ['ლევანი', 30], ['Nino', 120]] as const) {
      const r = await managerA.post('/api/v1/capacity/supervision', { organisationId: world.a.cso.id, supervisor: 'Supervisor', supervisee, heldOn: '2026-02-01', durationMinutes: minutes, type: 'individual', themes: 'burnout' });
      expect(r.statusCode, r.body).toBe(201);
    }
    const hours = (await managerA.get(`/api/v1/capacity/supervision/hours?organisationId=${world.a.cso.id}`)).json();
    // Georgian names first, as every list of names (db/name-order.ts).
    expect(hours).toEqual({ total: 3.5, bySupervisee: [{ supervisee: 'ლევანი', superviseeUserId: null, hours: 1.5 }, { supervisee: 'Nino', superviseeUserId: null, hours: 2 }] });
    expect((await managerB.get(`/api/v1/capacity/supervision?organisationId=${world.a.cso.id}`)).json().total).toBe(0);
    // An empty number input (sent as '' or null) is a required field left empty, not a wrong type.
    for (const empty of ['', null]) {
      const r = await managerA.post('/api/v1/capacity/supervision', { organisationId: world.a.cso.id, supervisor: 'Supervisor', supervisee: 'Nino', heldOn: '2026-02-01', durationMinutes: empty, type: 'individual' });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors).toEqual([{ field: 'durationMinutes', message: 'ეს ველი სავალდებულოა' }]);
    }
    const wrong = await managerA.post('/api/v1/capacity/supervision', { organisationId: world.a.cso.id, supervisor: 'Supervisor', supervisee: 'Nino', heldOn: '2026-02-01', durationMinutes: 'sixty', type: 'individual' });
    expect(wrong.json().errors).toEqual([{ field: 'durationMinutes', message: 'მნიშვნელობის ტიპი არასწორია' }]);

    for (const [category, value, currency] of [['equipment', 1200.5, 'GEL'], ['equipment', 300, 'GEL'], ['accessibility', 5000, 'EUR']] as const) {
      const r = await admin.post('/api/v1/capacity/support', { organisationId: world.a.cso.id, category, description: 'ramp', value, currency, deliveredOn: '2026-03-01' });
      expect(r.statusCode, r.body).toBe(201);
    }
    expect((await managerA.post('/api/v1/capacity/support', { organisationId: world.a.cso.id, category: 'it', description: 'x', value: 1, currency: 'GEL' })).statusCode).toBe(403);
    const bad = await admin.post('/api/v1/capacity/support', { organisationId: world.a.cso.id, category: 'gold', description: '', value: -1, currency: 'USD' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['category', 'currency', 'description', 'value']);
    const totals = (await managerA.get(`/api/v1/capacity/support/totals?organisationId=${world.a.cso.id}`)).json();
    expect(totals).toEqual([
      { category: 'accessibility', currency: 'EUR', total: 5000, count: 1 },
      { category: 'equipment', currency: 'GEL', total: 1500.5, count: 2 },
    ]);
    const xlsx = await managerA.get(`/api/v1/capacity/support/export?organisationId=${world.a.cso.id}&format=xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.rowCount).toBe(4);
  });

  it('a supervision record is corrected with the version read, within the CSO, its required fields kept', async () => {
    const recorded = await mentor.post('/api/v1/capacity/supervision', { organisationId: world.a.cso.id, supervisor: 'Supervisor', supervisee: 'Nino', heldOn: '2026-02-01', durationMinutes: 60, type: 'individual', themes: 'burnout' });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const record = recorded.json();
    const fixed = await mentor.patch(`/api/v1/capacity/supervision/${record.id}`, { supervisee: 'Nino Beridze', themes: 'burnout, caseload', version: record.version });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.json()).toMatchObject({ supervisee: 'Nino Beridze', themes: 'burnout, caseload', durationMinutes: 60, version: record.version + 1 });
    const stale = await mentor.patch(`/api/v1/capacity/supervision/${record.id}`, { durationMinutes: 30, version: record.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ conflict: 'version', title: 'ეს ჩანაწერი ამასობაში სხვამ შეცვალა. განაახლეთ და შეიტანეთ ცვლილება ხელახლა' });
    // A required field cannot be emptied, and the record does not move to another CSO.
    const emptied = await mentor.patch(`/api/v1/capacity/supervision/${record.id}`, { supervisor: ' ', version: fixed.json().version });
    expect(emptied.statusCode).toBe(400);
    expect(emptied.json().errors.map((e: { field: string }) => e.field)).toEqual(['supervisor']);
    const moved = await mentor.patch(`/api/v1/capacity/supervision/${record.id}`, { organisationId: world.b.cso.id, version: fixed.json().version });
    expect(moved.json()).toMatchObject({ organisationId: world.a.cso.id });
    // Another CSO's manager does not reach it.
    expect((await managerB.patch(`/api/v1/capacity/supervision/${record.id}`, { durationMinutes: 30, version: moved.json().version })).statusCode).toBe(404);
    expect((await managerA.get(`/api/v1/capacity/supervision/hours?organisationId=${world.a.cso.id}`)).json().bySupervisee).toContainEqual({ supervisee: 'Nino Beridze', superviseeUserId: null, hours: 1 });
  });

  it('a person picked as a user counts as one in the hours, however their name was typed; a supervisor may be a consortium user', async () => {
    const a = world.a.cso.id;
    const caseWorker = world.a.caseWorker.user;
    // Who may be picked: the CSO's own users, and for the supervisor the consortium's users the reader reaches.
    const people = async (client: Client) => ((await client.get(`/api/v1/capacity/organisations/${a}/supervision-people`)).json() as { id: string; ownOrganisation: boolean }[]);
    const forMentor = await people(mentor);
    expect(forMentor.filter((p) => p.ownOrganisation).map((p) => p.id).sort()).toEqual([world.a.manager.user.id, caseWorker.id].sort());
    expect(forMentor.filter((p) => !p.ownOrganisation).map((p) => p.id)).toContain(world.mentor.user.id);
    expect(forMentor.map((p) => p.id)).not.toContain(world.b.manager.user.id);
    // A CSO manager reaches no consortium organisation: only the CSO's own users.
    expect((await people(managerA)).every((p) => p.ownOrganisation)).toBe(true);
    expect((await managerB.get(`/api/v1/capacity/organisations/${a}/supervision-people`)).statusCode).toBe(404);

    const session = { organisationId: a, heldOn: '2025-11-03', durationMinutes: 60, type: 'individual' };
    // The same case worker three times, their name typed two ways or not at all; and someone without an account.
    for (const [client, body] of [
      [mentor, { supervisorUserId: world.mentor.user.id, superviseeUserId: caseWorker.id, supervisee: 'Levan Maisuradze' }],
      [managerA, { supervisor: 'ნინო ბერიძე', superviseeUserId: caseWorker.id, supervisee: 'ლევან მაისურაძე' }],
      [managerA, { supervisor: 'ნინო ბერიძე', superviseeUserId: caseWorker.id }],
      [managerA, { supervisor: 'ნინო ბერიძე', supervisee: 'ლევან მაისურაძე' }],
    ] as const) {
      const r = await client.post('/api/v1/capacity/supervision', { ...session, ...body });
      expect(r.statusCode, r.body).toBe(201);
    }
    const hours = (await managerA.get(`/api/v1/capacity/supervision/hours?organisationId=${a}&from=2025-11-01&to=2025-11-30`)).json();
    expect(hours.total).toBe(4);
    expect(hours.bySupervisee).toEqual(expect.arrayContaining([
      { supervisee: caseWorker.displayName, superviseeUserId: caseWorker.id, hours: 3 },
      { supervisee: 'ლევან მაისურაძე', superviseeUserId: null, hours: 1 },
    ]));
    expect(hours.bySupervisee).toHaveLength(2);
    // Listed by the picked users' names; the CSO's manager, who does not reach the consortium, reads the mentor's name as it was kept.
    const listed = (await managerA.get(`/api/v1/capacity/supervision?organisationId=${a}&from=2025-11-01&to=2025-11-30&pageSize=50`)).json().items as { supervisor: string; supervisorName: string | null; superviseeName: string | null }[];
    const byMentor = listed.find((s) => s.supervisor === world.mentor.user.displayName)!;
    expect(byMentor).toMatchObject({ supervisorName: null, superviseeName: caseWorker.displayName });
    expect((await mentor.get(`/api/v1/capacity/supervision?organisationId=${a}&from=2025-11-01&to=2025-11-30&pageSize=50`)).json().items).toContainEqual(expect.objectContaining({ supervisorName: world.mentor.user.displayName }));

    // Someone who may not be picked is refused on their field: another CSO's staff, or a consortium user as supervisee.
    const refused = [
      { superviseeUserId: world.b.manager.user.id, supervisor: 'x' },
      { superviseeUserId: world.mentor.user.id, supervisor: 'x' },
      { supervisorUserId: world.b.manager.user.id, supervisee: 'x' },
    ];
    for (const body of refused) {
      const r = await mentor.post('/api/v1/capacity/supervision', { ...session, ...body });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual([Object.keys(body)[0]]);
    }
    // Neither a user nor a name: required.
    const neither = await managerA.post('/api/v1/capacity/supervision', { ...session, supervisor: 'x' });
    expect(neither.json().errors).toEqual([{ field: 'supervisee', message: 'ეს ველი სავალდებულოა' }]);
  });

  it('keeps a CSO profile: the CSO edits its own, version-checked', async () => {
    const empty = (await managerA.get(`/api/v1/capacity/organisations/${world.a.cso.id}/profile`)).json();
    expect(empty.version).toBe(0);
    const body = { mission: 'ინკლუზია', legalForm: 'ა(ა)იპ', yearFounded: 2005, targetGroups: ['children_disabilities', 'families_at_risk'], services: 'Day care', staff: { women: 8, men: 2, volunteersWomen: 3, volunteersMen: 1 }, budgetBand: '50k_200k', premisesAccessibility: 'partial', keyDocuments: 'Statute 2019', version: 0 };
    const saved = await managerA.request('PUT', `/api/v1/capacity/organisations/${world.a.cso.id}/profile`, body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ mission: 'ინკლუზია', version: 1 });
    expect((await managerA.request('PUT', `/api/v1/capacity/organisations/${world.a.cso.id}/profile`, body)).statusCode).toBe(409);
    expect((await managerB.request('PUT', `/api/v1/capacity/organisations/${world.a.cso.id}/profile`, { ...body, version: 1 })).statusCode).toBe(404);
  });
});

describe('who sees what', () => {
  it('the mentoring, supervision and support exports name the CSO of every row, in both languages, and hold only the reader\'s CSOs', async () => {
    // One record of each kind for CSO B, so a file across CSOs has rows of both.
    const b = world.b.cso.id;
    expect((await admin.post('/api/v1/capacity/mentoring', { organisationId: b, heldOn: '2026-03-02', format: 'online', durationMinutes: 30, participants: 'B', topics: 'B topics', planActionIds: [], followUps: [] })).statusCode).toBe(201);
    expect((await admin.post('/api/v1/capacity/supervision', { organisationId: b, supervisor: 'S', supervisee: 'B staff', heldOn: '2026-02-02', durationMinutes: 45, type: 'group' })).statusCode).toBe(201);
    expect((await admin.post('/api/v1/capacity/support', { organisationId: b, category: 'it', description: 'laptop', value: 900, currency: 'GEL', deliveredOn: '2026-03-03' })).statusCode).toBe(201);
    const name = async (id: string) => {
      const o = (await admin.get(`/api/v1/organisations/${id}`)).json() as { nameKa: string; nameEn: string };
      return `"${o.nameKa}","${o.nameEn}",`;
    };
    const [nameA, nameB] = [await name(world.a.cso.id), await name(b)];
    const english = await f.user(world.consortium.id, ['admin']).then((u) => u.login());
    expect((await english.patch('/api/v1/me', { language: 'en' })).statusCode).toBe(200);
    const rowsOf = async (client: Client, path: string) => {
      const csv = await client.get(`/api/v1/capacity/${path}/export?format=csv`);
      expect(csv.statusCode, csv.body).toBe(200);
      const [header, ...rows] = csv.body.replace(/^\ufeff/, '').split('\r\n').filter(Boolean);
      return { header: header!, owners: new Set(rows.map((row) => [nameA, nameB].find((n) => row.startsWith(n)) ?? row)) };
    };
    for (const path of ['mentoring', 'supervision', 'support']) {
      const all = await rowsOf(admin, path);
      expect(all.header, path).toMatch(/^"სახელი \(ქართულად\)","სახელი \(ინგლისურად\)",/);
      expect(all.owners, path).toEqual(new Set([nameA, nameB]));
      expect((await rowsOf(english, path)).header, path).toMatch(/^"Name \(Georgian\)","Name \(English\)",/);
      // Still through the reader's scope: B's manager gets B's rows only, the mentor (assigned to A) A's only.
      expect((await rowsOf(managerB, path)).owners, path).toEqual(new Set([nameB]));
      expect((await rowsOf(mentor, path)).owners, path).toEqual(new Set([nameA]));
    }
    // Nothing found is still a file for an API client (the web app offers no download then): its header row alone.
    const none = await admin.get(`/api/v1/capacity/support/export?format=csv&category=vehicle`);
    expect(none.statusCode).toBe(200);
    expect(none.body.replace(/^\ufeff/, '').split('\r\n').filter(Boolean)).toEqual([expect.stringMatching(/^"სახელი \(ქართულად\)","სახელი \(ინგლისურად\)",/)]);
  });

  it('another CSO manager gets 404 on the assessment and sees none of it in lists', async () => {
    const [assessment] = (await mentor.get(`/api/v1/capacity/assessments?organisationId=${world.a.cso.id}`)).json().items;
    expect((await managerB.get(`/api/v1/capacity/assessments/${assessment.id}`)).statusCode).toBe(404);
    expect((await managerB.get(`/api/v1/capacity/organisations/${world.a.cso.id}/results`)).statusCode).toBe(404);
    expect((await managerB.get('/api/v1/capacity/assessments')).json().total).toBe(0);
    expect((await managerB.get('/api/v1/capacity/plan-actions')).json().items.every((a: { organisationId: string }) => a.organisationId === world.b.cso.id)).toBe(true);
    // The mentor is not assigned to B: no assessment there.
    expect((await mentor.post('/api/v1/capacity/assessments', { organisationId: world.b.cso.id, roundId: roundIds[0] })).statusCode).toBe(404);
  });

  it('municipal users get aggregates only, with cells under five CSOs suppressed', async () => {
    expect((await monitor.get(`/api/v1/capacity/assessments`)).statusCode).toBe(403);
    expect((await monitor.get(`/api/v1/capacity/organisations/${world.a.cso.id}/results`)).statusCode).toBe(403);
    const aggregates = (await monitor.get(`/api/v1/capacity/aggregates?roundId=${roundIds[1]}&by=municipality`)).json();
    expect(aggregates.domains).toHaveLength(9);
    expect(aggregates.rows).toEqual([expect.objectContaining({ id: world.a.municipality.id, csos: 1, suppressed: true, overall: null })]);
    expect((await monitor.get(`/api/v1/capacity/aggregates?roundId=${roundIds[1]}`)).json().rows).toEqual([expect.objectContaining({ id: world.region.id, suppressed: true })]);
    expect(Object.values(aggregates.rows[0].scores).every((v) => v === null)).toBe(true);
  });

  it('programme staff see the portfolio heat map, filterable by municipality and partner', async () => {
    const all = (await admin.get(`/api/v1/capacity/portfolio?roundId=${roundIds[1]}`)).json();
    expect(all.rows).toEqual([expect.objectContaining({ organisationId: world.a.cso.id, overall: 3 })]);
    expect(all.rows[0].scores.finance).toBe(3);
    expect((await admin.get(`/api/v1/capacity/portfolio?roundId=${roundIds[1]}&municipalityId=${world.b.municipality.id}`)).json().rows).toEqual([]);
    expect((await admin.get(`/api/v1/capacity/portfolio?roundId=${roundIds[1]}&partnerId=${world.consortium.id}`)).json().rows).toHaveLength(1);
    const list = (await admin.get(`/api/v1/capacity/assessments?regionId=${world.region.id}&sort=round&dir=desc`)).json();
    expect(list.items.map((a: { roundKind: string }) => a.roundKind)).toEqual(['midline', 'baseline']);
  });
});

describe('capacity report', () => {
  it('is a PDF in Georgian or English whose text is real, extractable text, its numbers written as the reader writes them', async () => {
    // A sum with five digits: Georgian groups its thousands (with a no-break space) from there on.
    const renovation = await admin.post('/api/v1/capacity/support', { organisationId: world.a.cso.id, category: 'renovation', description: 'ramp and toilet', value: 12345.5, currency: 'GEL', deliveredOn: '2026-03-02' });
    expect(renovation.statusCode, renovation.body).toBe(201);
    for (const lang of ['ka', 'en'] as const) {
      const pdf = await managerA.get(`/api/v1/capacity/organisations/${world.a.cso.id}/report.pdf?lang=${lang}`);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      const dir = mkdtempSync(join(tmpdir(), 'ertad-pdf-'));
      writeFileSync(join(dir, 'r.pdf'), pdf.rawPayload);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      if (lang === 'ka') {
        expect(text).toContain('შესაძლებლობების ანგარიში');
        expect(text).toContain('გაუმჯობესდა');
        // The change between rounds, in characters the embedded font has (an arrow came out as a square).
        // Scores, hours and money with a decimal comma, as Georgian writes them (not 2.60 and 1.5).
        expect(text).toMatch(/: \d,\d\d – \d,\d\d \(გაუმჯობესდა\)/);
        expect(text).toMatch(/საერთო \d,\d\d/);
        expect(text).toContain('მენტორინგი: 1,5 საათი');
        expect(text).toContain('1500,50 GEL (2)');
        expect(text).toContain('5000,00 EUR (1)');
        // A no-break space in the PDF (pdftotext gives it back as a plain one).
        expect(text).toMatch(/ 12[ \u00a0]345,50 GEL \(1\)/);
        expect(text).not.toMatch(/\d\.\d/);
      } else {
        expect(text).toContain('Capacity report');
        expect(text).toContain('Financial management');
        expect(text).toMatch(/: \d\.\d\d – \d\.\d\d \(Improved\)/);
        expect(text).toContain('Mentoring: 1.5 hours');
        expect(text).toContain('1,500.50 GEL (2)');
        expect(text).toContain('12,345.50 GEL (1)');
        expect(text).not.toMatch(/\d,\d\d(?!\d)/);
      }
    }
    expect((await managerB.get(`/api/v1/capacity/organisations/${world.a.cso.id}/report.pdf`)).statusCode).toBe(404);
  });
});
