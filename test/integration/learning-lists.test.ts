import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/db/client';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, unique, type Factories, type TwoCsos } from '../support/factories';

// Learning lists: the staff register kept in the app (versioned edits, messages in the user's
// language), enrolment and certificate exports limited to what the reader may see and audited,
// and pages presented without a query per row.

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let pm: Client;
let managerA: Client;
let managerB: Client;
let workerA: Client;
let donor: Client;
let moduleId: string;

function expectOk(r: { statusCode: number; body: string }, status = 200) {
  expect(r.statusCode, r.body).toBe(status);
}

/** The data lines of a CSV export (BOM and header left out). */
const csvLines = (body: string) => body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1);

async function exportsRecorded(entityType: string): Promise<{ rows: number; filter: unknown }[]> {
  const found = await queryRows<{ changes: { rows: { to: number }; filter: { to: unknown } } }>(
    t.database.db,
    sql`select changes from audit_log where action = 'export' and entity_type = ${entityType} order by id`,
  );
  return found.map((r) => ({ rows: r.changes.rows.to, filter: r.changes.filter.to }));
}

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
  pm = await (await f.user(world.consortium.id, ['programme_manager'])).login();
  managerA = await world.a.manager.login();
  managerB = await world.b.manager.login();
  workerA = await world.a.caseWorker.login();
  donor = await (await f.user((await f.organisation('donor')).id, ['viewer'])).login();

  const pkg = await pm.post('/api/v1/learning/packages', { code: `pkg_${unique()}`, titleKa: 'პაკეტი', titleEn: 'Package', published: true });
  const mod = await pm.post('/api/v1/learning/modules', { packageId: pkg.json().id, code: `mod_${unique()}`, titleKa: 'ფინანსური ანგარიშგება', titleEn: 'Financial reporting', hours: 2, published: true });
  moduleId = mod.json().id;
  const lesson = await pm.post(`/api/v1/learning/modules/${moduleId}/lessons`, { titleKa: 'გაკვეთილი', titleEn: 'Lesson', bodyKa: 'ტექსტი' });
  expectOk(await pm.post(`/api/v1/learning/lessons/${lesson.json().id}/publish`, { version: lesson.json().version }));

  // Three people at each CSO, each enrolled; one per CSO completes the module (a certificate).
  for (const [cso, org] of [['A', world.a.cso.id], ['B', world.b.cso.id]] as const) {
    for (let i = 0; i < 3; i++) {
      const person = await pm.post('/api/v1/learning/staff', { organisationId: org, givenName: `${cso}სახელი${i}`, surname: `${cso}გვარი${i}`, sex: 'female', birthYear: 1985 + i });
      expectOk(person, 201);
      const e = await pm.post('/api/v1/learning/enrolments', { moduleId, staffId: person.json().id });
      expectOk(e, 201);
      if (i === 0) {
        expectOk(await pm.post(`/api/v1/learning/enrolments/${e.json().id}/lessons/${lesson.json().id}`, { completed: true }));
        expectOk(await pm.post(`/api/v1/learning/enrolments/${e.json().id}/complete`));
      }
    }
  }
}, 180_000);
afterAll(async () => t?.close());

