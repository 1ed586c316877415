import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, multipartFile, type Client, startTestApp, type TestApp } from '../support/app';
import { workbook } from '../support/xlsform-workbook';
import { trainingTest } from '../../server/features/instruments/builtin/quality-and-feedback';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
});
afterAll(() => t?.close());

const question = (name: string, extra: Record<string, unknown> = {}) => ({ kind: 'question', type: 'integer', name, label: { ka: name, en: name }, ...extra });
const definitionWith = (...items: unknown[]) => ({ items, choiceLists: {}, settings: {} });

async function newInstrument(code: string, definition: unknown) {
  const created = (await admin.post('/api/v1/instruments', { code, purpose: 'survey', titleKa: 'ტესტი', titleEn: 'Test' })).json();
  const draft = await admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition, version: 1 });
  return { id: created.id as string, draft: draft.json() };
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('survey');
  rows.forEach((row) => sheet.addRow(row));
  return Buffer.from(await book.xlsx.writeBuffer());
}

function upload(file: Buffer, query = '') {
  const { payload, contentType } = multipartFile(file, 'form.xlsx', 'application/octet-stream');
  return admin.raw({ method: 'POST', url: `/api/v1/instruments/import${query}`, payload, headers: { 'content-type': contentType } });
}

describe('instrument versions', () => {
  it('ships the built-in instruments as published versions', async () => {
    const list = (await admin.get('/api/v1/instruments?pageSize=50')).json();
    expect(list.items.map((i: { code: string }) => i.code).sort()).toEqual(
      ['cfm_2_4', 'cfm_5_17', 'gesi_oca', 'gesi_training_test', 'quality_checklist', 'training_satisfaction', 'user_feedback', 'user_feedback_easy_read', 'wg_ss'],
    );
    const oca = list.items.find((i: { code: string }) => i.code === 'gesi_oca');
    expect(oca.versions[0]).toMatchObject({ number: 1, status: 'published' });
  });

  it('reports definition issues with their location on saving, and refuses to publish them', async () => {
    const { id, draft } = await newInstrument('with_issues', definitionWith(question('age', { relevant: '${agee} > 1' })));
    expect(draft.issues).toEqual([{ item: 'age', field: 'relevant', message: '„age“: ${agee} არ არსებობს' }]);
    const publish = await admin.post(`/api/v1/instruments/${id}/publish`, { version: draft.version });
    expect(publish.statusCode).toBe(400);
    expect(publish.json().errors).toEqual([{ field: 'age.relevant', message: '„age“: ${agee} არ არსებობს' }]);
  });

  it('refuses to publish a draft that asks nothing (no items, or notes and sections only)', async () => {
    const note = { kind: 'question', type: 'note', name: 'intro', label: { ka: 'შესავალი', en: 'Intro' } };
    for (const [code, definition] of [['empty_form', definitionWith()], ['notes_only', definitionWith({ kind: 'group', name: 's', label: { ka: 's', en: 's' }, items: [note] })]] as const) {
      const { id, draft } = await newInstrument(code, definition);
      const publish = await admin.post(`/api/v1/instruments/${id}/publish`, { version: draft.version });
      expect(publish.statusCode).toBe(400);
      expect(publish.json().errors).toEqual([{ field: 'definition.items', message: 'ინსტრუმენტში ჯერ კითხვები არ არის' }]);
      expect((await admin.get(`/api/v1/instruments/${id}`)).json().versions).toEqual([expect.objectContaining({ status: 'draft' })]);
    }
  });

  it('a published version is immutable; edits go to a new draft; responses keep their version', async () => {
    const { id, draft } = await newInstrument('versioned', definitionWith(question('q1', { required: true })));
    expect((await admin.post(`/api/v1/instruments/${id}/publish`, { version: draft.version })).statusCode).toBe(200);
    expect((await admin.request('PUT', `/api/v1/instruments/${id}/draft`, { definition: definitionWith(question('changed')), version: draft.version + 1 })).statusCode).toBe(409);

    const me = (await admin.get('/api/v1/me')).json();
    const started = (await admin.post('/api/v1/responses', { instrumentId: id, organisationId: me.user.organisation.id })).json();
    await admin.post(`/api/v1/responses/${started.response.id}/submit`, { answers: { q1: '7' }, version: started.response.version });

    const v2 = (await admin.post(`/api/v1/instruments/${id}/draft`)).json();
    expect(v2.number).toBe(2);
    expect((await admin.post(`/api/v1/instruments/${id}/draft`)).statusCode).toBe(409);
    const saved = (await admin.request('PUT', `/api/v1/instruments/${id}/draft`, { definition: definitionWith(question('q1_renamed')), version: v2.version })).json();
    await admin.post(`/api/v1/instruments/${id}/publish`, { version: saved.version });

    const old = (await admin.get(`/api/v1/responses/${started.response.id}`)).json();
    expect(old.response.versionNumber).toBe(1);
    expect(old.definition.items[0].name).toBe('q1');
    expect((await admin.get(`/api/v1/instruments/${id}/versions/1`)).json().definition.items[0].name).toBe('q1');
  });
});

