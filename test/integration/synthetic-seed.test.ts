import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldName, toLatin } from '../../common/transliterate';
import { queryRows } from '../../server/db/client';
import { SCALES, seedSynthetic } from '../../server/db/seed/synthetic';
import { startTestApp, type TestApp } from '../support/app';

// The synthetic seeder fills every module that exists with the rows its services would write.

let t: TestApp;
const lines: string[] = [];
beforeAll(async () => {
  t = await startTestApp();
  await seedSynthetic(t.database.db, 'tiny', (line) => lines.push(line));
}, 300_000);
afterAll(() => t?.close());

const one = async <T>(query: ReturnType<typeof sql>) => (await queryRows<T>(t.database.db, query))[0]!;

describe('synthetic data at tiny scale', () => {
  it('holds the people, cases and sessions of its scale, inside the synthetic CSOs', async () => {
    const counts = await one<{ people: number; cases: number; sessions: number; foreign: number }>(sql`
      select (select count(*)::int from people p join organisations o on o.id = p.organisation_id where o.email like '%synthetic.ertad.ge') as people,
             (select count(*)::int from cases k join people p on p.id = k.person_id join organisations o on o.id = p.organisation_id where o.email like '%synthetic.ertad.ge') as cases,
             (select count(*)::int from case_sessions s join organisations o on o.id = s.organisation_id where o.email like '%synthetic.ertad.ge') as sessions,
             (select count(*)::int from cases k join users u on u.id = k.case_worker_id where u.organisation_id <> k.organisation_id) as foreign`);
    expect(counts.people).toBe(SCALES.tiny.people);
    expect(counts.sessions).toBe(SCALES.tiny.sessions);
    // Four in five people have a case (a hash decides, so roughly).
    expect(counts.cases).toBeGreaterThan(SCALES.tiny.people! * 0.6);
    expect(counts.cases).toBeLessThan(SCALES.tiny.people!);
    expect(counts.foreign, 'a case worker of another organisation').toBe(0);
    expect(lines.some((l) => /people/.test(l)) && lines.some((l) => /sessions/.test(l))).toBe(true);
  });

  it('places people as the demo does: most where their CSO works, some in a neighbouring municipality of its region, a few not recorded', async () => {
    const where = await one<{ people: number; home: number; neighbour: number; unrecorded: number; elsewhere: number }>(sql`
      select count(*)::int as people,
             count(*) filter (where p.municipality_id = om.municipality_id)::int as home,
             count(*) filter (where p.municipality_id <> om.municipality_id and lives.region_id = works.region_id)::int as neighbour,
             count(*) filter (where p.municipality_id is null)::int as unrecorded,
             count(*) filter (where lives.region_id <> works.region_id)::int as elsewhere
      from people p
      join organisations o on o.id = p.organisation_id and o.email like '%synthetic.ertad.ge'
      join organisation_municipalities om on om.organisation_id = o.id
      join municipalities works on works.id = om.municipality_id
      left join municipalities lives on lives.id = p.municipality_id`);
    expect(where.people).toBe(SCALES.tiny.people);
    // Four in five at home, about one in eight next door, the rest unrecorded (a hash decides, so roughly).
    expect(where.home).toBeGreaterThan(where.people * 0.65);
    expect(where.home).toBeLessThan(where.people * 0.92);
    expect(where.neighbour).toBeGreaterThan(0);
    expect(where.unrecorded).toBeGreaterThan(0);
    expect(where.home + where.neighbour + where.unrecorded).toBe(where.people);
    expect(where.elsewhere, 'a person living outside their CSO\'s region').toBe(0);
  });

  it('spells every name in Latin and folds it for search as registration does', async () => {
    const rows = await queryRows<{ given_name: string; surname: string; latin_name: string; search_key: string }>(t.database.db, sql`select given_name, surname, latin_name, search_key from people where search_key <> '' order by id limit 50`);
    expect(rows.length).toBe(50);
    for (const r of rows) {
      expect(r.latin_name).toBe(toLatin(`${r.given_name} ${r.surname}`));
      expect(r.search_key).toBe(foldName(`${r.given_name} ${r.surname}`));
    }
  });
});
