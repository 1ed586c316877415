import { PassThrough, Readable } from 'node:stream';
import { once } from 'node:events';
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FastifyReply } from 'fastify';
import { translate } from '../../common/i18n/translate';
import type { Language } from '../../common/roles';
import { HttpProblem } from './problem';
import { PROGRAMME_TIME_ZONE, programmeDateTime, programmeToday, programmeWallClock } from '../calendar';
import { loadExcel } from './libraries';

export interface ExportColumn<Row> {
  /** Catalogue key of the column header (or, with `headerText`, the header itself). */
  header: string;
  /** The header is a name from the data in the reader's language (a capacity domain's), written as it is. */
  headerText?: boolean;
  /**
   * `t` translates catalogue keys, for enum values such as kinds and roles; `lang` picks a name
   * kept in both languages (an organisation, a sub-area) for a column that shows only one.
   */
  value: (row: Row, t: (key: string) => string, lang: Language) => string | number | boolean | Date | null | undefined;
  /**
   * The value is a moment (a Date): written as Tbilisi's clock, as the UI shows it (see
   * `csvCell`, `spreadsheetCell`), and the header says so.
   */
  dateTime?: boolean;
}

/** A date-time column's header, saying whose clock its times are. */
export function dateTimeHeader(header: string, lang: Language): string {
  return `${header} (${translate(lang, 'exports.tbilisiTime')})`;
}

/**
 * What an export reads: every row the user may see, in batches, in export order. Services build
 * it (see `keysetBatches`); a data gateway can supply the same shape. `count` is asked once, before
 * anything is sent (the `x-total-count` header, and the row limit of XLSX).
 */
export interface ExportSource<Row> {
  batches(): AsyncIterable<Row[]>;
  count(): Promise<number>;
  /**
   * The rows as CSV lines written by the database itself (PostgreSQL's COPY), where the source
   * and the database can: the same lines as the batches formatted here, but ended by LF.
   * `undefined` when this query cannot be copied: the batches are read instead.
   */
  copyCsv?: () => Promise<Readable | undefined>;
}

/** Rows fetched per database round trip; the connection is free for other requests in between. */
export const EXPORT_BATCH_SIZE = 1000;
/** An Excel worksheet holds 1,048,576 rows, one of them the header. CSV has no limit. */
export const XLSX_MAX_ROWS = 1_048_575;

/**
 * The position after a row in a keyset order: the order's columns as JSON text, exact to the
 * microsecond (a JavaScript Date would lose the microseconds and skip or repeat rows).
 */
export function keysetKey(columns: (AnyPgColumn | SQL)[]): SQL<string> {
  return sql<string>`json_build_array(${sql.join(columns, sql`, `)})::text`;
}

/** Rows strictly after `key` in the order `columns` (all ascending or all descending). */
export function afterKey(columns: (AnyPgColumn | SQL)[], dir: 'asc' | 'desc', key: string): SQL {
  const values = JSON.parse(key) as unknown[];
  const row = sql.join(values.map((v) => sql`${v}`), sql`, `);
  return dir === 'desc' ? sql`(${sql.join(columns, sql`, `)}) < (${row})` : sql`(${sql.join(columns, sql`, `)}) > (${row})`;
}

/**
 * Batches by keyset paging: `fetch(after, limit)` returns up to `limit` rows after the key of the
 * previous batch's last row (`undefined` first), each batch an index range scan, never an OFFSET.
 * The following batch is asked for as soon as a batch arrives, so the database reads it while this
 * one is formatted and sent: at most two batches are held at a time.
 */
