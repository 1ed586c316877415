import { asc, desc, type SQL } from 'drizzle-orm';
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
}

const encodeCursor = (key: string) => Buffer.from(key, 'utf8').toString('base64url');

/** The keyset key behind a client's cursor; a cursor that is not one of ours is a 400 naming `after`. */
function decodeCursor(cursor: string, columns: number): string {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidField('after', 'common.invalidCursor');
  }
  const valid = Array.isArray(values) && values.length === columns && values.every((v) => typeof v === 'string' || typeof v === 'number');
  if (!valid) throw invalidField('after', 'common.invalidCursor');
  return JSON.stringify(values);
}

/** The window of one page: after the cursor when there is one (an index range scan), else by page number. */
export function pageWindow(request: PageRequest, order: KeysetOrder): PageWindow {
  const key = order.key;
  return {
    after: request.after === undefined ? undefined : afterKey(key, order.dir, decodeCursor(request.after, key.length)),
    orderBy: key.map((column) => orderBy(column, order.dir)),
    // One row more than the page tells whether a next page exists without counting.
    limit: request.pageSize + 1,
    offset: request.after === undefined ? offsetOf(request) : 0,
    pageKey: keysetKey(key),
  };
}

/**
 * A page from the rows a window fetched (up to pageSize + 1, each with its `pageKey`) and a count
 * capped at `TOTAL_CAP + 1` rows.
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
    next: more && last ? encodeCursor(last.pageKey) : null,
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
