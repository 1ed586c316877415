import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCapacity } from '../../server/db/seed/capacity';
import { loginAs, organisationIdByName, startTestApp, type TestApp } from '../support/app';

// The demo programme's capacity data (seeded on a first start with the demo, not in every test
// app): two rounds for every demo CSO, so results, change and the heat map have data at once.

let t: TestApp;
let demoCso: string;
beforeAll(async () => {
  t = await startTestApp();
  expect(await seedDemoCapacity(t.database.db)).toBe(true);
  expect(await seedDemoCapacity(t.database.db)).toBe(false);
  demoCso = await organisationIdByName(t.database, 'Telavi Inclusive Development Centre');
}, 120_000);
afterAll(() => t?.close());

describe('demo capacity data', () => {
  it('shows the demo CSO manager two rounds, the change between them, a plan in progress and the raters', async () => {
    const manager = await loginAs(t.app, 'cso_manager');
    const results = (await manager.get(`/api/v1/capacity/organisations/${demoCso}/results`)).json();
    expect(results.rounds.map((r: { roundKind: string }) => r.roundKind)).toEqual(['baseline', 'midline']);
    expect(results.change).toHaveLength(50);
    expect(results.changeSummary.improved).toBeGreaterThan(20);
    expect(results.changeSummary.worse).toBeGreaterThan(0);
    const progress = (await manager.get(`/api/v1/capacity/organisations/${demoCso}/plan-progress`)).json();
    expect(progress).toMatchObject({ total: 6, done: 1, percent: 17 });
    expect(progress.overdue).toBeGreaterThan(0);
    const [baseline] = (await manager.get(`/api/v1/capacity/assessments?organisationId=${demoCso}`)).json().items;
    const detail = (await manager.get(`/api/v1/capacity/assessments/${baseline.id}`)).json();
    expect(detail.ratings).toHaveLength(2);
    expect(detail.disagreements[0].spread).toBe(1);
  });

  it('gives programme staff a heat map of all 27 CSOs and the donor region averages with small cells suppressed', async () => {
    const programme = await loginAs(t.app, 'programme_manager');
    expect((await programme.get('/api/v1/capacity/portfolio')).json().rows).toHaveLength(27);
    const donor = await loginAs(t.app, 'viewer');
    expect((await donor.get('/api/v1/capacity/portfolio')).statusCode).toBe(403);
    const regions = (await donor.get('/api/v1/capacity/aggregates')).json().rows;
    expect(regions.map((r: { nameEn: string; csos: number; suppressed: boolean }) => [r.nameEn, r.csos, r.suppressed])).toEqual([
      ['Adjara', 6, false], ['Imereti', 6, false], ['Kakheti', 9, false], ['Samtskhe-Javakheti', 6, false],
    ]);
    expect(regions[0].scores.governance).toEqual(expect.any(Number));
    const monitor = await loginAs(t.app, 'municipal_monitor');
    expect((await monitor.get('/api/v1/capacity/aggregates')).json().rows).toEqual([expect.objectContaining({ nameEn: 'Kakheti', csos: 3, suppressed: true, overall: null })]);
  });

  it('gives the heat map and the averages as files: a column per domain named in the reader\'s language, hidden averages left blank and marked', async () => {
    type Row = { nameKa: string; overall: number | null; scores: Record<string, number | null>; csos?: number };
    type HeatMap = { domains: { name: string; label: { ka: string } }[]; rows: Row[] };
    const lines = (body: string) => body.replace(/^\uFEFF/, '').trim().split('\r\n');
    const csvOf = (cells: (string | number | null | undefined)[]) => cells.map((c) => (c === null || c === undefined ? '' : `"${c}"`)).join(',');
    const scores = (map: HeatMap, row: Row) => map.domains.map((d) => row.scores[d.name]);

    const programme = await loginAs(t.app, 'programme_manager');
    const map = (await programme.get('/api/v1/capacity/portfolio')).json() as HeatMap;
    const file = await programme.get('/api/v1/capacity/portfolio/export?format=csv');
    expect(file.statusCode, file.body).toBe(200);
    expect(file.headers['content-disposition']).toContain('capacity-portfolio');
    expect(lines(file.body)).toEqual([
      csvOf(['ორგანიზაცია', ...map.domains.map((d) => d.label.ka), 'საერთო']),
      ...map.rows.map((row) => csvOf([row.nameKa, ...scores(map, row), row.overall])),
    ]);
    expect(map.rows).toHaveLength(27);

    // A municipal monitor: one region's average over three CSOs, hidden in the file as on the page.
    const monitor = await loginAs(t.app, 'municipal_monitor');
    const averages = (await monitor.get('/api/v1/capacity/aggregates')).json() as HeatMap;
    const [kakheti] = averages.rows;
    expect(lines((await monitor.get('/api/v1/capacity/aggregates/export?format=csv')).body)).toEqual([
      csvOf(['რეგიონი', 'ორგანიზაციები', 'დამალულია (5-ზე ნაკლები ორგანიზაცია)', ...averages.domains.map((d) => d.label.ka), 'საერთო']),
      csvOf([kakheti!.nameKa, 3, 'დიახ', ...averages.domains.map(() => null), null]),
    ]);
    // The donor's averages per region carry numbers.
    const donor = await loginAs(t.app, 'viewer');
    const regions = lines((await donor.get('/api/v1/capacity/aggregates/export?format=csv')).body).slice(1);
    expect(regions).toHaveLength(4);
    expect(regions.every((line) => line.includes('"არა"') && /"\d(\.\d+)?"$/.test(line))).toBe(true);
  });
});
