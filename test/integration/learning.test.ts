import { MONTHS } from '../../common/dates';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFile, type Client, type TestApp } from '../support/app';
import { factories, startBareTestApp, unique, type Factories, type TestUser, type TwoCsos } from '../support/factories';

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let pm: Client;
let learner: Client;
let colleague: Client;
let managerA: Client;
let managerB: Client;
let donor: Client;
let mentor: Client;
let donorUser: TestUser;

const TEST_DEFINITION = {
  settings: {},
  choiceLists: {
    q: [
      { name: 'right', label: { ka: 'სწორი', en: 'Right' }, score: 1 },
      { name: 'wrong', label: { ka: 'არასწორი', en: 'Wrong' }, score: 0 },
    ],
  },
  items: [
    { kind: 'question', type: 'select_one', name: 'q1', listName: 'q', label: { ka: 'კითხვა 1', en: 'Question 1' }, required: true },
    { kind: 'question', type: 'select_one', name: 'q2', listName: 'q', label: { ka: 'კითხვა 2', en: 'Question 2' }, required: true },
  ],
  scoring: { method: 'sum', bands: [] },
};

interface Module {
  id: string;
  packageId: string;
  version: number;
  lessons: { id: string }[];
}
let module: Module;
let lessonIds: string[];
let draftLessonId: string;

function expectOk(r: { statusCode: number; body: string }, status = 200) {
  expect(r.statusCode, r.body).toBe(status);
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
  mentor = await world.mentor.login();
  donorUser = await f.user((await f.organisation('donor')).id, ['viewer']);
  donor = await donorUser.login();

  const test = await f.publishedInstrument(TEST_DEFINITION, { purpose: 'test' });
  const pkg = await pm.post('/api/v1/learning/packages', { code: `pkg_${unique()}`, titleKa: 'სოციალური მუშაობა', titleEn: 'Social work', published: true });
  expectOk(pkg, 201);
  const created = await pm.post('/api/v1/learning/modules', { packageId: pkg.json().id, code: `mod_${unique()}`, titleKa: 'შემთხვევის მართვა', titleEn: 'Case management', hours: 4, testInstrumentId: test.id, passMark: 2 });
  expectOk(created, 201);
  module = created.json();
  lessonIds = [];
  for (const [i, title] of ['პირველი გაკვეთილი', 'მეორე გაკვეთილი'].entries()) {
    const lesson = await pm.post(`/api/v1/learning/modules/${module.id}/lessons`, { titleKa: title, titleEn: `Lesson ${i + 1}`, bodyKa: `# ${title}\n\nტექსტი`, bodyEn: `# Lesson ${i + 1}\n\nText`, position: i });
    expectOk(lesson, 201);
    expectOk(await pm.post(`/api/v1/learning/lessons/${lesson.json().id}/publish`, { version: lesson.json().version }));
    lessonIds.push(lesson.json().id);
  }
  const draft = await pm.post(`/api/v1/learning/modules/${module.id}/lessons`, { titleKa: 'მონახაზი', titleEn: 'Draft', bodyKa: 'ჯერ არა', position: 9 });
  draftLessonId = draft.json().id;
}, 180_000);
afterAll(async () => t?.close());

