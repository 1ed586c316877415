import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, programmeToday } from '../../server/calendar';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, type Factories, type TwoCsos } from '../support/factories';

// Mentoring, supervision and support records as a mentor and programme staff keep them: what a
// record of something held may say (a day that has come, in Tbilisi; a duration a visit can
// last), how a wrongly entered one is deleted, and what the mentoring export carries.

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let admin: Client;
let english: Client;
let mentor: Client;

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  admin = f.admin;
  world = await f.twoCsos();
  mentor = await world.mentor.login();
  english = await f.user(world.consortium.id, ['admin']).then((u) => u.login());
  expect((await english.patch('/api/v1/me', { language: 'en' })).statusCode).toBe(200);
}, 120_000);
afterAll(() => t?.close());
afterEach(() => vi.useRealTimers());

const mentoring = (overrides: Record<string, unknown> = {}) => ({ organisationId: world.a.cso.id, heldOn: '2026-03-01', format: 'in_person', durationMinutes: 60, ...overrides });
const supervision = (overrides: Record<string, unknown> = {}) => ({ organisationId: world.a.cso.id, supervisor: 'ნინო ბერიძე', supervisee: 'ლევან მაისურაძე', heldOn: '2026-03-01', durationMinutes: 60, type: 'individual', ...overrides });
const support = (overrides: Record<string, unknown> = {}) => ({ organisationId: world.a.cso.id, category: 'it', description: 'Laptop', value: 900, currency: 'GEL', ...overrides });

/** The field errors of a refused request, which must be a problem+json 400. */
function refused(res: { statusCode: number; headers: Record<string, unknown>; body: string; json: () => { errors?: unknown } }) {
  expect(res.statusCode, res.body).toBe(400);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  return res.json().errors;
}

