import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../common/schemas/list';
import { queryRows } from '../../server/db/client';
import { TOTAL_CAP } from '../../server/http/paging';
import { capture, type Statement } from '../support/queries';
import type { Client, TestApp } from '../support/app';
import { factories, SIMPLE_DEFINITION, startBareTestApp, type Factories, type TwoCsos } from '../support/factories';

// Keyset paging: "next" follows the cursor of the previous page, so a user walking a long list
// sees every record exactly once, in order, even when many share the sort value.

let t: TestApp;
let f: Factories;
let csos: TwoCsos;
let instrumentId: string;
beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  csos = await f.twoCsos();
  instrumentId = (await f.publishedInstrument(SIMPLE_DEFINITION)).id;
  for (let i = 0; i < 23; i++) await f.response(instrumentId, csos.a.cso.id, { answers: { n: i }, submit: i % 3 === 0, label: `A${i}` });
  for (let i = 0; i < 4; i++) await f.response(instrumentId, csos.b.cso.id, { answers: { n: i }, label: `B${i}` });
  // Ties on the sort column: a third of A's forms share one timestamp (to the microsecond), so only the id orders them.
  await queryRows(t.database.db, sql`update responses set updated_at = '2026-01-02 03:04:05.123456+00' where label in ('A1', 'A4', 'A7', 'A10', 'A13', 'A16', 'A19', 'A22')`);
}, 120_000);
afterAll(() => t?.close());

