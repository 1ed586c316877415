import ExcelJS from 'exceljs';
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/db/client';
import { canCopy, copyCsv, copySlots } from '../../server/db/copy';
import { registerErrorHandling } from '../../server/http/errors';
import { sendExport, XLSX_FIT_ROWS, XLSX_MAX_ROWS, type ExportSource } from '../../server/http/export';
import { Gateway } from '../../server/access/gateway';
import { actorOfUser } from '../../server/auth/sessions';
import { exportResponses } from '../../server/features/responses/service';
import { responsesExportFile } from '../../server/features/responses/exports';
import { loginAs, startTestApp, type Client, type TestApp } from '../support/app';

// Exports stream every row the user may see, in batches from the database; none is cut.
let t: TestApp;
let admin: Client;
const BULK = 55_000; // more than the 50,000 rows exports used to be cut to without a word
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
  await t.database.db.execute(sql`
    insert into audit_log (at, action, entity_type, entity_id)
    select now() - (g || ' seconds')::interval, 'update', 'organisation', 'bulk-' || g
    from generate_series(1, ${BULK}) g`);
});
afterAll(() => t?.close());

const csvLines = (body: string) => body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');

describe('exports', () => {
  it('stream every matching row as CSV, in order, each exactly once', async () => {
    const response = await admin.get('/api/v1/audit/export?format=csv&entityType=organisation&q=bulk-');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = csvLines(response.body);
    expect(lines).toHaveLength(BULK + 1);
    // Sent before the first row, so the download shows "x of N rows".
    expect(response.headers['x-total-count']).toBe(String(BULK));
    const ids = lines.slice(1).map((line) => /"bulk-(\d+)"/.exec(line)?.[1]);
    expect(new Set(ids).size).toBe(BULK);
    // Newest first: bulk-1 is a second old, bulk-55000 fifteen hours.
    expect(ids[0]).toBe('1');
    expect(ids[BULK - 1]).toBe(String(BULK));
  });

  it("name coded values in the reader's words: a user's interface language is 'ქართული', not 'ka'", async () => {
    const lines = csvLines((await admin.get('/api/v1/users/export?format=csv&q=admin@demo')).body);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"ქართული"');
    expect(lines[1]).not.toContain('"ka"');
  });

  it('stream XLSX workbooks that hold every row of every list', async () => {
    // (The audit log's 55,000 bulk entries are left out here: the CSV test reads those.)
    for (const path of ['organisations', 'users', 'instruments', 'responses', 'audit?entityType=user']) {
      const [list, filter = ''] = path.split('?');
      const csv = csvLines((await admin.get(`/api/v1/${list}/export?format=csv&${filter}`)).body);
      const response = await admin.raw({ method: 'GET', url: `/api/v1/${list}/export?format=xlsx&${filter}` });
      expect(response.statusCode, path).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.actualRowCount, path).toBe(csv.length);
      expect(response.headers['x-total-count'], path).toBe(String(csv.length - 1));
      // The header stays in view, bold, with a filter over every column and row.
      expect(sheet.views[0], path).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(sheet.getRow(1).font?.bold, path).toBe(true);
      expect(sheet.autoFilter, path).toBe(`A1:${sheet.getColumn(sheet.columnCount).letter}${csv.length}`);
    }
  });

  it("carry each submitted form's overall score and level, the level in the reader's language", async () => {
    const [scored] = await queryRows<{ label: string; overall: string; band: string; bandEn: string }>(t.database.db, sql`
      select r.label, r.score ->> 'overall' as overall, r.score -> 'band' ->> 'ka' as band, r.score -> 'band' ->> 'en' as "bandEn"
      from responses r where r.status = 'submitted' and r.subject_type = 'organisation'
        and r.score ->> 'overall' is not null and r.score -> 'band' ->> 'ka' is not null and r.score -> 'band' ->> 'en' is not null
      order by r.updated_at desc limit 1`);
    expect(scored, 'the demo holds a scored form about an organisation').toBeDefined();
    const rowOf = async () => csvLines((await admin.get('/api/v1/responses/export?format=csv')).body).find((line) => line.includes(`"${scored!.label}"`));
    const ka = await rowOf();
    expect(ka, 'the form is in the export').toBeDefined();
    expect(ka).toContain(`"${scored!.band}"`);
    expect(ka).toContain(`"${Number(scored!.overall)}"`);
    // An English reader's file names the level in English, as the page does.
    expect((await admin.patch('/api/v1/me', { language: 'en' })).statusCode).toBe(200);
    try {
      const en = await rowOf();
      expect(en).toContain(`"${scored!.bandEn}"`);
      expect(en).not.toContain(scored!.band);
    } finally {
      await admin.patch('/api/v1/me', { language: 'ka' });
    }
  });

  // An export on PostgreSQL is written by the database itself (COPY) while a COPY slot is free, else
  // batch by batch: the same file either way, quoting, line breaks in a value, formula guards, numbers,
  // dates and translations included.
  it('written by PostgreSQL itself where it can, the same file as the server formats', async () => {
    await t.database.db.execute(sql`
      update responses set label = ${'=HYPERLINK("x") and "quotes"\non two lines'}, score = jsonb_set(score, '{overall}', '-1.5'), updated_at = '2026-11-27T21:05:59.987654Z'
      where id = (select id from responses where subject_type = 'organisation' and score ->> 'overall' is not null order by id limit 1)`);
    const [manager] = await queryRows<{ id: string }>(t.database.db, sql`select id from users where email = 'programme@demo.ertad.ge'`);
    const gw = new Gateway(t.database.db, (await actorOfUser(t.database.db, manager!.id))!, '127.0.0.1');
    expect(exportResponses(gw, {}, 'ka', []).copyCsv !== undefined, 'COPY where the database is a PostgreSQL server').toBe(t.database.kind === 'postgres');
    /** The file, and whether it was read in batches (row statements) rather than copied. */
    const file = async () => {
      const statements: string[] = [];
      const stop = t.database.onQuery((query) => statements.push(query));
      const parts: Buffer[] = [];
      try {
        for await (const chunk of (await responsesExportFile(gw, { format: 'csv' }, 'ka')).stream) parts.push(Buffer.from(chunk as Buffer | string));
      } finally {
        stop();
      }
      return { text: Buffer.concat(parts).toString('utf8'), batched: statements.some((q) => /from "responses"/.test(q) && /limit \$\d+$/.test(q.trim())) };
    };
    // Every COPY slot taken (by exports still being read): this one reads batches.
    const pool = (t.database.db as unknown as { $client: unknown }).$client;
    const held = canCopy(pool) ? await Promise.all(Array.from({ length: copySlots(pool) }, () => copyCsv(pool, 'select 1'))) : [];
    if (canCopy(pool)) expect(await copyCsv(pool, 'select 1'), 'no slot left').toBeUndefined();
    const formatted = await file();
    expect(formatted.batched).toBe(true);
    expect(csvLines(formatted.text).length).toBeGreaterThan(100);
    expect(formatted.text).toContain(`"'=HYPERLINK(""x"") and ""quotes""\non two lines"`);
    expect(formatted.text).toContain('"-1.5"');
    // A moment on Tbilisi's clock (UTC+4) to the minute, under a header that says so.
    expect(formatted.text).toContain('"2026-11-28 01:05"');
    expect(formatted.text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    expect(csvLines(formatted.text)[0]).toContain('(თბილისის დროით)');
    for (const stream of held) stream!.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const copied = await file();
    expect(copied.batched).toBe(t.database.kind !== 'postgres');
    expect(copied.text).toBe(formatted.text);
  });

  it('give the connection back when the client goes before reading a copied file', async () => {
    const pool = (t.database.db as unknown as { $client: unknown }).$client;
    if (!canCopy(pool)) return; // COPY is for a PostgreSQL server only (checked by the test above)
    const [manager] = await queryRows<{ id: string }>(t.database.db, sql`select id from users where email = 'programme@demo.ertad.ge'`);
    const gw = new Gateway(t.database.db, (await actorOfUser(t.database.db, manager!.id))!, '127.0.0.1');
    // Counted, recorded and copying, then given up before the first chunk, slot after slot.
    for (let i = 0; i <= copySlots(pool); i++) (await responsesExportFile(gw, { format: 'csv' }, 'ka')).stream.destroy();
    await expect.poll(() => pool.totalCount - pool.idleCount, { timeout: 5_000 }).toBe(0);
    const held = await Promise.all(Array.from({ length: copySlots(pool) }, () => copyCsv(pool, 'select 1')));
    expect(held.every((stream) => stream !== undefined), 'every COPY slot free again').toBe(true);
    for (const stream of held) stream!.destroy();
  });

  it('fit the columns of a workbook to the header and the first rows, keep the header in view with a filter, and hold every row', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    const ROWS = 2 * XLSX_FIT_ROWS + 50; // more rows than are held back to fit the columns, in three batches
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      n: i + 1,
      name: i === 3 ? 'თბილისის ინკლუზიური განვითარების ცენტრი' : 'ნინო',
      note: i === 5 ? 'x'.repeat(500) : 'ok',
      late: i === ROWS - 1 ? 'a value after the fitted rows that is much longer than the rest' : '',
    }));
    const source: ExportSource<(typeof rows)[number]> = {
      count: async () => rows.length,
      batches: async function* () {
        for (let i = 0; i < rows.length; i += XLSX_FIT_ROWS) yield rows.slice(i, i + XLSX_FIT_ROWS);
      },
    };
    app.get('/export', (_req, reply) =>
      sendExport(reply, {
        format: 'xlsx', lang: 'en', filename: 'widths', source,
        columns: [
          { header: 'common.status', value: (r) => r.n },
          { header: 'common.status', value: (r) => r.name },
          { header: 'common.status', value: (r) => r.note },
          { header: 'common.status', value: (r) => r.late },
        ],
      }));
    const response = await app.inject({ method: 'GET', url: '/export' });
    expect(response.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    // Every row, in order: the rows held back to fit the columns, then the rest.
    expect(sheet.actualRowCount).toBe(ROWS + 1);
    expect(sheet.getCell(`A${ROWS + 1}`).value).toBe(ROWS);
    expect(sheet.getCell('A202').value).toBe(201);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBe(`A1:D${ROWS + 1}`);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    // (ExcelJS leaves out a width of 9, its default, and reads it back as none.)
    const width = (column: string) => sheet.getColumn(column).width ?? 9;
    // A column of numbers is narrow; the column with a centre's name is as wide as the name in
    // characters (40 Georgian letters, not their 120 bytes); a 500-character note is capped.
    expect(width('A')).toBeLessThan(width('B'));
    expect(width('B')).toBeGreaterThanOrEqual(40);
    expect(width('B')).toBeLessThan(50);
    expect(width('C')).toBe(60);
    // A long value after the fitted rows does not widen its column, nor go missing.
    expect(width('D')).toBeLessThan(20);
    expect(sheet.getCell(`D${ROWS + 1}`).value).toContain('much longer');
    await app.close();
  });

  it('write calendar dates into a workbook as dates in Georgian order, and leave text that only holds a date as text', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    const source: ExportSource<{ on: string; note: string }> = { count: async () => 1, batches: async function* () { yield [{ on: '2025-09-30', note: 'due 2025-09-30' }]; } };
    app.get('/export', (_req, reply) =>
      sendExport(reply, { format: 'xlsx', lang: 'ka', filename: 'dates', columns: [{ header: 'common.status', value: (r) => r.on }, { header: 'common.status', value: (r) => r.note }], source }));
    const response = await app.inject({ method: 'GET', url: '/export' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    const [date, note] = [book.worksheets[0]!.getCell('A2'), book.worksheets[0]!.getCell('B2')];
    expect(date.value).toEqual(new Date('2025-09-30T00:00:00Z'));
    expect(date.numFmt).toBe('dd.mm.yyyy');
    expect(note.value).toBe('due 2025-09-30');
    await app.close();
  });

  it("write moments on Tbilisi's clock: a date-time cell in a workbook, 'yyyy-mm-dd hh:mm' in CSV, the header saying so", async () => {
    // 21:05 UTC on 27 November is 01:05 on the 28th in Tbilisi.
    const at = new Date('2026-11-27T21:05:00.000Z');
    await t.database.db.execute(sql`insert into audit_log (at, action, entity_type, entity_id) values (${at.toISOString()}, 'update', 'organisation', 'tbilisi-clock')`);
    const csv = await admin.get('/api/v1/audit/export?format=csv&q=tbilisi-clock');
    expect(csv.statusCode).toBe(200);
    const [header, line] = csvLines(csv.body);
    expect(header!.split(',')[0]).toBe('"როდის (თბილისის დროით)"');
    expect(line!.split(',')[0]).toBe('"2026-11-28 01:05"');
    const xlsx = await admin.get('/api/v1/audit/export?format=xlsx&q=tbilisi-clock');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getCell('A1').value).toBe('როდის (თბილისის დროით)');
    // A real date-time (a number to the spreadsheet), holding the clock the UI shows.
    expect(sheet.getCell('A2').value).toEqual(new Date('2026-11-28T01:05:00.000Z'));
    expect(sheet.getCell('A2').numFmt).toBe('dd.mm.yyyy hh:mm');
  });

  it('refuse an XLSX over the sheet limit before sending anything, saying how to narrow it', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    let read = false;
    const source: ExportSource<{ n: number }> = {
      count: async () => XLSX_MAX_ROWS + 1,
      batches: async function* () {
        read = true;
        yield [{ n: 1 }];
      },
    };
    app.get('/export', (_req, reply) =>
      sendExport(reply, { format: 'xlsx', lang: 'en', filename: 'big', columns: [{ header: 'common.status', value: (r) => r.n }], source }));
    const response = await app.inject({ method: 'GET', url: '/export', headers: { 'accept-language': 'en' } });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ title: 'This export is too large for a spreadsheet', detail: expect.stringContaining('download CSV') });
    expect(read).toBe(false);
    await app.close();
  });
});