export async function* keysetBatches<Row extends { exportKey: string }>(
  fetch: (after: string | undefined, limit: number) => Promise<Row[]>,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncIterable<Row[]> {
  const ask = (after: string | undefined) => {
    const batch = fetch(after, batchSize);
    // If the reader stops early (a dropped download), the batch read ahead is never awaited: its
    // failure must not become an unhandled rejection. Awaiting it below still throws.
    batch.catch(() => undefined);
    return batch;
  };
  let next: Promise<Row[]> | undefined = ask(undefined);
  while (next) {
    const rows: Row[] = await next;
    next = rows.length === batchSize ? ask(rows[rows.length - 1]!.exportKey) : undefined;
    if (rows.length > 0) yield rows;
  }
}

/**
 * A source read in one go, for lists bounded by the programme's size (a CSO's plan, a round's
 * assessments): thousands of rows at national scale, never millions. Still every row: no limit.
 */
export function loadedSource<Row>(load: () => Promise<Row[]>): ExportSource<Row> {
  let rows: Promise<Row[]> | undefined;
  const once = () => (rows ??= load());
  return {
    count: async () => (await once()).length,
    async *batches() {
      const all = await once();
      if (all.length) yield all;
    },
  };
}

/** Each batch completed by `complete` (e.g. one query for the batch's related rows, never one per row). */
export async function* mapBatches<In, Out>(batches: AsyncIterable<In[]>, complete: (rows: In[]) => Promise<Out[]>): AsyncIterable<Out[]> {
  for await (const batch of batches) yield await complete(batch);
}

/**
 * Characters that make a spreadsheet read a cell as a formula when they lead it: = + - @, their
 * full-width forms (which spreadsheets also accept), and a leading tab or carriage return. As
 * character codes: this runs for every cell of a million-row export.
 */
const FORMULA_CHARACTERS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];
const FORMULA_STARTS = new Set(FORMULA_CHARACTERS.map((c) => c.charCodeAt(0)));

/** Text a spreadsheet would run as a formula, with a leading apostrophe; other text as it is. */
export function formulaSafe(text: string): string {
  return FORMULA_STARTS.has(text.charCodeAt(0)) ? `'${text}` : text;
}

/**
 * One CSV cell: quoted always, inner quotes doubled. Text that a spreadsheet would run as a formula
 * gets a leading apostrophe; a number is left as it is (-5 is a number, not a formula). A moment
 * (a Date) is Tbilisi's clock to the minute, "2026-11-28 01:05", which spreadsheets read as a
 * date-time (the UI shows the same clock; the column's header names it).
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return `"${value}"`;
  const safe = formulaSafe(value instanceof Date ? programmeDateTime(value) : String(value));
  return safe.includes('"') ? `"${safe.replaceAll('"', '""')}"` : `"${safe}"`;
}

/**
 * A column's text in SQL, as `csvCell` writes the value before quoting it, for exports the
 * database writes itself (`ExportSource.copyCsv`); `exports.test.ts` checks both give one file.
 */
export const csvSql = {
  text: (value: SQL | AnyPgColumn) =>
    sql`case when left(${value}, 1) in (${sql.join(FORMULA_CHARACTERS.map((c) => sql`${c}`), sql`, `)}) then '''' || ${value} else ${value} end`,
  /**
   * A number as PostgreSQL prints it: the shortest text that reads back as the same number, as
   * JavaScript's, except in exponent form (PostgreSQL from 1e15 and below 1e-4, as 1e-05;
   * JavaScript from 1e21 and below 1e-6, as 1e-7), which scores and counts do not reach.
   */
  number: (value: SQL | AnyPgColumn) => sql`${value}`,
  /** A moment as `csvCell` writes a Date: Tbilisi's clock, to the minute. */
  timestamp: (value: SQL | AnyPgColumn) => sql`to_char(${value} at time zone ${PROGRAMME_TIME_ZONE}, 'YYYY-MM-DD HH24:MI')`,
  /** One of a few stored values, each written as its (translated) text. */
  choice: (value: SQL | AnyPgColumn, texts: Record<string, string>) =>
    sql`case ${value} ${sql.join(Object.entries(texts).map(([stored, text]) => sql`when ${stored} then ${formulaSafe(text)}`), sql` `)} end`,
};

/** Rows as CSV lines, each ended by CRLF. */
export function csvLines(rows: unknown[][]): string {
  let out = '';
  for (const cells of rows) {
    for (let i = 0; i < cells.length; i += 1) out += i === 0 ? csvCell(cells[i]) : `,${csvCell(cells[i])}`;
    out += '\r\n';
  }
  return out;
}

const LF = 0x0a;
const QUOTE = 0x22;
const CRLF = Buffer.from('\r\n');

/**
 * COPY's CSV lines after the header, each ended by CRLF like every other export. Every value is
 * quoted and quotes inside are doubled, so a LF outside quotes is the end of a row; neither byte
 * occurs inside a multi-byte UTF-8 character. The bytes are searched with `indexOf` (memchr) from
 * quote to quote and line feed to line feed, not one by one in JavaScript: a million-row export
 * is half a gigabyte, and a loop over every byte cost as much as compressing it.
 */
