import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { toGeoJson } from '../../common/instruments/geo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { answersExportQuery } from '../../common/schemas/answers';
import type { Actor } from '../../server/access/actor';
import { programmeToday } from '../../server/calendar';
import { Gateway } from '../../server/access/gateway';
import { auditLog, instrumentVersions, organisations, responses, users } from '../../server/db/schema';
import { exportAnswers } from '../../server/features/responses/answers-export';
import type { Client, TestApp } from '../support/app';
import { BARE_ADMIN_EMAIL, factories, startBareTestApp, type Factories, type TwoCsos } from '../support/factories';

// The answers of one instrument out (spreadsheets, in scope, audited) and in view (the summary,
// with small counts hidden from readers outside the owning organisations).

let t: TestApp;
let f: Factories;
let csos: TwoCsos;
let instrumentId: string;

const en = (text: string) => ({ ka: `ქ ${text}`, en: text });
const DEFINITION = {
  items: [
    {
      kind: 'group',
      name: 'gov',
      label: en('Governance'),
      items: [
        { kind: 'question', type: 'select_one', name: 'board', label: en('Board meets'), listName: 'freq', required: true },
        { kind: 'question', type: 'select_multiple', name: 'tools', label: en('Tools'), listName: 'tools' },
      ],
    },
    { kind: 'question', type: 'integer', name: 'staff', label: en('Staff') },
    { kind: 'question', type: 'date', name: 'since', label: en('Since') },
    { kind: 'question', type: 'text', name: 'note', label: en('Comment') },
  ],
  choiceLists: {
    freq: [
      { name: 'never', label: en('Never'), score: 0 },
      { name: 'often', label: en('Often'), score: 4 },
    ],
    tools: [
      { name: 'plan', label: en('Plan') },
      { name: 'audit', label: en('Audit') },
      { name: 'web', label: en('Website') },
    ],
  },
  scoring: { method: 'mean', bands: [{ min: 0, max: 2, label: en('Low') }, { min: 2.01, max: 4, label: en('High') }] },
  settings: {},
};

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  csos = await f.twoCsos();
  instrumentId = (await f.publishedInstrument(DEFINITION, { purpose: 'survey' })).id;
  // Six in A (so A's counts are not small), two in B.
  for (let i = 0; i < 6; i += 1) {
    await f.response(instrumentId, csos.a.cso.id, { submit: true, label: `A${i}`, answers: { board: i < 4 ? 'often' : 'never', tools: i === 0 ? 'plan web' : 'plan', staff: 10 + i, since: '2024-03-0' + (i + 1), note: '=1+1' } });
  }
  for (let i = 0; i < 2; i += 1) await f.response(instrumentId, csos.b.cso.id, { submit: true, label: `B${i}`, answers: { board: 'never', staff: 3 } });
  await f.response(instrumentId, csos.a.cso.id, { label: 'draft', answers: { board: 'often' } });
}, 120_000);
afterAll(() => t?.close());

async function workbook(client: Client, query: string) {
  const r = await client.raw({ method: 'GET', url: `/api/v1/instruments/${instrumentId}/answers?${query}` });
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
  return { book, sheet: book.worksheets[0]!, response: r };
}

function rowValues(sheet: ExcelJS.Worksheet, n: number): unknown[] {
  return (sheet.getRow(n).values as unknown[]).slice(1);
}