describe('responses', () => {
  /**
   * The training test's questions and scoring, published as a survey: a test itself is a training
   * participant's and cannot be started about nobody (offline.test.ts).
   */
  async function scoredQuiz() {
    const code = `gesi_quiz_${Math.random().toString(36).slice(2, 8)}`;
    const created = (await admin.post('/api/v1/instruments', { code, purpose: 'survey', titleKa: 'GESI ტრენინგის კითხვარი', titleEn: 'GESI training quiz' })).json();
    const draft = (await admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition: trainingTest.definition, version: 1 })).json();
    expect((await admin.post(`/api/v1/instruments/${created.id}/publish`, { version: draft.version })).statusCode).toBe(200);
    return code;
  }

  async function start(code: string) {
    const manager = await loginAs(t.app, 'cso_manager');
    const me = (await manager.get('/api/v1/me')).json();
    const instrument = (await manager.get(`/api/v1/instruments?q=${code}`)).json().items[0];
    const started = (await manager.post('/api/v1/responses', { instrumentId: instrument.id, organisationId: me.user.organisation.id, label: '2026' })).json();
    return { manager, response: started.response, definition: started.definition };
  }

  it('saves drafts, and validates a submission with per-question messages in the user language', async () => {
    const { manager, response } = await start(await scoredQuiz());
    const draft = (await manager.patch(`/api/v1/responses/${response.id}`, { answers: { q1: 'b' }, version: response.version })).json();
    expect(draft.response.answers).toEqual({ q1: 'b' });
    const bad = await manager.post(`/api/v1/responses/${response.id}/submit`, { answers: { q1: 'b', q2: 'z' }, version: draft.response.version });
    expect(bad.statusCode).toBe(400);
    const errors = Object.fromEntries(bad.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(errors).toMatchObject({ 'answers.q2': 'აირჩიეთ შემოთავაზებული პასუხებიდან ერთ-ერთი', 'answers.q3': 'ამ კითხვას პასუხი სჭირდება' });
    await manager.patch('/api/v1/me', { language: 'en' });
    const english = await manager.post(`/api/v1/responses/${response.id}/submit`, { answers: { q1: 'b' }, version: draft.response.version });
    expect(english.json().errors[0].message).toBe('This question needs an answer');
    await manager.patch('/api/v1/me', { language: 'ka' });

    const ok = await manager.post(`/api/v1/responses/${response.id}/submit`, { answers: { q1: 'b', q2: 'b', q3: 'a', q4: 'a', q5: 'c' }, version: draft.response.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().response).toMatchObject({ status: 'submitted', score: { overall: 4, band: { en: 'Passed' } } });
  });

  it('locks submitted responses; corrections are amendments with a reason in the audit log', async () => {
    const { manager, response } = await start('wg_ss');
    const answers = { seeing: '1', hearing: '1', walking: '4', remembering: '1', selfcare: '1', communicating: '1' };
    const submitted = (await manager.post(`/api/v1/responses/${response.id}/submit`, { answers, version: response.version })).json().response;
    expect((await manager.patch(`/api/v1/responses/${response.id}`, { answers, version: submitted.version })).statusCode).toBe(409);
    const amended = await manager.post(`/api/v1/responses/${response.id}/amend`, { answers: { ...answers, walking: '2' }, version: submitted.version, reason: 'შეცდომით მონიშნული' });
    expect(amended.statusCode).toBe(200);
    expect(amended.json().response.score.band.en).toMatch(/^Cut-off not met/);
    const trail = (await admin.get(`/api/v1/audit?entityType=response&entityId=${response.id}&action=amend`)).json().items;
    // The auditor sees which answer changed and why, but a screening's answers are the person's
    // data: their values stay inside the CSO.
    expect(trail[0].changes).toEqual({ walking: {}, reason: { to: 'შეცდომით მონიშნული' } });
  });

  it('exports the list of filled-in forms without their answers', async () => {
    const { manager, response } = await start(await scoredQuiz());
    await manager.patch(`/api/v1/responses/${response.id}`, { answers: { q1: 'secret-answer-text' }, version: response.version });
    const csv = (await manager.get('/api/v1/responses/export?format=csv')).body;
    expect(csv).toContain('თელავის ინკლუზიური განვითარების ცენტრი');
    expect(csv).toContain('GESI ტრენინგის კითხვარი');
    expect(csv).not.toContain('secret-answer-text');
  });

  it('records each read of a response once per request, and none on writes', async () => {
    const { manager, response } = await start('user_feedback');
    const readsOf = async () => (await admin.get(`/api/v1/audit?entityType=response&entityId=${response.id}&action=read`)).json().total;
    expect(await readsOf()).toBe(0);
    await manager.patch(`/api/v1/responses/${response.id}`, { answers: {}, version: response.version });
    expect(await readsOf()).toBe(0);
    await manager.get(`/api/v1/responses/${response.id}`);
    expect(await readsOf()).toBe(1);
    await manager.get(`/api/v1/responses/${response.id}`);
    expect(await readsOf()).toBe(2);
  });

  it('records lists and exports of responses with their filter and row count', async () => {
    const { manager } = await start('user_feedback');
    await manager.get('/api/v1/responses?status=draft');
    await manager.get('/api/v1/responses/export?format=csv');
    const [list] = (await admin.get('/api/v1/audit?entityType=response&action=list&pageSize=1')).json().items;
    expect(list.changes.filter.to).toMatchObject({ status: 'draft' });
    expect(list.changes.rows.to).toBeGreaterThan(0);
    expect((await admin.get('/api/v1/audit?entityType=response&action=export')).json().total).toBeGreaterThan(0);
  });

  it('drops answers to questions the form hides', async () => {
    const { manager, response } = await start('quality_checklist');
    const answers: Record<string, string> = {};
    for (const name of ['available', 'accessible', 'affordable', 'person_centred', 'comprehensive', 'continuous', 'outcome_oriented', 'rights', 'participation', 'partnership', 'governance', 'working_conditions', 'infrastructure']) answers[`p_${name}_rating`] = 'met';
    for (const name of ['records', 'informed', 'confidentiality', 'violence', 'individual_plans', 'complaints']) answers[`m_${name}_rating`] = 'met';
    answers.p_available_comment = 'hidden because the rating is met';
    const ok = await manager.post(`/api/v1/responses/${response.id}/submit`, { answers, version: response.version });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().response.answers.p_available_comment).toBeUndefined();
    expect(ok.json().response.score.overall).toBe(3);
  });
});