export async function* copiedChunks(header: string, copied: AsyncIterable<Buffer>) {
  yield Buffer.from(header);
  let quoted = false;
  for await (const chunk of copied) {
    const parts: Buffer[] = [];
    let from = 0;
    let quote = chunk.indexOf(QUOTE);
    for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, lf + 1)) {
      for (; quote !== -1 && quote < lf; quote = chunk.indexOf(QUOTE, quote + 1)) quoted = !quoted;
      if (quoted) continue; // a line break inside a value, kept as it is
      parts.push(chunk.subarray(from, lf), CRLF);
      from = lf + 1;
    }
    for (; quote !== -1; quote = chunk.indexOf(QUOTE, quote + 1)) quoted = !quoted;
    parts.push(chunk.subarray(from));
    yield Buffer.concat(parts);
  }
}

async function* csvChunks<Row>(source: ExportSource<Row>, header: string, cells: (row: Row) => unknown[]) {
  yield header;
  for await (const batch of source.batches()) yield csvLines(batch.map(cells));
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Dates and date-times in a workbook, as Georgia writes them. */
export const DATE_FORMAT = 'dd.mm.yyyy';
export const DATE_TIME_FORMAT = 'dd.mm.yyyy hh:mm';

/**
 * A value as the workbook stores it, with its number format: an ISO calendar date ("2025-09-30")
 * as a date, not as text; a moment (a Date) as a date-time on Tbilisi's clock (a workbook's
 * date-times have no time zone), so it sorts, filters and sums by day like any date.
 */
export function spreadsheetCell(value: unknown): { value: unknown; numFmt?: string } {
  if (value instanceof Date) return { value: programmeWallClock(value), numFmt: DATE_TIME_FORMAT };
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    if (!Number.isNaN(date.getTime())) return { value: date, numFmt: DATE_FORMAT };
  }
  return { value: value ?? null };
}

/** Rows read before the columns' widths are fixed: the widths must be written before the first row. */
export const XLSX_FIT_ROWS = 200;
/** Column widths, in characters: narrow columns still show their filter button, wide ones wrap no screen. */
export const XLSX_MIN_WIDTH = 8;
export const XLSX_MAX_WIDTH = 60;

/**
 * How many characters a value takes in a cell, as written by `spreadsheetCell`: its longest line,
 * counted in characters (a Georgian letter is as wide as a Latin one, not its three UTF-8 bytes).
 */
export function cellWidth(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (value instanceof Date) return DATE_TIME_FORMAT.length;
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) return DATE_FORMAT.length;
  if (typeof value === 'boolean') return 5; // FALSE
  let widest = 0;
  for (const line of String(value).split('\n')) widest = Math.max(widest, [...line].length);
  return widest;
}

/** A column's width for its widest value, with a margin (the filter button), between the bounds. */
export function columnWidth(widest: number): number {
  return Math.min(XLSX_MAX_WIDTH, Math.max(XLSX_MIN_WIDTH, widest + 3));
}

/**
 * Writes the workbook into `out` batch by batch, waiting whenever the client reads slower. The
 * first `XLSX_FIT_ROWS` rows are held back until the columns are fitted to them and the header
 * (a spreadsheet writes the widths before its rows); every later row is written as it comes. The
 * header is bold, stays in view while scrolling and carries a filter over every column (the
 * filter is written after the rows, so its range covers them all).
 */
async function writeXlsx<Row>(out: PassThrough, source: ExportSource<Row>, sheetName: string, headers: string[], cells: (row: Row) => unknown[]) {
  const Excel = await loadExcel();
  const book = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const widest = headers.map(cellWidth);
  let written = 0;
  const write = (row: unknown[]) => {
    const values = row.map(spreadsheetCell);
    const added = sheet.addRow(values.map((v) => v.value));
    // Dates and date-times are dates to the spreadsheet (sorts, filters, sums by month), written as Georgia writes them.
    added.eachCell((cell, column) => {
      const numFmt = values[column - 1]?.numFmt;
      if (numFmt) cell.numFmt = numFmt;
    });
    added.commit();
    written += 1;
  };
  let held: unknown[][] | undefined = [];
  const start = (first: unknown[][]) => {
    sheet.columns = widest.map((w) => ({ width: columnWidth(w) }));
    const header = sheet.addRow(headers);
    header.font = { bold: true };
    header.commit();
    for (const row of first) write(row);
  };
  for await (const batch of source.batches()) {
    for (const row of batch) {
      const values = cells(row);
      if (!held) {
        write(values);
        continue;
      }
      values.forEach((value, i) => {
        widest[i] = Math.max(widest[i] ?? 0, cellWidth(value));
      });
      held.push(values);
      if (held.length === XLSX_FIT_ROWS) {
        start(held);
        held = undefined;
      }
    }
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  if (held) start(held);
  // The filter's range runs from the header to the last row: LibreOffice filters only the rows in it.
  if (headers.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + written, column: headers.length } };
  sheet.commit();
  await book.commit();
}

