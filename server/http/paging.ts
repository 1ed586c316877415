import { asc, Column, desc, is, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Page } from '../../common/schemas/list';
import { afterKey, keysetKey } from './export';
import { invalidField } from './problem';

export function orderBy(column: AnyPgColumn | SQL, dir: 'asc' | 'desc'): SQL {
  return dir === 'desc' ? desc(column) : asc(column);
}

export function offsetOf(query: { page: number; pageSize: number }): number {
  return (query.page - 1) * query.pageSize;
}

/** `%term%` for ILIKE with the user's wildcards escaped. */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Totals are exact up to this many rows and then reported as "more than" (`totalCapped`): a
 * count stops after this many index entries instead of reading a million on every page.
 */
export const TOTAL_CAP = 10_000;

/** What a list request asks for: a page number (jumps, OFFSET) or the cursor after the previous page. */
export interface PageRequest {
  page: number;
  pageSize: number;
  after?: string | undefined;
}

/**
 * A list's order: the sort column, then the id as the tie-break, both in one direction so the
 * position after a row is one row comparison that an index on the same columns answers.
 * Key columns must be NOT NULL (a NULL would end the comparison, and the list with it).
 */
export interface KeysetOrder {
  key: (AnyPgColumn | SQL)[];
  dir: 'asc' | 'desc';
}

/** The part of a list query the paging decides. */
export interface PageWindow {
  after: SQL | undefined;
  orderBy: SQL[];
  limit: number;
  offset: number;
  /** Select this as `pageKey`: the cursor of a row. */
  pageKey: SQL<string>;
  /**
   * The total the list's first page counted (capped as there), carried by the cursor: a later
   * page shows it instead of counting again. Undefined on a first page or a jump by number.
   */
  counted: number | undefined;
}

/**
 * A cursor: the last row's key, and the list's capped total as counted when the list was opened
 * (so following pages cost no count). `key` is the row's `pageKey`, already JSON.
 */
const encodeCursor = (key: string, counted: number) => Buffer.from(`{"key":${key},"counted":${Math.min(counted, TOTAL_CAP + 1)}}`, 'utf8').toString('base64url');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// A real time of day, and an offset PostgreSQL takes (up to ±15:59).
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](0\d|1[0-5])(:[0-5]\d)?)?$/;
const isRealDate = (day: string) => !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);

/**
 * Whether a cursor's value can stand in the comparison with `column`: a cursor comes from the
 * client, and a value of the wrong kind (a word where a date goes) must be a 400, not a database
 * error. Keys that are SQL expressions are text or numbers, which any string or number fits.
 */
function fitsColumn(column: AnyPgColumn | SQL, value: unknown): boolean {
  // PostgreSQL refuses a NUL in any text (the input guard keeps it out of query strings; a cursor hides it in base64).
  if (typeof value === 'string' && value.includes('\u0000')) return false;
  if (!is(column, Column)) return typeof value === 'string' || typeof value === 'number';
  switch (column.columnType) {
    case 'PgUUID':
      return typeof value === 'string' && UUID.test(value);
    case 'PgDate':
    case 'PgDateString':
      return typeof value === 'string' && DATE.test(value) && isRealDate(value);
    case 'PgTimestamp':
    case 'PgTimestampString':
      return typeof value === 'string' && TIMESTAMP.test(value) && isRealDate(value.slice(0, 10));
    case 'PgNumeric':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value));
    default:
      if (column.dataType !== 'number') return typeof value === 'string' || typeof value === 'number';
      // Whole numbers within the column's range where it holds integers (serials included).
      if (!/Int|Serial/.test(column.columnType)) return typeof value === 'number' && Number.isFinite(value);
      return Number.isSafeInteger(value) && Math.abs(value as number) <= (/^Pg(Integer|Serial)$/.test(column.columnType) ? 2_147_483_647 : /^PgSmall/.test(column.columnType) ? 32_767 : Number.MAX_SAFE_INTEGER);
  }
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= TOTAL_CAP + 1;

/**
 * The keyset key behind a client's cursor (as JSON), and the total it carries; a cursor that is
 * not one of ours is a 400 naming `after`. A cursor made before totals were carried (the bare
 * key) is still followed, and the page counts.
 */
function decodeCursor(cursor: string, key: (AnyPgColumn | SQL)[]): { key: string; counted: number | undefined } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidField('after', 'common.invalidCursor');
  }
  const carried = Array.isArray(decoded) ? { key: decoded, counted: undefined } : (decoded as { key?: unknown; counted?: unknown } | null);
  const values = carried?.key;
  const valid =
    Array.isArray(values) &&
    values.length === key.length &&
    values.every((value, i) => fitsColumn(key[i]!, value)) &&
    (carried?.counted === undefined || isCount(carried.counted));
  if (!valid) throw invalidField('after', 'common.invalidCursor');
  return { key: JSON.stringify(values), counted: carried?.counted as number | undefined };
}

/** The window of one page: after the cursor when there is one (an index range scan), else by page number. */
export function pageWindow(request: PageRequest, order: KeysetOrder): PageWindow {
  const key = order.key;
  const cursor = request.after === undefined ? undefined : decodeCursor(request.after, key);
  return {
    after: cursor === undefined ? undefined : afterKey(key, order.dir, cursor.key),
    counted: cursor?.counted,
    orderBy: key.map((column) => orderBy(column, order.dir)),
    // One row more than the page tells whether a next page exists without counting.
    limit: request.pageSize + 1,
    offset: request.after === undefined ? offsetOf(request) : 0,
    pageKey: keysetKey(key),
  };
}

/**
 * A page from the rows a window fetched (up to pageSize + 1, each with its `pageKey`) and a count
 * capped at `TOTAL_CAP + 1` rows (or the one its cursor carried), which the next cursor carries on.
 */
export function pageOfRows<Row>(request: PageRequest, rows: (Row & { pageKey: string })[], cappedCount: number): Page<Row> {
  const more = rows.length > request.pageSize;
  const shown = more ? rows.slice(0, request.pageSize) : rows;
  const last = shown[shown.length - 1];
  return {
    items: shown.map(({ pageKey: _key, ...row }) => row as Row),
    total: Math.min(cappedCount, TOTAL_CAP),
    totalCapped: cappedCount > TOTAL_CAP,
    page: request.page,
    pageSize: request.pageSize,
    next: more && last ? encodeCursor(last.pageKey, cappedCount) : null,
  };
}

/** The same page with its rows presented (presenters may batch-load, hence async). */
export async function presentPage<Row, Out>(page: Page<Row>, present: (rows: Row[]) => Out[] | Promise<Out[]>): Promise<Page<Out>> {
  return { ...page, items: await present(page.items) };
}

/** A page with nothing on it (a filter that cannot match, e.g. "mine" for someone with no records). */
export function emptyPage<Row>(request: PageRequest): Page<Row> {
  return { items: [], total: 0, totalCapped: false, page: request.page, pageSize: request.pageSize, next: null };
}
