import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keyRingFor } from '../../server/crypto/sealed';
import { seedDemoPeople } from '../../server/db/seed/people';
import type { TestApp } from '../support/app';
import { factories, startBareTestApp, type TwoCsos } from '../support/factories';

let t: TestApp;
let world: TwoCsos;
beforeAll(async () => {
  t = await startBareTestApp();
  world = await (await factories(t)).twoCsos();
}, 60_000);
afterAll(async () => t?.close());

it('seeds a few hundred synthetic people with Georgian names, consent, cases and sealed notes, once', async () => {
  const keys = await keyRingFor(t.database.db, t.config);
  expect(await seedDemoPeople(t.database.db, keys, 300)).toBe(300);
  expect(await seedDemoPeople(t.database.db, keys, 300)).toBe(0);
  const worker = await world.a.caseWorker.login();
  const found = (await worker.get('/api/v1/people?pageSize=200&q=' + encodeURIComponent('a'))).json();
  expect(found.total).toBeGreaterThan(0);
  expect(found.items[0].givenName).toMatch(/^[\u10D0-\u10FF]+$/);
  expect(found.items[0].latinName).toMatch(/^[A-Z]/);
  const load = (await worker.get('/api/v1/caseload')).json();
  expect(load.cases.length + (await (await world.a.manager.login()).get('/api/v1/caseload')).json().cases.length).toBeGreaterThan(0);
  const catalogue = (await worker.get('/api/v1/services')).json();
  expect(catalogue.items.map((x: { organisationId: string }) => x.organisationId)).toContain(world.a.cso.id);
  const byService = (await worker.get('/api/v1/cases-aggregates?by=serviceType')).json();
  expect(byService.rows.some((r: { group: string | null }) => r.group === 'early_intervention' || r.group === 'day_care')).toBe(true);
  const dump = JSON.stringify(await t.database.db.execute(sql`select personal_number_sealed, personal_number_index from people`));
  expect(dump).not.toMatch(/"\d{11}"/);
});