/** A file an export produces: its name, type and bytes as they are written. */
export interface ExportFile {
  filename: string;
  contentType: string;
  stream: Readable;
  /** Rows the file holds (its main sheet), when counted before writing: the client shows "x of N". */
  total?: number;
}

export const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export interface ExportOptions<Row> {
  format: 'csv' | 'xlsx';
  lang: Language;
  filename: string;
  columns: ExportColumn<Row>[];
  source: ExportSource<Row>;
  /** Where a failure while streaming is reported (it also breaks the stream off). */
  onError?: (error: unknown) => void;
}

/**
 * An export as a stream in constant memory, for the client (`sendExport`) or for a file in the
 * storage module (background exports). Nothing is cut: the file holds every row of the source,
 * or (XLSX over the sheet limit) it is refused before anything is written with a problem that says
 * how to narrow it. A failure mid-stream destroys the stream, so the file is never silently short.
 */
export async function exportFile<Row>(opts: ExportOptions<Row>): Promise<ExportFile> {
  // Each value is translated once, not once a row (a status, a kind: a handful of keys).
  const translated = new Map<string, string>();
  const t = (key: string) => translated.get(key) ?? translated.set(key, translate(opts.lang, key)).get(key)!;
  const headerOf = (c: ExportColumn<Row>) => (c.headerText ? c.header : t(c.header));
  const headers = opts.columns.map((c) => (c.dateTime ? dateTimeHeader(headerOf(c), opts.lang) : headerOf(c)));
  const cells = (row: Row) => opts.columns.map((c) => c.value(row, t, opts.lang));
  // Counted before the first byte: an XLSX over the sheet limit is refused, and the client shows
  // its progress as "x of N" rows.
  const total = await opts.source.count();
  if (opts.format === 'xlsx' && total > XLSX_MAX_ROWS) {
    throw new HttpProblem('exportTooLarge', [], 'exports.tooManyRowsForXlsx');
  }
  const stamp = programmeToday();
  const filename = `${opts.filename}-${stamp}.${opts.format}`;
  if (opts.format === 'csv') {
    // The BOM makes Excel read the file as UTF-8, so Georgian text survives a double-click.
    const header = `\uFEFF${csvLines([headers])}`;
    // Written by the database itself where it can (see server/db/copy.ts), else batch by batch.
    const copied = await opts.source.copyCsv?.();
    const stream = Readable.from(copied ? copiedChunks(header, copied) : csvChunks(opts.source, header, cells));
    // A file given up before its first chunk (the client went while it was being counted) never
    // starts the generator, so it would never end the COPY: the connection goes back here.
    if (copied) stream.once('close', () => copied.destroy());
    return { filename, contentType: CONTENT_TYPES.csv, stream, total };
  }
  const out = new PassThrough();
  writeXlsx(out, opts.source, opts.filename.slice(0, 31), headers, cells).catch((error: unknown) => {
    opts.onError?.(error);
    out.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return { filename, contentType: CONTENT_TYPES.xlsx, stream: out, total };
}

/** Sends an export file as a download. */
export function sendFile(reply: FastifyReply, file: ExportFile) {
  if (file.total !== undefined) reply.header('x-total-count', String(file.total));
  return reply.header('content-disposition', `attachment; filename="${file.filename}"`).type(file.contentType).send(file.stream);
}

/** Streams an export to the client in constant memory (see `exportFile`). */
export async function sendExport<Row>(reply: FastifyReply, opts: Omit<ExportOptions<Row>, 'onError'>) {
  return sendFile(reply, await exportFile({ ...opts, onError: (error) => reply.log.error({ err: error }, 'export failed while streaming') }));
}