describe('answers export', () => {
  it('gives one row per submitted response and one column per question in form order, as labels', async () => {
    const { sheet, response } = await workbook(f.admin, 'format=xlsx&labels=en');
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['x-total-count']).toBe('8');
    const headers = rowValues(sheet, 1) as string[];
    const start = headers.indexOf('Governance / Board meets');
    expect(headers.slice(start, start + 9)).toEqual([
      'Governance / Board meets',
      'Governance / Tools',
      'Governance / Tools: Plan',
      'Governance / Tools: Audit',
      'Governance / Tools: Website',
      'Staff',
      'Since',
      'Comment',
      'Score: Governance',
    ]);
    expect(headers).toEqual(expect.arrayContaining(['Response ID', 'Organisation', 'Filled in by', 'Submitted (Tbilisi time)', 'Score', 'Level']));
    expect(sheet.rowCount).toBe(1 + 8);
    const a0 = [...Array(sheet.rowCount + 1).keys()].slice(2).map((n) => rowValues(sheet, n)).find((r) => r.includes('A0'))!;
    const cell = (h: string) => a0[headers.indexOf(h)];
    expect(cell('Governance / Board meets')).toBe('Often');
    expect(cell('Governance / Tools')).toBe('Plan; Website');
    expect([cell('Governance / Tools: Plan'), cell('Governance / Tools: Audit'), cell('Governance / Tools: Website')]).toEqual([1, 0, 1]);
    expect(cell('Staff')).toBe(10);
    expect(cell('Since')).toBeInstanceOf(Date);
    expect((cell('Since') as Date).toISOString().slice(0, 10)).toBe('2024-03-01');
    expect(cell('Score')).toBe(4);
    expect(cell('Level')).toBe('High');
    expect(cell('Organisation')).toBe(csos.a.cso.nameEn);
    // When it was submitted: a date-time cell holding Tbilisi's clock (UTC+4), as the UI shows it.
    const [{ submittedAt }] = (await t.database.db.select({ submittedAt: responses.submittedAt }).from(responses).where(eq(responses.label, 'A0'))) as [{ submittedAt: Date }];
    expect(cell('Submitted (Tbilisi time)')).toEqual(new Date(submittedAt.getTime() + 4 * 3_600_000));
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
  });

  it('writes Georgian labels by default for a Georgian reader', async () => {
    const { sheet } = await workbook(f.admin, 'format=xlsx');
    expect(rowValues(sheet, 1)).toEqual(expect.arrayContaining(['ქ Governance / ქ Board meets', 'ორგანიზაცია']));
  });

  it('exports XLSForm names and codes as CSV with a BOM, formulas neutralised', async () => {
    const r = await f.admin.get(`/api/v1/instruments/${instrumentId}/answers?format=csv&labels=names`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...lines] = r.body.slice(1).trim().split('\r\n');
    expect(header).toContain('"gov/board","gov/tools","gov/tools/plan","gov/tools/audit","gov/tools/web","staff","since","note"');
    expect(lines).toHaveLength(8);
    const a0 = lines.find((l) => l.includes('"A0"'))!;
    expect(a0).toContain('"often","plan web","1","0","1","10","2024-03-01"');
    expect(a0).toContain(`"'=1+1"`);
    // `_submitted` on Tbilisi's clock to the minute, as spreadsheets read a date-time.
    const [{ submittedAt }] = (await t.database.db.select({ submittedAt: responses.submittedAt }).from(responses).where(eq(responses.label, 'A0'))) as [{ submittedAt: Date }];
    const local = new Date(submittedAt.getTime() + 4 * 3_600_000).toISOString();
    expect(a0.split(',')[header!.split(',').indexOf('"_submitted"')]).toBe(`"${local.slice(0, 10)} ${local.slice(11, 16)}"`);
  });

  it('has a long (tidy) layout: one row per answer, one per picked choice', async () => {
    const r = await f.admin.get(`/api/v1/instruments/${instrumentId}/answers?format=csv&labels=names&layout=long`);
    const lines = r.body.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('"_id","_version","_organisation","_subject","_submitted","question","label","type","value","value_label","number"');
    const a0 = lines.filter((l) => l.includes('"A0"'));
    // board, tools×2, staff, since, note
    expect(a0).toHaveLength(6);
    expect(a0.filter((l) => l.includes('"tools"')).map((l) => l.split(',')[8])).toEqual(['"plan"', '"web"']);
  });

  it('leaves out what the reader may not see, refuses the donor, and is audited', async () => {
    const manager = await csos.a.manager.login();
    const r = await manager.get(`/api/v1/instruments/${instrumentId}/answers?format=csv&labels=names`);
    expect(r.statusCode).toBe(200);
    const lines = r.body.trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => l.includes(csos.a.cso.id) || l.includes('"A'))).toBe(true);
    expect(r.body).not.toContain('"B0"');
    const donorOrg = await f.organisation('donor');
    const donor = await (await f.user(donorOrg.id, ['viewer'])).login();
    expect((await donor.get(`/api/v1/instruments/${instrumentId}/answers`)).statusCode).toBe(403);
    const audited = await t.database.db.select().from(auditLog).where(sql`${auditLog.action} = 'export' and ${auditLog.entityType} = 'response'`);
    expect(audited.length).toBeGreaterThan(0);
  });

  it('answers a problem for an unknown instrument or version, before any byte of a file', async () => {
    expect((await f.admin.get(`/api/v1/instruments/00000000-0000-4000-8000-000000000000/answers`)).statusCode).toBe(404);
    const r = await f.admin.get(`/api/v1/instruments/${instrumentId}/answers?version=9`);
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect((await f.admin.get(`/api/v1/instruments/${instrumentId}/answers?layout=sideways`)).statusCode).toBe(400);
  });

  it('streams many responses in batches, every one exactly once', async () => {
    const large = (await f.publishedInstrument(DEFINITION, { purpose: 'survey' })).id;
    const [version] = await t.database.db.select({ id: instrumentVersions.id }).from(instrumentVersions).where(eq(instrumentVersions.instrumentId, large));
    const many = Array.from({ length: 1234 }, (_, i) => ({
      instrumentVersionId: version!.id,
      organisationId: csos.a.cso.id,
      label: `bulk${i}`,
      status: 'submitted' as const,
      submittedAt: new Date(),
      answers: { board: 'often', staff: i },
    }));
    await t.database.db.insert(responses).values(many);
    const r = await f.admin.get(`/api/v1/instruments/${large}/answers?format=csv&labels=names`);
    const lines = r.body.trim().split('\r\n').slice(1);
    expect(lines).toHaveLength(1234);
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(1234);
  });
});