describe('XLSForm over HTTP', () => {
  it('imports a form as a new instrument and exports it again', async () => {
    const file = await xlsx([
      ['type', 'name', 'label::Georgian (ka)', 'label::English (en)', 'required'],
      ['text', 'name', 'სახელი', 'Name', 'yes'],
      ['integer', 'age', 'ასაკი', 'Age'],
    ]);
    const imported = await upload(file);
    expect(imported.statusCode).toBe(201);
    const instrument = imported.json().instrument;
    expect(instrument.versions[0]).toMatchObject({ number: 1, status: 'draft' });
    const exported = await admin.get(`/api/v1/instruments/${instrument.id}/versions/1/xlsform`);
    expect(exported.headers['content-type']).toContain('spreadsheetml');
  });

  it('answers unsupported features row by row in the user language, and creates nothing', async () => {
    const before = (await admin.get('/api/v1/instruments')).json().total;
    const file = await xlsx([
      ['type', 'name', 'label'],
      ['osm', 'building', 'Building'],
      ['integer', 'age', 'Age'],
    ]);
    const rejected = await upload(file);
    expect(rejected.statusCode).toBe(400);
    expect(rejected.json().errors).toEqual([{ sheet: 'survey', row: 2, column: 'type', message: '„ერთად“ მხარს არ უჭერს „osm“-ს' }]);
    expect((await admin.get('/api/v1/instruments')).json().total).toBe(before);
  });

  it('a form with repeats imports, publishes, and is validated and scored per instance on submission', async () => {
    const withCount = await workbook({
      survey: [
        ['type', 'name', 'label', 'relevant', 'required', 'ertad_scored', 'calculation'],
        ['begin repeat', 'member', 'Member'],
        ['integer', 'age', 'Age', '', 'yes', 'yes'],
        ['select_one yn', 'school', 'In school?', '${age} < 18', 'yes'],
        ['end repeat'],
        ['calculate', 'members', '', '', '', '', 'count(${member})'],
      ],
      choices: [['list_name', 'name', 'label'], ['yn', 'yes', 'Yes'], ['yn', 'no', 'No']],
      settings: [['form_id'], ['repeat_household']],
    });
    const imported = await upload(withCount);
    expect(imported.statusCode).toBe(201);
    const instrument = imported.json().instrument;
    expect((await admin.post(`/api/v1/instruments/${instrument.id}/publish`, { version: instrument.versions[0].version })).statusCode).toBe(200);

    const manager = await loginAs(t.app, 'cso_manager');
    const me = (await manager.get('/api/v1/me')).json();
    const { response } = (await manager.post('/api/v1/responses', { instrumentId: instrument.id, organisationId: me.user.organisation.id })).json();
    const answers = { member: 2, 'member[1]/age': '40', 'member[1]/school': 'no', 'member[2]/age': '12', 'member[3]/age': '5' };
    const bad = await manager.post(`/api/v1/responses/${response.id}/submit`, { answers, version: response.version });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'answers.member[2]/school', message: 'ამ კითხვას პასუხი სჭირდება' }]);
    const ok = await manager.post(`/api/v1/responses/${response.id}/submit`, { answers: { ...answers, 'member[2]/school': 'yes' }, version: response.version });
    expect(ok.statusCode).toBe(200);
    // Hidden answers and instances beyond the count are not kept.
    expect(ok.json().response.answers).toEqual({ member: 2, 'member[1]/age': '40', 'member[2]/age': '12', 'member[2]/school': 'yes' });
    expect(ok.json().response.score.overall).toBe(26);
  });

  it('importing a form_id that exists says how to import it as a new version, and creates nothing', async () => {
    const file = await workbook({ survey: [['type', 'name', 'label'], ['text', 'a', 'A']], settings: [['form_id', 'form_title'], ['Twice_Imported', 'Twice']] });
    const first = await upload(file);
    expect(first.statusCode).toBe(201);
    const before = (await admin.get('/api/v1/instruments')).json().total;
    const again = await upload(file);
    expect(again.statusCode).toBe(400);
    expect(again.json().errors).toEqual([{ sheet: 'settings', row: 2, column: 'form_id', message: expect.stringContaining('XLSForm-ის ატვირთვა სამუშაო ვერსიაში') }]);
    // It names the form_id as the file writes it, and the way it points to works.
    expect(again.json().errors[0].message).toContain('Twice_Imported');
    expect((await admin.get('/api/v1/instruments')).json().total).toBe(before);
    const asNewVersion = await upload(file, `?instrumentId=${first.json().instrument.id}`);
    expect(asNewVersion.statusCode).toBe(200);
    expect(asNewVersion.json().errors).toEqual([]);
  });

  it('imports a form with a list of 2,000 villages through the upload', async () => {
    const villages: (string | number)[][] = [['list_name', 'name', 'label::Georgian (ka)', 'label::English (en)', 'district']];
    for (let i = 1; i <= 2000; i++) villages.push(['village', `v${i}`, `სოფელი ${i}`, `Village ${i}`, `d${i % 12}`]);
    const file = await workbook({
      survey: [['type', 'name', 'label::English (en)', 'choice_filter'], ['select_one district', 'district', 'District'], ['select_one village', 'village', 'Village', 'district = ${district}']],
      choices: [...villages, ...Array.from({ length: 12 }, (_, i) => ['district', `d${i}`, `რაიონი ${i}`, `District ${i}`])],
      settings: [['form_id'], ['villages_2000']],
    });
    const r = await upload(file);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(201);
    expect(r.json().errors).toEqual([]);
    const version = (await admin.get(`/api/v1/instruments/${r.json().instrument.id}/versions/1`)).json();
    expect(version.definition.choiceLists.village).toHaveLength(2000);
  });

  it('replaces the draft of an existing instrument', async () => {
    const { id } = await newInstrument('replace_me', definitionWith(question('old')));
    const replaced = await upload(await xlsx([['type', 'name', 'label'], ['text', 'fresh', 'Fresh']]), `?instrumentId=${id}`);
    expect(replaced.statusCode).toBe(200);
    expect((await admin.get(`/api/v1/instruments/${id}/versions/1`)).json().definition.items[0].name).toBe('fresh');
  });
});