describe('a record of something held', () => {
  it('is refused when dated after today or before 2000, with the field named in both languages', async () => {
    const tomorrow = addDays(programmeToday(), 1);
    for (const [path, body] of [['mentoring', mentoring], ['supervision', supervision]] as const) {
      expect(refused(await mentor.post(`/api/v1/capacity/${path}`, body({ heldOn: '2099-01-01' }))), path).toEqual([{ field: 'heldOn', message: 'შეხვედრის თარიღი დღევანდელზე გვიანი ვერ იქნება' }]);
      expect(refused(await english.post(`/api/v1/capacity/${path}`, body({ heldOn: tomorrow }))), path).toEqual([{ field: 'heldOn', message: 'A session cannot be dated after today' }]);
      expect(refused(await english.post(`/api/v1/capacity/${path}`, body({ heldOn: '1900-01-01' }))), path).toEqual([{ field: 'heldOn', message: 'Check the year: capacity records start on 1 January 2000' }]);
      expect(refused(await mentor.post(`/api/v1/capacity/${path}`, body({ heldOn: '1999-12-31' }))), path).toEqual([{ field: 'heldOn', message: expect.stringContaining('2000 წლის 1 იანვრიდან') }]);
      // The edges are records: the floor itself, and today.
      for (const heldOn of ['2000-01-01', programmeToday()]) expect((await admin.post(`/api/v1/capacity/${path}`, body({ heldOn }))).statusCode, `${path} ${heldOn}`).toBe(201);
    }
    const list = (await admin.get(`/api/v1/capacity/mentoring?organisationId=${world.a.cso.id}&pageSize=100`)).json();
    expect(list.items.map((m: { heldOn: string }) => m.heldOn).every((d: string) => d <= programmeToday())).toBe(true);
  });

  it('a correction cannot move it into the future either', async () => {
    for (const [path, body] of [['mentoring', mentoring], ['supervision', supervision]] as const) {
      const created = (await mentor.post(`/api/v1/capacity/${path}`, body())).json();
      expect(refused(await english.patch(`/api/v1/capacity/${path}/${created.id}`, { heldOn: '2099-12-31', version: created.version })), path).toEqual([{ field: 'heldOn', message: 'A session cannot be dated after today' }]);
      expect(refused(await english.patch(`/api/v1/capacity/${path}/${created.id}`, { heldOn: '1900-01-01', version: created.version })), path).toEqual([{ field: 'heldOn', message: expect.stringContaining('1 January 2000') }]);
      expect((await admin.get(`/api/v1/capacity/${path}?organisationId=${world.a.cso.id}&pageSize=100`)).json().items.find((r: { id: string }) => r.id === created.id).heldOn).toBe('2026-03-01');
    }
  });

  it('counts the day in Tbilisi: just after midnight there, the UTC date is still the day before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-10T21:30:00Z')); // 01:30 on 11 March in Tbilisi
    expect((await mentor.post('/api/v1/capacity/mentoring', mentoring({ heldOn: '2026-03-11' }))).statusCode).toBe(201);
    expect(refused(await mentor.post('/api/v1/capacity/mentoring', mentoring({ heldOn: '2026-03-12' })))).toEqual([{ field: 'heldOn', message: expect.any(String) }]);
  });

  it('lasts at least a minute and at most 12 hours: 0 or 721 minutes is refused, never changed', async () => {
    for (const [path, body] of [['mentoring', mentoring], ['supervision', supervision]] as const) {
      for (const durationMinutes of [0, -5, 721, 1440]) {
        expect(refused(await english.post(`/api/v1/capacity/${path}`, body({ durationMinutes }))), `${path} ${durationMinutes}`).toEqual([{ field: 'durationMinutes', message: 'A session lasts from 1 minute to 12 hours (720 minutes)' }]);
      }
      expect(refused(await mentor.post(`/api/v1/capacity/${path}`, body({ durationMinutes: 0 }))), path).toEqual([{ field: 'durationMinutes', message: 'შეხვედრა გრძელდება 1 წუთიდან 12 საათამდე (720 წუთი)' }]);
      for (const durationMinutes of [1, 720]) {
        const ok = await admin.post(`/api/v1/capacity/${path}`, body({ durationMinutes }));
        expect(ok.statusCode, ok.body).toBe(201);
        expect(ok.json().durationMinutes).toBe(durationMinutes);
      }
    }
  });

  it('support is not delivered after today or before 2000; not yet delivered (no date) stays allowed', async () => {
    expect(refused(await english.post('/api/v1/capacity/support', support({ deliveredOn: '2099-12-31' })))).toEqual([{ field: 'deliveredOn', message: 'Support cannot be dated after today: leave the date empty until it is delivered' }]);
    expect(refused(await english.post('/api/v1/capacity/support', support({ deliveredOn: '1900-01-01' })))).toEqual([{ field: 'deliveredOn', message: 'Check the year: capacity records start on 1 January 2000' }]);
    for (const deliveredOn of [null, programmeToday()]) expect((await admin.post('/api/v1/capacity/support', support({ deliveredOn }))).statusCode).toBe(201);
  });
});