/** Every page of a list, following `next`; fails on a page that is not 200. */
async function walk<T extends { id: string }>(client: Client, url: string): Promise<{ pages: Page<T>[]; ids: string[] }> {
  const pages: Page<T>[] = [];
  let after: string | null = null;
  do {
    const response = await client.get(`${url}${url.includes('?') ? '&' : '?'}${after ? `after=${encodeURIComponent(after)}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as Page<T>;
    pages.push(page);
    after = page.next;
  } while (after && pages.length < 100);
  return { pages, ids: pages.flatMap((p) => p.items.map((i) => i.id)) };
}

describe('keyset paging', () => {
  it('walks every form of the list once, in the same order as one big page, in both directions and sorts', async () => {
    const client = await csos.a.manager.login();
    for (const sort of ['sort=updatedAt&dir=desc', 'sort=updatedAt&dir=asc', 'sort=status&dir=asc', 'sort=status&dir=desc']) {
      const whole = (await client.get(`/api/v1/responses?${sort}&pageSize=200`)).json() as Page<{ id: string }>;
      expect(whole.items).toHaveLength(23);
      expect(whole.next).toBeNull();
      const { pages, ids } = await walk(client, `/api/v1/responses?${sort}&pageSize=5`);
      expect(ids, sort).toEqual(whole.items.map((i) => i.id));
      expect(pages).toHaveLength(5);
      expect(pages.every((p) => p.total === 23 && !p.totalCapped)).toBe(true);
    }
  });

  it('counts a list once: the pages after the first carry its total in the cursor and send no count', async () => {
    const client = await csos.a.manager.login();
    const countsIn = (statements: Statement[]) => statements.filter((s) => /count\(/i.test(s.sql)).length;
    const first = await capture(t.database, client, '/api/v1/responses?pageSize=10');
    expect(first.response.json()).toMatchObject({ total: 23, totalCapped: false });
    expect(countsIn(first.statements)).toBe(1);
    const second = await capture(t.database, client, `/api/v1/responses?pageSize=10&after=${encodeURIComponent(first.response.json().next as string)}`);
    expect(second.response.json()).toMatchObject({ total: 23, totalCapped: false });
    expect(second.response.json().items).toHaveLength(10);
    expect(countsIn(second.statements)).toBe(0);
    // A jump by number counts again, as a first page does.
    expect(countsIn((await capture(t.database, client, '/api/v1/responses?pageSize=10&page=3')).statements)).toBe(1);
    // So do the programme-wide lists that count exactly.
    const instruments = await capture(t.database, f.admin, '/api/v1/instruments?pageSize=1');
    expect(countsIn(instruments.statements)).toBe(1);
    const next = await capture(t.database, f.admin, `/api/v1/instruments?pageSize=1&after=${encodeURIComponent(instruments.response.json().next as string)}`);
    expect(next.status).toBe(200);
    expect(next.response.json().total).toBe(instruments.response.json().total);
    expect(countsIn(next.statements)).toBe(0);
  });

  it('follows a cursor made before cursors carried the total (the bare key), counting the page', async () => {
    const client = await csos.a.manager.login();
    const first = (await client.get('/api/v1/responses?pageSize=10')).json() as Page<{ id: string }>;
    const { key } = JSON.parse(Buffer.from(first.next!, 'base64url').toString('utf8')) as { key: unknown[] };
    const bare = Buffer.from(JSON.stringify(key)).toString('base64url');
    const second = await capture(t.database, client, `/api/v1/responses?pageSize=10&after=${bare}`);
    expect(second.response.json()).toMatchObject({ total: 23, totalCapped: false });
    const twenty = (await client.get('/api/v1/responses?pageSize=20')).json() as Page<{ id: string }>;
    expect(second.response.json().items.map((i: { id: string }) => i.id)).toEqual(twenty.items.slice(10).map((i) => i.id));
    expect(second.statements.filter((s) => /count\(/i.test(s.sql))).toHaveLength(1);
  });

  it('pages by number still work for a jump, and agree with the cursor', async () => {
    const client = await csos.a.manager.login();
    const third = (await client.get('/api/v1/responses?pageSize=5&page=3')).json() as Page<{ id: string }>;
    const { pages } = await walk(client, '/api/v1/responses?pageSize=5');
    expect(third.items.map((i) => i.id)).toEqual(pages[2]!.items.map((i) => i.id));
  });

  it('never leaves the caller\'s scope: another CSO walking the same way sees only its own', async () => {
    const { ids } = await walk<{ id: string; organisationId?: string }>(await csos.b.manager.login(), '/api/v1/responses?pageSize=3');
    expect(ids).toHaveLength(4);
  });

  it('walks the other lists too (organisations by name, users by last sign-in with never-signed-in users)', async () => {
    const admin = f.admin;
    for (const url of ['/api/v1/organisations?sort=name&pageSize=2', '/api/v1/organisations?sort=kind&dir=desc&pageSize=2', '/api/v1/users?sort=lastLoginAt&pageSize=2', '/api/v1/users?sort=lastLoginAt&dir=desc&pageSize=3', '/api/v1/audit?dir=asc&pageSize=10']) {
      const whole = (await admin.get(url.replace(/pageSize=\d+/, 'pageSize=200'))).json() as Page<{ id: string }>;
      const { ids } = await walk(admin, url);
      // The audit log grows while it is read (each list read is recorded): oldest first, it only gains a tail.
      expect(ids.slice(0, whole.items.length), url).toEqual(whole.items.map((i) => i.id));
    }
  });

  it('answers a cursor that is not one of ours with a 400 naming `after`, in the user\'s language', async () => {
    const client = await csos.a.manager.login();
    const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const id = '4f1c2b7e-0d3a-4c55-9a8e-2b6f0c1d9e77';
    const badCursors = [
      'not-base64-json', cursor([1]), Buffer.from('{"a":1}').toString('base64url'),
      // The right number of values, of the wrong kind for the list's order (updated_at, id): a
      // word or a year 99999999 where a time goes, a word where an id goes, numbers for both.
      cursor(['not-a-time', id]), cursor(['99999999-01-01T00:00:00Z', id]), cursor(['2026-02-30T10:00:00Z', id]), cursor(['2026-01-01T10:00:00Z', 'not-a-uuid']), cursor([1, 2]),
    ];
    // A right key with a total no first page could have counted.
    const carrying = (counted: unknown) => Buffer.from(JSON.stringify({ key: ['2026-01-01T10:00:00Z', id], counted })).toString('base64url');
    badCursors.push(carrying(-1), carrying(1.5), carrying('23'), carrying(TOTAL_CAP + 2), Buffer.from(JSON.stringify({ counted: 3 })).toString('base64url'));
    // Sorted by status (status, updated_at, id): a NUL hidden in the text, which PostgreSQL refuses.
    const byStatus = `sort=status&after=${cursor(['draft\u0000', '2026-01-01T10:00:00Z', id])}`;
    for (const bad of [...badCursors.map((c) => `after=${c}`), byStatus]) {
      const response = await client.get(`/api/v1/responses?${bad}`);
      expect(response.statusCode, bad).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(response.json())).toContain('after');
      expect(response.body).toMatch(/[\u10D0-\u10FF]/);
    }
  });
});