describe('catalogue', () => {
  it('shows learners published modules and lessons only; authors see drafts', async () => {
    expect((await learner.get(`/api/v1/learning/modules/${module.id}`)).statusCode).toBe(404);
    const publish = await pm.patch(`/api/v1/learning/modules/${module.id}`, { published: true, version: module.version });
    expectOk(publish);
    const seen = (await learner.get(`/api/v1/learning/modules/${module.id}`)).json();
    expect(seen.lessons.map((l: { id: string }) => l.id)).toEqual(lessonIds);
    expect((await pm.get(`/api/v1/learning/modules/${module.id}`)).json().lessons).toHaveLength(3);
    expect((await learner.get(`/api/v1/learning/lessons/${draftLessonId}`)).statusCode).toBe(404);
    const packages = (await learner.get('/api/v1/learning/packages')).json();
    expect(packages.some((p: { modules: { id: string }[] }) => p.modules.some((m) => m.id === module.id))).toBe(true);
  });

  it('keeps what learners read until the author publishes again', async () => {
    const lesson = (await pm.get(`/api/v1/learning/lessons/${lessonIds[0]}`)).json();
    expectOk(await pm.patch(`/api/v1/learning/lessons/${lessonIds[0]}`, { bodyKa: 'ახალი ვერსია', version: lesson.version }));
    const read = (await learner.get(`/api/v1/learning/lessons/${lessonIds[0]}`)).json();
    expect(read.content.bodyKa).toContain('ტექსტი');
    expect(read.draft).toBeNull();
    expect((await pm.get(`/api/v1/learning/lessons/${lessonIds[0]}`)).json().draft.bodyKa).toBe('ახალი ვერსია');
  });

  it('lets only authors write, and a module test must be a test instrument', async () => {
    expect((await learner.post('/api/v1/learning/packages', { code: `x_${unique()}`, titleKa: 'x', titleEn: 'x' })).statusCode).toBe(403);
    const survey = await f.publishedInstrument();
    const bad = await pm.post('/api/v1/learning/modules', { packageId: module.packageId, code: `m_${unique()}`, titleKa: 'x', titleEn: 'x', testInstrumentId: survey.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('testInstrumentId');
  });
});

describe('lesson files', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n' + 'x'.repeat(2000));

  it('stores files checked by magic bytes, and serves them whole or by range', async () => {
    const upload = (data: Buffer, name: string, type: string, client = pm) => {
      const body = multipartFile(data, name, type);
      return client.raw({ method: 'POST', url: `/api/v1/learning/lessons/${lessonIds[0]}/files`, payload: body.payload, headers: { 'content-type': body.contentType } });
    };
    const stored = await upload(PDF, 'სახელმძღვანელო.pdf', 'application/pdf');
    expectOk(stored, 201);
    expect(stored.json()).toMatchObject({ filename: 'სახელმძღვანელო.pdf', contentType: 'application/pdf', size: PDF.length });
    // The claimed type is not trusted: HTML called a PDF is refused.
    const fake = await upload(Buffer.from('<html><script>alert(1)</script></html>'), 'notes.pdf', 'application/pdf');
    expect(fake.statusCode).toBe(415);
    expect((await upload(PDF, 'x.pdf', 'application/pdf', learner)).statusCode).toBe(403);

    const id = stored.json().id;
    expect((await learner.get(`/api/v1/learning/lessons/${lessonIds[0]}`)).json().files).toEqual([stored.json()]);
    const whole = await learner.get(`/api/v1/learning/files/${id}`);
    expectOk(whole);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(PDF)).toBe(true);
    const part = await learner.raw({ method: 'GET', url: `/api/v1/learning/files/${id}`, headers: { range: 'bytes=0-7' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-7/${PDF.length}`);
    expect(part.body).toBe('%PDF-1.4');
    const tail = await learner.raw({ method: 'GET', url: `/api/v1/learning/files/${id}`, headers: { range: 'bytes=-3' } });
    expect(tail.body).toBe('xxx');
    const beyond = await learner.raw({ method: 'GET', url: `/api/v1/learning/files/${id}`, headers: { range: `bytes=${PDF.length + 10}-` } });
    expect(beyond.statusCode).toBe(416);
  });

  it('files of a draft lesson stay with the authors', async () => {
    const body = multipartFile(PDF, 'draft.pdf', 'application/pdf');
    const stored = await pm.raw({ method: 'POST', url: `/api/v1/learning/lessons/${draftLessonId}/files`, payload: body.payload, headers: { 'content-type': body.contentType } });
    expectOk(stored, 201);
    expect((await learner.get(`/api/v1/learning/files/${stored.json().id}`)).statusCode).toBe(404);
    expectOk(await pm.get(`/api/v1/learning/files/${stored.json().id}`));
  });
});

describe('self-paced learning', () => {
  let enrolmentId: string;

  it('asks a learner to register before enrolling, then enrols once', async () => {
    expect((await learner.get('/api/v1/learning/me')).json().staff).toBeNull();
    const early = await learner.post('/api/v1/learning/enrolments', { moduleId: module.id });
    expect(early.statusCode).toBe(400);
    expectOk(await learner.post('/api/v1/learning/me', { givenName: 'ნინო', surname: 'კაპანაძე', sex: 'female', birthYear: 1990, position: 'სოციალური მუშაკი', wg: { seeing: 1, walking: 3 } }), 201);
    const enrolled = await learner.post('/api/v1/learning/enrolments', { moduleId: module.id });
    expectOk(enrolled, 201);
    enrolmentId = enrolled.json().id;
    expect(enrolled.json()).toMatchObject({ lessonsTotal: 2, lessonsCompleted: 0, resumeLessonId: lessonIds[0], status: 'active' });
    const again = await learner.post('/api/v1/learning/enrolments', { moduleId: module.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(enrolmentId);
  });

  it('records progress and resumes where the learner stopped', async () => {
    const url = (i: number) => `/api/v1/learning/enrolments/${enrolmentId}/lessons/${lessonIds[i]}`;
    expectOk(await learner.post(url(0), { completed: true }));
    const opened = await learner.post(url(1), { completed: false });
    expect(opened.json()).toMatchObject({ lessonsCompleted: 1, resumeLessonId: lessonIds[1] });
    expect((await learner.get('/api/v1/learning/me')).json().enrolments[0].resumeLessonId).toBe(lessonIds[1]);
    expect((await learner.post(`/api/v1/learning/enrolments/${enrolmentId}/lessons/${draftLessonId}`, { completed: true })).statusCode).toBe(404);
    const early = await learner.post(`/api/v1/learning/enrolments/${enrolmentId}/complete`);
    expect(early.statusCode).toBe(409);
    expectOk(await learner.post(url(1), { completed: true }));
  });

  it('shows progress to the learner, their manager and programme staff only', async () => {
    const url = `/api/v1/learning/enrolments/${enrolmentId}`;
    expectOk(await managerA.get(url));
    expectOk(await pm.get(url));
    expect((await colleague.get(url)).statusCode).toBe(404);
    expect((await managerB.get(url)).statusCode).toBe(404);
    expect((await mentor.get(url)).statusCode).toBe(404);
    expect((await donor.get(url)).statusCode).toBe(404);
    expect((await colleague.get('/api/v1/learning/enrolments')).json().total).toBe(0);
    // Disability answers: the person and their manager, not a colleague.
    const staffId = (await learner.get('/api/v1/learning/me')).json().staff.id;
    expect((await managerA.get(`/api/v1/learning/staff/${staffId}`)).json().disability).toBe(true);
    expect((await colleague.get(`/api/v1/learning/staff/${staffId}`)).json().disability).toBeNull();
    expect((await donor.get('/api/v1/learning/staff')).statusCode).toBe(403);
  });

  it('completes the module only after passing the test, and issues a certificate', async () => {
    const start = await learner.post(`/api/v1/learning/enrolments/${enrolmentId}/test`);
    expectOk(start);
    const responseId = start.json().responseId;
    const form = (await learner.get(`/api/v1/responses/${responseId}`)).json();
    expect(form.response.subject.type).toBe('participant');
    expectOk(await learner.post(`/api/v1/responses/${responseId}/submit`, { answers: { q1: 'right', q2: 'wrong' }, version: form.response.version }));
    const failed = await learner.post(`/api/v1/learning/enrolments/${enrolmentId}/complete`);
    expect(failed.statusCode).toBe(409);
    expect((await learner.get(`/api/v1/learning/enrolments/${enrolmentId}`)).json()).toMatchObject({ passed: false, testScore: 1, status: 'active' });

    const retake = await learner.post(`/api/v1/learning/enrolments/${enrolmentId}/test`);
    expect(retake.json().responseId).not.toBe(responseId);
    const second = (await learner.get(`/api/v1/responses/${retake.json().responseId}`)).json();
    expectOk(await learner.post(`/api/v1/responses/${second.response.id}/submit`, { answers: { q1: 'right', q2: 'right' }, version: second.response.version }));
    const done = await learner.post(`/api/v1/learning/enrolments/${enrolmentId}/complete`);
    expectOk(done);
    expect(done.json()).toMatchObject({ status: 'completed', passed: true, testScore: 2 });
    expect(done.json().certificateId).toBeTruthy();
    expect((await learner.post(`/api/v1/learning/enrolments/${enrolmentId}/test`)).statusCode).toBe(409);
  });

  it('produces a certificate PDF with extractable Georgian text and a public verification of the minimum', async () => {
    const [cert] = (await learner.get('/api/v1/learning/me')).json().certificates;
    expect(cert.code).toMatch(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/);
    const pdf = await learner.get(`/api/v1/learning/certificates/${cert.id}/pdf`);
    expectOk(pdf);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'ertad-certificate-'));
    writeFileSync(join(dir, 'c.pdf'), pdf.rawPayload);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'c.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('სერტიფიკატი');
    expect(text).toContain('ნინო კაპანაძე');
    expect(text).toContain('შემთხვევის მართვა');
    expect(text).toContain('Case management');
    expect(text).toContain(cert.code);
    // The day it was issued as each language writes it, not as stored (2026-11-28).
    const [year, month, day] = (cert.issuedOn as string).split('-').map(Number) as [number, number, number];
    expect(text).toContain(`${day} ${MONTHS.ka[month - 1]} ${year}`);
    expect(text).toContain(`${day} ${MONTHS.en[month - 1]} ${year}`);
    expect(text).not.toContain(cert.issuedOn);

    expect((await colleague.get(`/api/v1/learning/certificates/${cert.id}/pdf`)).statusCode).toBe(404);
    expectOk(await managerA.get(`/api/v1/learning/certificates/${cert.id}/pdf`));

    const verified = await t.app.inject({ method: 'GET', url: `/api/v1/learning/verify/${cert.code}` });
    expectOk(verified);
    expect(verified.json()).toEqual({ holderName: 'ნინო კაპანაძე', courseKa: 'შემთხვევის მართვა', courseEn: 'Case management', issuedOn: cert.issuedOn });
    const other = cert.code.replace(/^./, (c: string) => (c === 'A' ? 'B' : 'A'));
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/learning/verify/${other}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/learning/verify/1' })).statusCode).toBe(400);
  });
});

describe('live trainings', () => {
  it('records attendance and pre/post tests, shows knowledge gain, and certifies eligible participants', async () => {
    const staff = [];
    for (const [givenName, sex] of [['გიორგი', 'male'], ['მარიამ', 'female'], ['ლაშა', 'male']] as const) {
      const r = await managerA.post('/api/v1/learning/staff', { organisationId: world.a.cso.id, givenName, surname: 'ბერიძე', sex, birthYear: 1985, position: 'მენეჯერი' });
      expectOk(r, 201);
      staff.push(r.json());
    }
    expect((await managerA.post('/api/v1/learning/staff', { organisationId: world.b.cso.id, givenName: 'x', surname: 'y', sex: 'male' })).statusCode).toBe(404);
    const created = await pm.post('/api/v1/learning/trainings', {
      moduleId: module.id,
      titleKa: 'ტრენინგი თელავში',
      titleEn: 'Training in Telavi',
      trainers: 'თამარ ლომიძე',
      days: ['2026-03-03', '2026-03-02'],
      hoursPerDay: 5,
      venue: 'თელავი',
      municipalityId: world.a.municipality.id,
    });
    expectOk(created, 201);
    let training = created.json();
    expect(training.days).toEqual(['2026-03-02', '2026-03-03']);
    for (const s of staff) training = (await pm.post(`/api/v1/learning/trainings/${training.id}/participants`, { staffId: s.id })).json();
    expect((await pm.post(`/api/v1/learning/trainings/${training.id}/participants`, { staffId: staff[0].id })).statusCode).toBe(400);
    const scores = [
      { attendance: [true, true], preScore: 40, postScore: 80 },
      { attendance: [true, false], preScore: 50, postScore: 90 },
      { attendance: [true, true], preScore: 60, postScore: 60 },
    ];
    for (const [i, p] of training.participants.entries()) {
      const s = scores[staff.findIndex((x: { id: string }) => x.id === p.staffId)]!;
      const r = await pm.patch(`/api/v1/learning/participants/${p.id}`, { ...s, version: p.version });
      expectOk(r);
      training = r.json();
      expect(i).toBeGreaterThanOrEqual(0);
    }
    expect((await pm.patch(`/api/v1/learning/participants/${training.participants[0].id}`, { attendance: [true], version: training.participants[0].version })).statusCode).toBe(400);
    expect(training.averageGain).toBeCloseTo((40 + 40 + 0) / 3, 1);
    expect((await managerA.patch(`/api/v1/learning/participants/${training.participants[0].id}`, { preScore: 1, version: 2 })).statusCode).toBe(403);

    expect((await pm.post(`/api/v1/learning/trainings/${training.id}/certificates`)).statusCode).toBe(409);
    expectOk(await pm.patch(`/api/v1/learning/trainings/${training.id}`, { status: 'completed', version: training.version }));
    const issued = (await pm.post(`/api/v1/learning/trainings/${training.id}/certificates`)).json();
    const certified = issued.participants.filter((p: { certificateId: string | null }) => p.certificateId).map((p: { staffId: string }) => p.staffId);
    // Full attendance and 80 ≥ 70: yes; one day of two (50 %): no; 60 < 70: no.
    expect(certified).toEqual([staff[0].id]);
    // Issuing again adds nothing.
    const again = (await pm.post(`/api/v1/learning/trainings/${training.id}/certificates`)).json();
    expect(again.participants.filter((p: { certificateId: string | null }) => p.certificateId)).toHaveLength(1);

    // Another CSO's manager sees the event but none of these participants.
    const seenByB = (await managerB.get(`/api/v1/learning/trainings/${training.id}`)).json();
    expect(seenByB.participants).toEqual([]);
    expect((await managerA.get(`/api/v1/learning/trainings/${training.id}`)).json().participants).toHaveLength(3);
  });

  it('reports people trained and hours by group, with small cells suppressed for the donor', async () => {
    const bySex = (await pm.get('/api/v1/learning/reports?by=sex')).json();
    const female = bySex.rows.find((r: { group: string }) => r.group === 'female');
    const male = bySex.rows.find((r: { group: string }) => r.group === 'male');
    // Nino (module, 4 h) and Mariam (one day, 5 h); Giorgi (10 h) and Lasha (10 h).
    expect(female).toMatchObject({ people: 2, hours: 9, suppressed: false });
    expect(male).toMatchObject({ people: 2, hours: 20, suppressed: false });
    expect(bySex.totals).toMatchObject({ people: 4, completionRate: 100, passRate: 100 });
    expect(bySex.totals.averageGain).toBeCloseTo(26.7, 1);

    const donorView = (await donor.get('/api/v1/learning/reports?by=sex')).json();
    expect(donorView.rows.every((r: { suppressed: boolean; people: number | null }) => r.suppressed && r.people === null)).toBe(true);
    expect(donorView.totals.averageGain).toBeNull();

    const byPackage = (await pm.get('/api/v1/learning/reports?by=package')).json();
    expect(byPackage.rows[0].labelEn).toBe('Social work');
    const csv = await pm.get('/api/v1/learning/reports/export?by=sex&format=csv');
    expectOk(csv);
    expect(csv.body).toContain('გადამზადებული პირები');
    // Each group in the reader's language: a Georgian reader does not get 'Female'.
    expect(csv.body).toMatch(/\r\n"მდედრობითი",/);
    expect(csv.body).not.toContain('Female');
    // Whether a row is hidden reads as a word, not a code: 'არა' for the programme manager, 'დიახ' (and no counts) for the donor.
    expect(csv.body).toMatch(/\r\n"მდედრობითი","2","9","არა"/);
    const donorCsv = await donor.get('/api/v1/learning/reports/export?by=sex&format=csv');
    expectOk(donorCsv);
    expect(donorCsv.body, donorCsv.body).toMatch(/\r\n"მდედრობითი",,,"დიახ"/);
  });
});