describe('answers export with repeats', () => {
  // A household form: members (each with their visits, a repeat inside the repeat) and assets.
  const REPEATS = {
    items: [
      { kind: 'question', type: 'text', name: 'village', label: en('Village') },
      { kind: 'question', type: 'geopoint', name: 'home', label: en('Home') },
      {
        kind: 'group', name: 'member', label: en('Member'), repeat: true,
        items: [
          { kind: 'question', type: 'text', name: 'mname', label: en('Name') },
          { kind: 'question', type: 'integer', name: 'age', label: en('Age') },
          { kind: 'group', name: 'visit', label: en('Visit'), repeat: true, items: [{ kind: 'question', type: 'date', name: 'vdate', label: en('Visit date') }] },
        ],
      },
      { kind: 'group', name: 'asset', label: en('Asset'), repeat: true, items: [{ kind: 'question', type: 'text', name: 'item', label: en('Item') }] },
      { kind: 'question', type: 'select_multiple', name: 'water', label: en('Water'), listName: 'water', orOther: true },
      { kind: 'question', type: 'text', name: 'water_other', label: en('Specify other'), relevant: "selected(${water}, 'other')", otherOf: 'water' },
    ],
    choiceLists: { water: [{ name: 'well', label: en('Well') }, { name: 'tap', label: en('Tap') }] },
    settings: {},
  };
  let repeatsId: string;
  let code: string;

  beforeAll(async () => {
    const made = await f.publishedInstrument(REPEATS, { purpose: 'survey' });
    repeatsId = made.id;
    code = made.code;
    await f.response(repeatsId, csos.a.cso.id, {
      submit: true,
      label: 'H1',
      answers: {
        village: 'Sighnaghi', home: toGeoJson('geopoint', [{ lat: 41.7151, lon: 44.8271, alt: 490, accuracy: 12 }]), member: 2, 'member[1]/mname': 'Nino', 'member[1]/age': 30, 'member[1]/visit': 2,
        'member[1]/visit[1]/vdate': '2024-01-05', 'member[1]/visit[2]/vdate': '2024-02-06',
        'member[2]/mname': 'Giorgi', 'member[2]/age': 5, 'member[2]/visit': 0, asset: 1, 'asset[1]/item': 'cow', water: 'well other', water_other: 'river',
      },
    });
    await f.response(repeatsId, csos.a.cso.id, {
      submit: true,
      label: 'H2',
      answers: { village: 'Telavi', member: 1, 'member[1]/mname': 'Eka', 'member[1]/age': 41, 'member[1]/visit': 1, 'member[1]/visit[1]/vdate': '2024-03-07', asset: 0 },
    });
  });

  async function repeatBook() {
    const r = await f.admin.raw({ method: 'GET', url: `/api/v1/instruments/${repeatsId}/answers?format=xlsx&labels=names` });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    return book;
  }

  /** The sheet's rows as objects keyed by its headers. */
  function records(sheet: ExcelJS.Worksheet): Record<string, unknown>[] {
    const headers = rowValues(sheet, 1) as string[];
    return [...Array(sheet.rowCount - 1).keys()].map((i) => Object.fromEntries(headers.map((h, c) => [h, rowValues(sheet, i + 2)[c] ?? null])));
  }

  it('writes a sheet per repeat, nested ones too, each row linked to its parent row and its response', async () => {
    const book = await repeatBook();
    expect(book.worksheets.map((s) => s.name)).toEqual([code.slice(0, 31), 'member', 'visit', 'asset']);
    const main = records(book.worksheets[0]!);
    expect(main).toHaveLength(2);
    // Questions inside repeats are not (empty) columns of the main sheet.
    expect(Object.keys(main[0]!)).not.toContain('member/mname');
    const h1 = main.find((r) => r.village === 'Sighnaghi')!;
    const h2 = main.find((r) => r.village === 'Telavi')!;
    expect(main.map((r) => r._index).sort()).toEqual([1, 2]);
    // A location as Kobo exports it: the ODK text and a number per part.
    expect([h1.home, h1._home_latitude, h1._home_longitude, h1._home_altitude, h1._home_precision]).toEqual(['41.7151 44.8271 490 12', 41.7151, 44.8271, 490, 12]);
    expect([h2.home, h2._home_latitude]).toEqual([null, null]);
    // or_other: "Other" is a choice column of its own, next to the specify-other text.
    expect([h1.water, h1['water/well'], h1['water/tap'], h1['water/other'], h1.water_other]).toEqual(['well other', 1, 0, 1, 'river']);

    const members = records(book.getWorksheet('member')!);
    expect(Object.keys(members[0]!).slice(0, 4)).toEqual(['_index', '_parent_table_name', '_parent_index', '_submission_id']);
    expect(members.map((m) => m._index)).toEqual([1, 2, 3]);
    const of = (parent: Record<string, unknown>) => members.filter((m) => m._parent_index === parent._index);
    expect(of(h1).map((m) => [m['member/mname'], m['member/age'], m._submission_id, m._parent_table_name])).toEqual([
      ['Nino', 30, h1._id, code.slice(0, 31)],
      ['Giorgi', 5, h1._id, code.slice(0, 31)],
    ]);
    expect(of(h2).map((m) => [m['member/mname'], m._submission_id])).toEqual([['Eka', h2._id]]);

    const visits = records(book.getWorksheet('visit')!);
    expect(visits).toHaveLength(3);
    const nino = members.find((m) => m['member/mname'] === 'Nino')!;
    const eka = members.find((m) => m['member/mname'] === 'Eka')!;
    const visitsOf = (m: Record<string, unknown>) => visits.filter((v) => v._parent_index === m._index && v._parent_table_name === 'member');
    expect(visitsOf(nino).map((v) => (v['member/visit/vdate'] as Date).toISOString().slice(0, 10))).toEqual(['2024-01-05', '2024-02-06']);
    expect(visitsOf(nino).every((v) => v._submission_id === h1._id)).toBe(true);
    expect(visitsOf(eka).map((v) => (v['member/visit/vdate'] as Date).toISOString().slice(0, 10))).toEqual(['2024-03-07']);

    const assets = records(book.getWorksheet('asset')!);
    expect(assets.map((a) => [a['asset/item'], a._parent_index, a._submission_id])).toEqual([['cow', h1._index, h1._id]]);
  });

  it('gives CSV as a zip of one CSV per sheet, linked the same way', async () => {
    const r = await f.admin.raw({ method: 'GET', url: `/api/v1/instruments/${repeatsId}/answers?format=csv&labels=names` });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toContain('application/zip');
    expect(r.headers['content-disposition']).toMatch(/\.zip"$/);
    const zip = await JSZip.loadAsync(r.rawPayload);
    const files = Object.keys(zip.files);
    expect(files).toHaveLength(4);
    const read = async (suffix: string) => {
      const name = files.find((n) => n.endsWith(suffix))!;
      const text = await zip.file(name)!.async('string');
      expect(text.startsWith('\uFEFF')).toBe(true);
      return text.slice(1).trim().split('\r\n');
    };
    const main = await read('-wide-' + programmeToday() + '.csv');
    expect(main).toHaveLength(3);
    const visits = await read('-visit.csv');
    expect(visits[0]).toBe('"_index","_parent_table_name","_parent_index","_submission_id","member/visit/vdate"');
    expect(visits.slice(1).map((l) => l.split(',')[4]).sort()).toEqual(['"2024-01-05"', '"2024-02-06"', '"2024-03-07"']);
    const members = await read('-member.csv');
    const h1 = main.find((l) => l.includes('"Sighnaghi"'))!;
    const h1Id = h1.split(',')[0]!;
    expect(members.filter((l) => l.split(',')[3] === h1Id).map((l) => l.split(',')[4])).toEqual(['"Nino"', '"Giorgi"']);
  });

  let bulk: string;

  it('numbers and links the rows across keyset batches', async () => {
    bulk = (await f.publishedInstrument(REPEATS, { purpose: 'survey' })).id;
    const [version] = await t.database.db.select({ id: instrumentVersions.id }).from(instrumentVersions).where(eq(instrumentVersions.instrumentId, bulk));
    const many = Array.from({ length: 1234 }, (_, i) => ({
      instrumentVersionId: version!.id,
      organisationId: csos.a.cso.id,
      label: `hh${i}`,
      status: 'submitted' as const,
      submittedAt: new Date(),
      answers: { village: `village ${i}`, member: 2, 'member[1]/mname': `first ${i}`, 'member[2]/mname': `second ${i}`, 'member[2]/visit': 1, 'member[2]/visit[1]/vdate': '2024-05-01' },
    }));
    await t.database.db.insert(responses).values(many);
    const r = await f.admin.raw({ method: 'GET', url: `/api/v1/instruments/${bulk}/answers?format=xlsx&labels=names` });
    expect(r.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const main = records(book.worksheets[0]!);
    const members = records(book.getWorksheet('member')!);
    const visits = records(book.getWorksheet('visit')!);
    expect(main.map((m) => m._index)).toEqual(Array.from({ length: 1234 }, (_, i) => i + 1));
    expect(members.map((m) => m._index)).toEqual(Array.from({ length: 2468 }, (_, i) => i + 1));
    const byIndex = new Map(main.map((m) => [m._index, m]));
    // Every member row points at the household it belongs to, whichever batch it was read in.
    for (const m of members) {
      const household = byIndex.get(m._parent_index)!;
      expect(m._submission_id).toBe(household._id);
      expect(String(m['member/mname']).split(' ')[1]).toBe(String(household.village).split(' ')[1]);
    }
    const memberByIndex = new Map(members.map((m) => [m._index, m]));
    expect(visits).toHaveLength(1234);
    for (const v of visits) expect(String(memberByIndex.get(v._parent_index)!['member/mname'])).toMatch(/^second /);
  }, 120_000);

  it('stops and removes its temporary files when the client goes away mid-download', async () => {
    const [admin] = await t.database.db.select({ user: users, kind: organisations.kind }).from(users).innerJoin(organisations, eq(organisations.id, users.organisationId)).where(eq(users.email, BARE_ADMIN_EMAIL));
    const actor: Actor = {
      userId: admin!.user.id, email: admin!.user.email, displayName: admin!.user.displayName, organisationId: admin!.user.organisationId,
      organisationKind: admin!.kind, roles: admin!.user.roles, language: 'en', sessionTokenHash: 'test', csrfToken: 'test', mustChangePassword: false,
    };
    const spools = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('ertad-answers-'));
    const before = await spools();
    const file = await exportAnswers(new Gateway(t.database.db, actor, '127.0.0.1'), bulk, answersExportQuery.parse({ format: 'xlsx', labels: 'names' }), { lang: 'en', origin: 'http://test' });
    // Nobody reads: the export waits, its repeat rows spooled to a temporary directory.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const during = (await spools()).filter((n) => !before.includes(n));
    expect(during).toHaveLength(1);
    file.stream.destroy();
    await expect.poll(async () => (await spools()).includes(during[0]!), { timeout: 5000 }).toBe(false);
  });

  it('summarises questions inside repeats: every instance read, each response counted once', async () => {
    const s = (await f.admin.get(`/api/v1/instruments/${repeatsId}/summary`)).json();
    const age = s.questions.find((q: { name: string }) => q.name === 'age');
    expect(age.answered).toBe(2);
    expect(age.mean).toBeCloseTo((30 + 5 + 41) / 3);
  });

  it('keeps repeat answers in the long layout, each under its instance path', async () => {
    const r = await f.admin.get(`/api/v1/instruments/${repeatsId}/answers?format=csv&labels=names&layout=long`);
    const lines = r.body.slice(1).trim().split('\r\n');
    const questions = lines.slice(1).map((l) => l.split(',')[5]);
    expect(questions).toEqual(expect.arrayContaining(['"member[2]/age"', '"member[1]/visit[2]/vdate"', '"asset[1]/item"']));
    expect(questions).toHaveLength(2 + 1 + 2 * 2 + 3 + 1 + 1 + 1 + 2 + 1);
  });
});

describe('instrument summary', () => {
  it('counts every choice and number for programme staff, without hiding anything', async () => {
    const s = (await f.admin.get(`/api/v1/instruments/${instrumentId}/summary`)).json();
    expect(s).toMatchObject({ responses: 8, suppressed: false });
    const board = s.questions.find((q: { name: string }) => q.name === 'board');
    expect(board.bars.map((b: { key: string; count: number }) => [b.key, b.count])).toEqual([['never', 4], ['often', 4]]);
    const tools = s.questions.find((q: { name: string }) => q.name === 'tools');
    expect(tools.bars.map((b: { count: number }) => b.count)).toEqual([6, 0, 1]);
    const staff = s.questions.find((q: { name: string }) => q.name === 'staff');
    expect(staff.answered).toBe(8);
    // 3, 3 and 10–15: whole-number ranges that do not overlap (they read "3–4.5", "4.5–6", … in both languages).
    expect(staff.bars.map((b: { labelKa: string; count: number }) => [b.labelKa, b.count])).toEqual([['2–3', 2], ['4–5', 0], ['6–7', 0], ['8–9', 0], ['10–11', 2], ['12–13', 2], ['14–15', 2]]);
    expect(s.bands.map((b: { key: string; count: number }) => [b.key, b.count])).toEqual([['Low', 4], ['High', 4]]);
    expect(s.sections.map((x: { name: string }) => x.name)).toEqual(['gov']);
  });

  it('filters by organisation and by municipality', async () => {
    const onlyB = (await f.admin.get(`/api/v1/instruments/${instrumentId}/summary?organisationId=${csos.b.cso.id}`)).json();
    expect(onlyB.responses).toBe(2);
    const inA = (await f.admin.get(`/api/v1/instruments/${instrumentId}/summary?municipalityId=${csos.a.municipality.id}`)).json();
    expect(inA.responses).toBe(6);
    const future = (await f.admin.get(`/api/v1/instruments/${instrumentId}/summary?from=2999-01-01`)).json();
    expect(future.responses).toBe(0);
  });

  it('shows the donor programme results with counts under 5 hidden, also where a total would reveal them', async () => {
    const donorOrg = await f.organisation('donor');
    const donor = await (await f.user(donorOrg.id, ['viewer'])).login();
    const s = (await donor.get(`/api/v1/instruments/${instrumentId}/summary`)).json();
    expect(s).toMatchObject({ responses: 8, suppressed: true });
    const tools = s.questions.find((q: { name: string }) => q.name === 'tools');
    // 6 plan, 0 audit, 1 website: 1 is hidden, and so is 6 (else 7 answered − 6 = 1).
    expect(tools.bars.map((b: { count: number | null }) => b.count)).toEqual([null, 0, null]);
    const onlyB = (await donor.get(`/api/v1/instruments/${instrumentId}/summary?organisationId=${csos.b.cso.id}`)).json();
    expect(onlyB.responses).toBeNull();
    expect(onlyB.questions.find((q: { name: string }) => q.name === 'staff').mean).toBeNull();
  });

  it('hides nothing from a CSO manager looking at their own organisation only', async () => {
    const manager = await csos.b.manager.login();
    const own = (await manager.get(`/api/v1/instruments/${instrumentId}/summary?organisationId=${csos.b.cso.id}`)).json();
    expect(own).toMatchObject({ responses: 2, suppressed: false });
    const all = (await manager.get(`/api/v1/instruments/${instrumentId}/summary`)).json();
    expect(all.suppressed).toBe(true);
  });
});

describe('deleting a draft', () => {
  it('lets the author delete their draft (audited), never a submitted form or a colleague\'s draft', async () => {
    const author = await csos.a.caseWorker.login();
    const colleague = await csos.a.manager.login();
    const started = (await author.post('/api/v1/responses', { instrumentId, organisationId: csos.a.cso.id })).json().response;
    expect((await colleague.request('DELETE', `/api/v1/responses/${started.id}`)).statusCode).toBe(403);
    const other = await csos.b.manager.login();
    expect((await other.request('DELETE', `/api/v1/responses/${started.id}`)).statusCode).toBe(404);
    expect((await author.request('DELETE', `/api/v1/responses/${started.id}`)).statusCode).toBe(204);
    expect((await author.get(`/api/v1/responses/${started.id}`)).statusCode).toBe(404);
    const [entry] = await t.database.db.select().from(auditLog).where(sql`${auditLog.action} = 'delete' and ${auditLog.entityId} = ${started.id}`);
    expect(entry).toBeTruthy();
    const submitted = await f.response(instrumentId, csos.a.cso.id, { submit: true, answers: { board: 'often' } });
    expect((await f.admin.request('DELETE', `/api/v1/responses/${submitted.id}`)).statusCode).toBe(409);
  });
});

describe('publishing', () => {
  it('refuses an instrument whose draft asks no question (only groups and notes)', async () => {
    const created = (await f.admin.post('/api/v1/instruments', { code: `notes_${Date.now()}`, purpose: 'survey', titleKa: 'ტ', titleEn: 'T' })).json();
    const definition = { items: [{ kind: 'group', name: 'g', label: en('Group'), items: [{ kind: 'question', type: 'note', name: 'hello', label: en('Hello') }] }], choiceLists: {}, settings: {} };
    const draft = (await f.admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition, version: 1 })).json();
    const r = await f.admin.post(`/api/v1/instruments/${created.id}/publish`, { version: draft.version });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
  });
});