describe('a wrongly entered record', () => {
  it('is deleted by whoever may correct it: gone from the list and the hours, audited with what it said; another CSO\'s is a 404', async () => {
    const managerA = await world.a.manager.login();
    const managerB = await world.b.manager.login();
    const before = (await admin.get(`/api/v1/capacity/organisations/${world.a.cso.id}/report`)).json();
    const visit = (await mentor.post('/api/v1/capacity/mentoring', mentoring({ durationMinutes: 600, topics: 'typed on the wrong CSO', notes: 'private' }))).json();
    const supervised = (await managerA.post('/api/v1/capacity/supervision', supervision({ supervisee: 'Wrong name' }))).json();
    const delivered = (await admin.post('/api/v1/capacity/support', support({ description: 'Duplicate laptop' }))).json();
    expect((await admin.get(`/api/v1/capacity/organisations/${world.a.cso.id}/report`)).json().mentoringSessions).toBe(before.mentoringSessions + 1);

    // Out of the write scope it does not exist; a CSO manager may not delete a mentor's visit (403), nor support.
    expect((await managerB.request('DELETE', `/api/v1/capacity/mentoring/${visit.id}`)).statusCode).toBe(403);
    expect((await managerB.request('DELETE', `/api/v1/capacity/supervision/${supervised.id}`)).statusCode).toBe(404);
    expect((await managerA.request('DELETE', `/api/v1/capacity/support/${delivered.id}`)).statusCode).toBe(403);

    for (const [client, path, id] of [[mentor, 'mentoring', visit.id], [managerA, 'supervision', supervised.id], [admin, 'support', delivered.id]] as const) {
      const gone = await client.request('DELETE', `/api/v1/capacity/${path}/${id}`);
      expect(gone.statusCode, gone.body).toBe(204);
      expect((await client.request('DELETE', `/api/v1/capacity/${path}/${id}`)).statusCode, path).toBe(404);
      const list = (await admin.get(`/api/v1/capacity/${path}?organisationId=${world.a.cso.id}&pageSize=100`)).json();
      expect(list.items.map((r: { id: string }) => r.id), path).not.toContain(id);
    }
    const after = (await admin.get(`/api/v1/capacity/organisations/${world.a.cso.id}/report`)).json();
    expect(after).toMatchObject({ mentoringSessions: before.mentoringSessions, mentoringHours: before.mentoringHours, supervisionHours: before.supervisionHours });

    const entry = (await admin.get(`/api/v1/audit?entityId=${visit.id}&action=delete`)).json().items[0];
    expect(entry).toMatchObject({ action: 'delete', entityType: 'mentoring_session', changes: { heldOn: { from: '2026-03-01' }, durationMinutes: { from: 600 }, topics: { from: 'typed on the wrong CSO' } } });
    expect(entry.changes).not.toHaveProperty('notes');
    expect((await admin.get(`/api/v1/audit?entityId=${supervised.id}&action=delete`)).json().items[0]).toMatchObject({ entityType: 'supervision_session', changes: { supervisee: { from: 'Wrong name' } } });
    expect((await admin.get(`/api/v1/audit?entityId=${delivered.id}&action=delete`)).json().items[0]).toMatchObject({ entityType: 'support_item', changes: { description: { from: 'Duplicate laptop' } } });
  });
});

describe('the mentoring export', () => {
  it('carries the whole notes and the linked plan actions in their own words, in CSV and XLSX', async () => {
    const action = (await admin.post('/api/v1/capacity/plan-actions', { organisationId: world.a.cso.id, subArea: 'finance_audit', action: 'ბიუჯეტის პოლიტიკის შემუშავება' })).json();
    const other = (await admin.post('/api/v1/capacity/plan-actions', { organisationId: world.a.cso.id, subArea: 'hr_staffing', action: 'Hire a finance officer' })).json();
    // 2,000 characters, with a line break, a quote and a comma a CSV must keep inside the cell.
    const notes = `${'ა'.repeat(995)}\n"quoted", ${'b'.repeat(994)}`;
    expect(notes).toHaveLength(2000);
    const created = await mentor.post('/api/v1/capacity/mentoring', mentoring({ heldOn: '2026-02-14', topics: 'export-notes', notes, planActionIds: [action.id, other.id] }));
    expect(created.statusCode, created.body).toBe(201);

    const csv = await english.get(`/api/v1/capacity/mentoring/export?format=csv&organisationId=${world.a.cso.id}`);
    expect(csv.statusCode).toBe(200);
    const text = csv.body.replace(/^\ufeff/, '');
    const header = text.split('\r\n')[0]!;
    expect(header).toContain('"Linked plan actions"');
    expect(header).toContain('"Notes"');
    expect(text).toContain(`"${notes.replace(/"/g, '""')}"`);
    expect(text).toContain('"ბიუჯეტის პოლიტიკის შემუშავება; Hire a finance officer"');

    const xlsx = await english.get(`/api/v1/capacity/mentoring/export?format=xlsx&organisationId=${world.a.cso.id}`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => (r.values as unknown[]).includes('export-notes'))!;
    expect(row.getCell(headers.indexOf('Notes')).value).toBe(notes);
    expect(row.getCell(headers.indexOf('Linked plan actions')).value).toBe('ბიუჯეტის პოლიტიკის შემუშავება; Hire a finance officer');
  });
});