describe('file and photo answers', () => {
  it('stores uploads for file and photo questions, checks them on submission, and audits downloads', async () => {
    const { id, draft } = await newInstrument('home_visit_files', {
      items: [
        { kind: 'question', type: 'file', name: 'report', label: { ka: 'ანგარიში', en: 'Report' }, required: true },
        { kind: 'question', type: 'image', name: 'ramp', label: { ka: 'პანდუსის ფოტო', en: 'Photo of the ramp' } },
      ],
      choiceLists: {},
      settings: {},
    });
    await admin.post(`/api/v1/instruments/${id}/publish`, { version: draft.version });
    const manager = await loginAs(t.app, 'cso_manager');
    const me = (await manager.get('/api/v1/me')).json();
    const started = (await manager.post('/api/v1/responses', { instrumentId: id, organisationId: me.user.organisation.id })).json().response;
    const send = (question: string, data: Buffer, name: string, type: string) => {
      const { payload, contentType } = multipartFile(data, name, type);
      return manager.raw({ method: 'POST', url: `/api/v1/responses/${started.id}/attachments?question=${question}`, payload, headers: { 'content-type': contentType } });
    };

    const notPhoto = await send('ramp', Buffer.from('text'), 'ramp.txt', 'text/plain');
    expect(notPhoto.statusCode).toBe(400);
    expect(notPhoto.json().errors[0].field).toBe('file');
    expect((await send('nosuch', Buffer.from('x'), 'x.txt', 'text/plain')).statusCode).toBe(400);

    const report = await send('report', Buffer.from('ვიზიტის ოქმი'), 'ოქმი.txt', 'text/plain');
    expect(report.statusCode).toBe(201);
    expect(report.json()).toMatchObject({ question: 'report', filename: 'ოქმი.txt', size: Buffer.byteLength('ვიზიტის ოქმი') });
    expect((await manager.get(`/api/v1/responses/${started.id}/attachments`)).json()).toHaveLength(1);

    const forged = await manager.post(`/api/v1/responses/${started.id}/submit`, { answers: { report: '00000000-0000-4000-8000-000000000000' }, version: started.version });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0].field).toBe('answers.report');
    const ok = await manager.post(`/api/v1/responses/${started.id}/submit`, { answers: { report: report.json().id }, version: started.version });
    expect(ok.statusCode).toBe(200);

    const download = await manager.get(`/api/v1/attachments/${report.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.toString('utf8')).toBe('ვიზიტის ოქმი');
    expect(download.headers['content-disposition']).toContain("filename*=UTF-8''");
    const reads = (await admin.get(`/api/v1/audit?entityType=attachment&entityId=${report.json().id}`)).json();
    expect(reads.items[0]).toMatchObject({ action: 'read', actorEmail: 'cso.manager@demo.ertad.ge' });
  });
});
