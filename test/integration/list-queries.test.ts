import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../server/db/client';
import { TOTAL_CAP } from '../../server/http/paging';
import { seedSynthetic } from '../../server/db/seed/synthetic';
import { DEMO_EMAILS, loginAs, startTestApp, type Client, type DemoRole, type TestApp } from '../support/app';
import { capture, nodesOf, rowQueries, scansOf, sequentialScans } from '../support/queries';

// The lists at a realistic size: every page is read through an index (EXPLAIN shows no
// sequential scan of an owned table), and the number of queries per request does not grow with
// the page (no N+1). Timings are the benchmark's business (bench/), not this test's.

let t: TestApp;
let shared: string[] = [];
let demoCsoId = '';
const clients = new Map<DemoRole, Client>();
beforeAll(async () => {
  t = await startTestApp();
  // Big enough that a sequential scan is the planner's loss on every owned table.
  await seedSynthetic(t.database.db, { regions: 2, municipalities: 8, csos: 2_000, staff: 6_000, responses: 20_000 });
  // Background exports (not part of the synthetic data): a few finished ones for every user, the
  // demo users included, so the list of one's own exports picks among tens of thousands of rows.
  await t.database.db.execute(sql`
    insert into export_jobs (user_id, organisation_id, kind, format, params, language, status, created_at, finished_at)
    select u.id, u.organisation_id, 'responses', 'csv', '{}', 'ka', 'done', now() - g * interval '1 hour', now() - g * interval '1 hour'
    from users u, generate_series(1, 4) g`);
  await t.database.db.execute(sql`analyze export_jobs`);
  // The staff register, which the synthetic data leaves empty: ten people at each CSO, families
  // sharing surnames.
  await t.database.db.execute(sql`
    insert into learning_staff (organisation_id, given_name, surname, sex)
    select o.id, 'სახელი' || g, 'გვარი' || (g % 3), 'female' from organisations o, generate_series(1, 10) g where o.kind = 'cso'`);
  await t.database.db.execute(sql`analyze learning_staff`);
  for (const role of Object.keys(DEMO_EMAILS) as DemoRole[]) clients.set(role, await loginAs(t.app, role));
  // Forms of other CSOs referred to the demo CSO (accepted grants), so that its staff's scope is
  // "own organisation or one of these ids" and the plans below are checked in that form too. (The
  // CSO is found through its manager: a synthetic CSO may carry the same English name.)
  const demoCso = (await clients.get('cso_manager')!.get('/api/v1/me')).json().user.organisation.id as string;
  demoCsoId = demoCso;
  shared = (await queryRows<{ id: string }>(t.database.db, sql`
    insert into grants (entity_type, entity_id, organisation_id, grantee_organisation_id, purpose, reason)
    select 'response', r.id, r.organisation_id, ${demoCso}, 'referral', 'list-queries'
    from responses r where r.organisation_id <> ${demoCso} order by r.id limit 3
    returning entity_id as id`)).map((r) => r.id);
}, 300_000);
afterAll(() => t?.close());

const OWNED = ['responses', 'organisations', 'users', 'audit_log', 'export_jobs'];

const LISTS = [
  '/api/v1/organisations', '/api/v1/organisations?sort=createdAt', '/api/v1/organisations?kind=cso',
  '/api/v1/users', '/api/v1/users?sort=createdAt&dir=desc',
  '/api/v1/responses', '/api/v1/responses?status=submitted', '/api/v1/responses?dir=asc',
  '/api/v1/audit', '/api/v1/audit?entityType=response',
  '/api/v1/exports',
];

