import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { changeLines } from '../../common/audit-changes';
import { keyRingFor } from '../../server/crypto/sealed';
import { seedDemoPeople } from '../../server/db/seed/people';
import { loginAs, organisationIdByName, startTestApp, userIdByEmail, DEMO_EMAILS, type Client, type TestApp } from '../support/app';

// The audit log names the records a list read was filtered by (an organisation, an instrument, a
// user) instead of showing their ids, but only records the reader may open: a person whose
// personal data the administrator does not see stays an id.

type Entry = { action: string; entityType: string; changes: Record<string, { to?: unknown }> | null; names?: Record<string, { ka: string; en: string }> };

let t: TestApp;
let admin: Client;
let telavi: string;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoPeople(t.database.db, await keyRingFor(t.database.db, t.config), 30);
  admin = await loginAs(t.app, 'admin');
  telavi = await organisationIdByName(t.database, 'Telavi Inclusive Development Centre');
}, 120_000);
afterAll(() => t?.close());

const latest = async (query: string) => (await admin.get(`/api/v1/audit?${query}`)).json().items[0] as Entry;
const english = (entry: Entry) => changeLines(entry.changes, entry.entityType, () => undefined, (id) => entry.names?.[id]?.en);

it("names an organisation and an instrument a list was filtered by, in both languages, on the page's data and in the export", async () => {
  const pm = await loginAs(t.app, 'programme_manager');
  const instrument = (await pm.get('/api/v1/instruments?pageSize=50')).json().items.find((i: { code: string }) => i.code === 'wg_ss') as { id: string; titleKa: string; titleEn: string };
  expect((await pm.get(`/api/v1/responses?instrumentId=${instrument.id}&organisationId=${telavi}`)).statusCode).toBe(200);
  const entry = await latest('action=list&entityType=response');
  expect(entry.names).toEqual({
    [instrument.id]: { ka: instrument.titleKa, en: instrument.titleEn },
    [telavi]: { ka: 'თელავის ინკლუზიური განვითარების ცენტრი', en: 'Telavi Inclusive Development Centre' },
  });
  expect(english(entry)).toEqual(expect.arrayContaining([`instrumentId: ${instrument.titleEn}`, 'organisationId: Telavi Inclusive Development Centre']));
  const csv = (await admin.get('/api/v1/audit/export?format=csv&action=list&entityType=response')).body;
  expect(csv).toContain(`ორგანიზაცია: თელავის ინკლუზიური განვითარების ცენტრი`);
  expect(csv).toContain(`ინსტრუმენტი: ${instrument.titleKa}`);
  expect(csv).not.toContain(`ორგანიზაცია: ${telavi}`);
});

it('names a user the audit log itself was filtered by', async () => {
  const worker = await userIdByEmail(t.database, DEMO_EMAILS.case_worker);
  expect((await admin.get(`/api/v1/audit?actorUserId=${worker}`)).statusCode).toBe(200);
  const entry = await latest('action=list&entityType=audit_entry');
  expect(entry.names?.[worker]).toEqual({ ka: 'ლევან მაისურაძე', en: 'ლევან მაისურაძე' });
});

it("keeps the id of a person the reader may not open, and never sends the person's name", async () => {
  const rows = await t.database.db.execute(sql`select id, given_name, surname from people where organisation_id = ${telavi} limit 1`);
  const person = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { id: string; given_name: string; surname: string };
  const worker = await loginAs(t.app, 'case_worker');
  // Who looked at the person's record: a read of the audit log filtered by the person.
  expect((await worker.get(`/api/v1/people/${person.id}/history`)).statusCode).toBe(200);
  // The administrator does not see the CSO's people: the record answers as one that does not exist.
  expect((await admin.get(`/api/v1/people/${person.id}`)).statusCode).toBe(404);
  const response = await admin.get(`/api/v1/audit?action=list&entityType=audit_entry&actorUserId=${await userIdByEmail(t.database, DEMO_EMAILS.case_worker)}`);
  const entry = response.json().items[0] as Entry;
  expect(entry.changes?.filter?.to).toMatchObject({ personId: person.id });
  expect(entry.names?.[person.id]).toBeUndefined();
  expect(english(entry)).toContain(`personId: ${person.id}`);
  expect(response.body).not.toContain(person.surname);
});
