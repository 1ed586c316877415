import { afterAll, beforeAll, expect, it } from 'vitest';
import { keyRingFor } from '../../server/crypto/sealed';
import { seedDemoPeople } from '../../server/db/seed/people';
import { loginAs, startTestApp, type TestApp } from '../support/app';

// The demo programme's people live somewhere: figures by municipality name real places, not
// everyone under "not recorded".

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  expect(await seedDemoPeople(t.database.db, await keyRingFor(t.database.db, t.config))).toBe(300);
}, 120_000);
afterAll(() => t?.close());

/** The case worker's figures by municipality, keyed by the municipality's English name. */
async function figuresByPlace(app: TestApp) {
  const places = (await (await loginAs(app.app, 'programme_manager')).get('/api/v1/municipalities')).json() as { id: string; nameEn: string }[];
  const nameOf = (id: string | null) => (id === null ? 'not recorded' : (places.find((m) => m.id === id)?.nameEn ?? `unknown ${id}`));
  const figures = (await (await loginAs(app.app, 'case_worker')).get('/api/v1/cases-aggregates?by=municipality')).json() as { rows: { group: string | null; people: number }[]; totals: { people: number }[] };
  return { byPlace: Object.fromEntries(figures.rows.map((r) => [nameOf(r.group), r.people])), total: figures.totals[0]!.people };
}

it("shows the demo's people served by the municipalities they live in, mostly their CSO's own", async () => {
  const { byPlace, total } = await figuresByPlace(t);
  // The demo CSO works in Telavi: most of its people live there, some in Kakheti's other
  // municipalities, a few have none recorded; nobody lives in a municipality that does not exist.
  expect(Object.keys(byPlace).sort()).toEqual(['Akhmeta', 'Gurjaani', 'Telavi', 'not recorded']);
  expect(byPlace.Telavi! / total).toBeGreaterThan(0.6);
  expect(byPlace['not recorded']!).toBeLessThan(byPlace.Telavi! / 4);
  expect(byPlace['not recorded']!).toBeGreaterThan(0);
});

it('seeds the same places on every fresh start', async () => {
  const again = await startTestApp();
  try {
    await seedDemoPeople(again.database.db, await keyRingFor(again.database.db, again.config));
    expect(await figuresByPlace(again)).toEqual(await figuresByPlace(t));
  } finally {
    await again.close();
  }
});