describe('staff register kept in the app', () => {
  it('creates and edits a person with versioned updates: a stale version is a 409, bad input a 400 in the reader\'s language', async () => {
    const created = await managerA.post('/api/v1/learning/staff', {
      organisationId: world.a.cso.id,
      givenName: 'თამარ',
      surname: 'კაპანაძე',
      sex: 'female',
      birthYear: 1990,
      position: 'სოციალური მუშაკი',
      email: 'tamar@example.ge',
      phone: '+995 555 00 00 00',
      wg: { seeing: 1, walking: 3 },
    });
    expectOk(created, 201);
    const person = created.json();
    expect(person).toMatchObject({ disability: true, wg: { seeing: 1, walking: 3 } });
    const edited = await managerA.patch(`/api/v1/learning/staff/${person.id}`, { position: 'კოორდინატორი', wg: { seeing: 1 }, version: person.version });
    expectOk(edited);
    expect(edited.json()).toMatchObject({ position: 'კოორდინატორი', disability: false, version: person.version + 1 });
    // Someone else's change in the meantime: the old version is refused, nothing is written.
    const stale = await managerA.patch(`/api/v1/learning/staff/${person.id}`, { position: 'დირექტორი', version: person.version });
    expect(stale.statusCode).toBe(409);
    expect((await managerA.get(`/api/v1/learning/staff/${person.id}`)).json().position).toBe('კოორდინატორი');
    const bad = await managerA.patch(`/api/v1/learning/staff/${person.id}`, { birthYear: 1800, email: 'not-an-email', version: edited.json().version });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['birthYear', 'email']);
    for (const e of bad.json().errors as { message: string }[]) expect(e.message).toMatch(/[\u10D0-\u10FF]/);
    // The same in English for a user who reads English; a 409 too.
    const english = await (await f.user(world.a.cso.id, ['cso_manager'])).login();
    expectOk(await english.patch('/api/v1/me', { language: 'en' }));
    const badEn = await english.patch(`/api/v1/learning/staff/${person.id}`, { email: 'not-an-email', version: edited.json().version });
    expect(badEn.json().errors).toEqual([{ field: 'email', message: 'Enter a valid email address' }]);
    const staleEn = await english.patch(`/api/v1/learning/staff/${person.id}`, { position: 'x', version: person.version });
    expect(staleEn.statusCode).toBe(409);
    expect(staleEn.json().title).toMatch(/^[\x20-\x7E]+$/);
    // A case worker reads the register but does not keep it; another CSO's manager does not reach it.
    expect((await workerA.patch(`/api/v1/learning/staff/${person.id}`, { position: 'x', version: edited.json().version })).statusCode).toBe(403);
    expect((await managerB.patch(`/api/v1/learning/staff/${person.id}`, { position: 'x', version: edited.json().version })).statusCode).toBe(404);
  });
});

describe('exports', () => {
  it('streams the staff register as CSV within the reader\'s organisations, and records the export', async () => {
    const before = (await exportsRecorded('learning_staff')).length;
    const csv = await managerB.get('/api/v1/learning/staff/export?format=csv');
    expectOk(csv);
    const lines = csvLines(csv.body);
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.includes('Bგვარი'))).toBe(true);
    const recorded = await exportsRecorded('learning_staff');
    expect(recorded.slice(before)).toEqual([{ rows: 3, filter: { q: null, organisationId: null } }]);
  });

  it("names the organisation in the reader's language", async () => {
    const org = (await f.admin.get(`/api/v1/organisations/${world.b.cso.id}`)).json();
    expectOk(await f.admin.patch(`/api/v1/organisations/${world.b.cso.id}`, { nameKa: 'ბათუმის ინკლუზიური ცენტრი', nameEn: 'Batumi Inclusion Centre', version: org.version }));
    try {
      const georgian = csvLines((await managerB.get('/api/v1/learning/staff/export?format=csv')).body);
      expect(georgian.every((l) => l.includes('ბათუმის ინკლუზიური ცენტრი') && !l.includes('Batumi'))).toBe(true);
      const english = await (await f.user(world.b.cso.id, ['cso_manager'])).login();
      expectOk(await english.patch('/api/v1/me', { language: 'en' }));
      expect(csvLines((await english.get('/api/v1/learning/staff/export?format=csv')).body).every((l) => l.includes('Batumi Inclusion Centre'))).toBe(true);
    } finally {
      const now = (await f.admin.get(`/api/v1/organisations/${world.b.cso.id}`)).json();
      expectOk(await f.admin.patch(`/api/v1/organisations/${world.b.cso.id}`, { nameKa: org.nameKa, nameEn: org.nameEn, version: now.version }));
    }
  });

  it('exports enrolments and certificates only as far as the reader follows learners', async () => {
    // Completed at 01:30 on 2 March in Tbilisi, still 1 March in UTC: the day written is Tbilisi's.
    await queryRows(t.database.db, sql`update learning_enrolments set completed_at = '2026-03-01T21:30:00Z' where completed_at is not null`);
    for (const [client, prefix] of [[managerA, 'Aსახელი'], [managerB, 'Bსახელი']] as const) {
      const enrolled = await client.get('/api/v1/learning/enrolments/export?format=csv');
      expectOk(enrolled);
      const lines = csvLines(enrolled.body);
      expect(lines).toHaveLength(3);
      expect(lines.every((l) => l.includes(prefix) && l.includes('ფინანსური ანგარიშგება'))).toBe(true);
      expect(lines.filter((l) => l.includes('"დასრულებული"'))).toHaveLength(1);
      expect(lines.find((l) => l.includes('"დასრულებული"'))).toMatch(/"2026-03-02"$/);
      const certificates = await client.get('/api/v1/learning/certificates/export?format=csv');
      expectOk(certificates);
      const certificateLines = csvLines(certificates.body);
      expect(certificateLines).toHaveLength(1);
      expect(certificateLines[0]).toContain(prefix);
      expect(certificateLines[0]).toMatch(/"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}"/);
    }
    // Programme staff follow everyone: six enrolments, two certificates, as a workbook too.
    const xlsx = await pm.get('/api/v1/learning/enrolments/export?format=xlsx');
    expectOk(xlsx);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.rowCount).toBe(7);
    expect(csvLines((await pm.get('/api/v1/learning/certificates/export?format=csv')).body)).toHaveLength(2);
    // A colleague (no learner's progress of others) and the donor export nothing personal.
    for (const client of [workerA, donor]) {
      expect(csvLines((await client.get('/api/v1/learning/enrolments/export?format=csv')).body)).toHaveLength(0);
      expect(csvLines((await client.get('/api/v1/learning/certificates/export?format=csv')).body)).toHaveLength(0);
    }
    expect((await exportsRecorded('learning_enrolment')).map((r) => r.rows)).toEqual([3, 3, 6, 0, 0]);
    expect((await exportsRecorded('learning_certificate')).map((r) => r.rows)).toEqual([1, 1, 2, 0, 0]);
  });
});