describe('list queries at a realistic size', () => {
  it('read every page of an owned table through an index, for every role', async () => {
    const [{ n }] = (await queryRows<{ n: number }>(t.database.db, sql`select count(*)::int as n from responses`)) as [{ n: number }];
    expect(n).toBeGreaterThanOrEqual(20_000);
    const [{ exports }] = (await queryRows<{ exports: number }>(t.database.db, sql`select count(*)::int as exports from export_jobs`)) as [{ exports: number }];
    expect(exports).toBeGreaterThanOrEqual(20_000);
    const found: string[] = [];
    for (const [role, client] of clients) {
      for (const url of LISTS) {
        const { status, statements } = await capture(t.database, client, url);
        if (status !== 200) continue; // a role without the permission (403) reads nothing
        // Row queries only: a page total counts at most TOTAL_CAP rows (`limit` inside the count),
        // which the planner may rightly read sequentially; its cost is bounded either way.
        for (const statement of rowQueries(statements)) {
          const scans = await sequentialScans(t.database, statement, OWNED);
          if (scans.length) found.push(`${role} ${url}: sequential scan of ${scans.join(', ')} in ${statement.sql.slice(0, 160)}`);
        }
      }
    }
    expect(found).toEqual([]);
    // The shared forms are in the CSO's reach (and the scope above included them).
    expect(shared).toHaveLength(3);
    for (const id of shared) expect((await clients.get('cso_manager')!.get(`/api/v1/responses/${id}`)).statusCode).toBe(200);
  });

  it('read the staff register along its index, in its order (surname, given name, id) without sorting the whole register', async () => {
    const admin = clients.get('admin')!;
    const [cso] = await queryRows<{ id: string }>(t.database.db, sql`select organisation_id as id from learning_staff limit 1`);
    const reads = [
      [admin, '/api/v1/learning/staff', true],
      [admin, '/api/v1/learning/staff?dir=desc', true],
      [admin, `/api/v1/learning/staff?pageSize=5&after=${(await admin.get('/api/v1/learning/staff?pageSize=5')).json().next}`, true],
      // One CSO's ten people, or a mentor's few CSOs: found by the organisation, then a few sorted.
      [admin, `/api/v1/learning/staff?organisationId=${cso!.id}`, false],
      [clients.get('cso_manager')!, '/api/v1/learning/staff', false],
      [clients.get('mentor')!, '/api/v1/learning/staff', false],
    ] as const;
    for (const [client, url, inOrder] of reads) {
      const { status, statements } = await capture(t.database, client, url);
      expect(status, url).toBe(200);
      const pages = rowQueries(statements).filter((s) => /from "learning_staff"/.test(s.sql) && /order by/i.test(s.sql));
      expect(pages, url).toHaveLength(1);
      expect(await sequentialScans(t.database, pages[0]!, ['learning_staff']), url).toEqual([]);
      if (inOrder) expect((await nodesOf(t.database, pages[0]!)).filter((node) => /Sort/.test(node)), url).toEqual([]);
    }
  });

  it('read the users a CSO\'s supervision may name along their index, for every role that may record it', async () => {
    const found: string[] = [];
    let asked = 0;
    for (const [role, client] of clients) {
      const { status, statements } = await capture(t.database, client, `/api/v1/capacity/organisations/${demoCsoId}/supervision-people`);
      if (status !== 200) continue;
      asked += 1;
      for (const statement of rowQueries(statements)) {
        const scans = await sequentialScans(t.database, statement, OWNED);
        if (scans.length) found.push(`${role}: sequential scan of ${scans.join(', ')} in ${statement.sql.slice(0, 160)}`);
      }
    }
    expect(asked).toBeGreaterThanOrEqual(3);
    expect(found).toEqual([]);
  });

  it('read the session and the grants every scope needs in one statement, not one each', async () => {
    const { status, response, statements } = await capture(t.database, clients.get('cso_manager')!, '/api/v1/responses?pageSize=50');
    expect(status).toBe(200);
    const readingGrants = statements.filter((s) => /from "grants"/.test(s.sql));
    expect(readingGrants.map((s) => s.sql.slice(0, 60))).toHaveLength(1);
    expect(readingGrants[0]!.sql).toMatch(/from "sessions"/);
    // The forms referred to the CSO are in that scope: the page's statement carries their ids.
    const page = rowQueries(statements).find((s) => /from "responses"/.test(s.sql))!;
    for (const id of shared) expect(page.params).toContain(id);
    expect((response.json() as { total: number }).total).toBeGreaterThan(0);
  });

  it('read the CSOs a mentor or a municipal monitor reaches inside the session statement too', async () => {
    for (const role of ['mentor', 'municipal_monitor'] as const) {
      const { status, response, statements } = await capture(t.database, clients.get(role)!, '/api/v1/responses?pageSize=50');
      expect(status).toBe(200);
      const readingReach = statements.filter((s) => /"(mentor_assignments|organisation_municipalities)"/.test(s.sql));
      expect(readingReach, role).toHaveLength(1);
      expect(readingReach[0]!.sql).toMatch(/from "sessions"/);
      // Their scope is their own organisation and those CSOs: the page carries the ids, and holds forms of several.
      const page = rowQueries(statements).find((s) => /from "responses"/.test(s.sql))!;
      expect(page.params.filter((p) => typeof p === 'string' && /^[0-9a-f-]{36}$/.test(p)).length, role).toBeGreaterThan(1);
      const owners = new Set((response.json() as { items: { organisationId: string }[] }).items.map((i) => i.organisationId));
      expect(owners.size, role).toBeGreaterThan(1);
    }
  });

  it('count a huge list only up to the cap, and read a page deep into it along an index by its cursor', async () => {
    const admin = clients.get('admin')!;
    const first = (await admin.get('/api/v1/responses?pageSize=50')).json() as { total: number; totalCapped: boolean; next: string };
    expect(first).toMatchObject({ total: TOTAL_CAP, totalCapped: true });
    let after = first.next;
    for (let i = 0; i < 3; i++) after = ((await admin.get(`/api/v1/responses?pageSize=50&after=${after}`)).json() as { next: string }).next;
    for (const role of ['admin', 'mentor', 'cso_manager', 'municipal_monitor'] as const) {
      const { status, statements } = await capture(t.database, clients.get(role)!, `/api/v1/responses?pageSize=50&after=${after}`);
      expect(status).toBe(200);
      const rows = rowQueries(statements);
      expect(rows.some((s) => /\) < \(/.test(s.sql)), 'the page is a keyset range, not an OFFSET').toBe(true);
      for (const statement of rows) expect(await sequentialScans(t.database, statement, OWNED), `${role}: ${statement.sql.slice(0, 160)}`).toEqual([]);
    }
  });

  // The capped total is most of a first page's work in the database. An admin sees every training
  // participant's forms and nobody's forms about a person: the rule says just that, and the count
  // reads the index alone (the synthetic load is vacuumed, as autovacuum leaves a loaded table).
  it("count an admin's forms from an index alone, with no branch their rule cannot need", async () => {
    const { status, statements } = await capture(t.database, clients.get('admin')!, '/api/v1/responses');
    expect(status).toBe(200);
    const counting = statements.find((s) => /^select count\(/i.test(s.sql) && /from "responses"/.test(s.sql));
    expect(counting, 'the first page counts its total').toBeDefined();
    expect(counting!.sql).not.toMatch(/learning_staff|"subject_type" = /);
    const scans = (await scansOf(t.database, counting!)).filter((scan) => scan.relation === 'responses');
    expect(scans.map((scan) => scan.type)).toEqual(['Index Only Scan']);
  });

  it('send as many queries for a page of 50 as for a page of 1 (no query per row)', async () => {
    const admin = clients.get('admin')!;
    for (const path of ['/api/v1/regions', '/api/v1/municipalities', '/api/v1/organisations', '/api/v1/users', '/api/v1/instruments', '/api/v1/responses', '/api/v1/audit', '/api/v1/exports']) {
      const one = await capture(t.database, admin, `${path}?pageSize=1`);
      const many = await capture(t.database, admin, `${path}?pageSize=50`);
      expect(one.status, path).toBe(200);
      expect(many.statements.length, `${path}: ${many.statements.map((s) => s.sql.slice(0, 60)).join(' | ')}`).toBe(one.statements.length);
    }
  });
});