describe('queries per page', () => {
  /** The statements one request sends. */
  async function statements(client: Client, url: string): Promise<string[]> {
    const seen: string[] = [];
    const stop = t.database.onQuery((query) => seen.push(query));
    try {
      expectOk(await client.get(url));
    } finally {
      stop();
    }
    return seen;
  }

  it('sends as many queries for a page of 50 as for a page of 1 (no query per row)', async () => {
    // Enrolments in three modules: a page's lessons are read for all its modules at once.
    const person = await pm.post('/api/v1/learning/staff', { organisationId: world.a.cso.id, givenName: 'მრავალი', surname: 'მოდული', sex: 'male' });
    for (let i = 0; i < 2; i++) {
      const extra = await pm.post('/api/v1/learning/modules', { packageId: (await pm.get(`/api/v1/learning/modules/${moduleId}`)).json().packageId, code: `extra_${unique()}`, titleKa: `დამატებითი ${i}`, titleEn: `Extra ${i}`, published: true });
      const lesson = await pm.post(`/api/v1/learning/modules/${extra.json().id}/lessons`, { titleKa: 'გ', titleEn: 'L', bodyKa: 'ტ' });
      expectOk(await pm.post(`/api/v1/learning/lessons/${lesson.json().id}/publish`, { version: lesson.json().version }));
      expectOk(await pm.post('/api/v1/learning/enrolments', { moduleId: extra.json().id, staffId: person.json().id }), 201);
    }
    for (const path of ['/api/v1/learning/staff', '/api/v1/learning/enrolments', '/api/v1/learning/certificates']) {
      const one = await statements(pm, `${path}?pageSize=1`);
      const many = await statements(pm, `${path}?pageSize=50`);
      expect(many.length, `${path}: ${many.map((s) => s.slice(0, 60)).join(' | ')}`).toBe(one.length);
    }
    // And a CSO manager, whose disability answers are decided per row from the reach resolved once.
    const one = await statements(managerA, '/api/v1/learning/staff?pageSize=1');
    const many = await statements(managerA, '/api/v1/learning/staff?pageSize=50');
    expect(many.length).toBe(one.length);
  });
});
