import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases as casesTable, people } from '../../server/db/schema';
import { EXPORT_BATCH_SIZE } from '../../server/http/export';
import { PERSON_TARGET_GROUPS } from '../../common/schemas/cases';
import type { Client, TestApp } from '../support/app';
import { capture, nodesOf, rowQueries, sequentialScans } from '../support/queries';
import { factories, startBareTestApp, type Factories, type TwoCsos } from '../support/factories';

// People served: registration (estimated age, legal representative, disability screening by
// age), the list (one page = a fixed number of queries, every filter before paging), the export
// (streamed in keyset batches, formula cells neutralised, de-identified) and retention.

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let worker: Client;
let english: Client;
let manager: Client;
let receiver: Client;
let bigStaff: Client;
const BIG = 3 * EXPORT_BATCH_SIZE + 7;

const CONSENT = { givenBy: 'representative', representativeName: 'მარინე ბერიძე', givenOn: '2026-01-10', processing: true, referralSharing: true };
const allOnes = (names: string[]) => Object.fromEntries(names.map((n) => [n, '1']));
const CFM_5_17 = ['seeing', 'hearing', 'walking', 'selfcare', 'communication', 'learning', 'remembering', 'concentrating', 'accepting_change', 'controlling_behaviour', 'making_friends'];
const WG = ['seeing', 'hearing', 'walking', 'remembering', 'selfcare', 'communicating'];

function register(client: Client, body: Record<string, unknown>) {
  return client.post('/api/v1/people', { organisationId: world.a.cso.id, givenName: 'ნინო', surname: 'ბერიძე', sex: 'female', consent: CONSENT, ...body });
}

async function peopleCount() {
  const [row] = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(people)) as [{ n: number }];
  return row.n;
}

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
  [worker, manager, receiver] = (await Promise.all([world.a.caseWorker, world.a.manager, world.b.caseWorker].map((u) => u.login()))) as [Client, Client, Client];
  english = await (await f.user(world.a.cso.id, ['case_worker'])).login();
  expect((await english.patch('/api/v1/me', { language: 'en' })).statusCode).toBe(200);
  // A CSO with more people than an export batch, spread over the target groups, analysed.
  const cso = await f.organisation('cso');
  bigStaff = await (await f.user(cso.id, ['case_worker'])).login();
  await t.database.db.insert(people).values(
    Array.from({ length: BIG }, (_, i) => ({
      organisationId: cso.id,
      givenName: `სახელი${i}`,
      surname: `გვარი${String(i).padStart(5, '0')}`,
      latinName: `Name${i}`,
      searchKey: `name${i}`,
      sex: 'female' as const,
      estimatedBirthYear: 2000,
      targetGroup: PERSON_TARGET_GROUPS[i % PERSON_TARGET_GROUPS.length]!,
    })),
  );
  await t.database.db.execute(sql`analyze people`);
}, 120_000);
afterAll(async () => t?.close());

describe('registration', () => {
  it('registers a child with an estimated age, a representative registered in the same flow, and the Child Functioning Module', async () => {
    const answers = { ...allOnes(CFM_5_17), walking: '3', anxiety: 'never', depression: 'weekly' };
    const res = await register(worker, {
      givenName: 'ლუკა',
      surname: 'წიკლაური',
      sex: 'male',
      estimatedAge: 7,
      municipalityId: world.a.municipality.id,
      address: 'თელავი, ჭავჭავაძის 3',
      phone: '+995 555 10 20 30',
      language: 'ka',
      accessibilityNeeds: 'ეტლი',
      targetGroup: 'children_with_disabilities',
      newRepresentative: { givenName: 'ეკა', surname: 'წიკლაური', sex: 'female', estimatedAge: 35, phone: '+995 599 00 11 22' },
      screening: { instrumentCode: 'cfm_5_17', answers },
      consent: { ...CONSENT, representativeName: '' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const child = res.json();
    expect(child).toMatchObject({ birthDate: null, estimatedAge: 7, ageBand: '6-17', municipalityId: world.a.municipality.id, address: 'თელავი, ჭავჭავაძის 3', language: 'ka', targetGroup: 'children_with_disabilities', accessibilityNeeds: 'ეტლი', disability: true });
    expect(child.disabilityScreening).toMatchObject({ instrumentCode: 'cfm_5_17' });
    // The consent names the representative registered with the child.
    expect(child.consents[0]).toMatchObject({ givenBy: 'representative', representativeName: 'ეკა წიკლაური' });

    // The raw answers stay in the screening, a submitted form about the child.
    const screening = (await worker.get(`/api/v1/responses/${child.disabilityScreening.responseId}`)).json();
    expect(screening.response).toMatchObject({ status: 'submitted', subject: { type: 'person', id: child.id }, answers });

    const representative = (await worker.get(`/api/v1/people/${child.representativeId}`)).json();
    expect(representative).toMatchObject({ givenName: 'ეკა', surname: 'წიკლაური', estimatedAge: 35, phone: '+995 599 00 11 22', hasProcessingConsent: true, municipalityId: world.a.municipality.id });
    // Both are found, the representative by a Latin spelling.
    const found = (await worker.get('/api/v1/people?q=tsiklauri')).json().items.map((p: { id: string }) => p.id);
    expect(found).toEqual(expect.arrayContaining([child.id, representative.id]));
  });

  it('uses the Washington Group Short Set for an adult; the result is the cut-off of its answers', async () => {
    const res = await register(worker, { givenName: 'ზურაბ', sex: 'male', birthDate: '1980-03-04', consent: { ...CONSENT, givenBy: 'person' }, screening: { instrumentCode: 'wg_ss', answers: { ...allOnes(WG), hearing: '2' } } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ disability: false, estimatedAge: null, birthDate: '1980-03-04', disabilityScreening: { instrumentCode: 'wg_ss' } });
  });

  it('refuses a questionnaire that does not fit the age, and keeps nothing when an answer is missing', async () => {
    const before = await peopleCount();
    const wrong = await register(worker, { estimatedAge: 30, screening: { instrumentCode: 'cfm_5_17', answers: allOnes(CFM_5_17) } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'screening.instrumentCode', message: expect.stringContaining('ვაშინგტონის') })]);
    const baby = await register(english, { birthDate: new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10), screening: { instrumentCode: 'cfm_2_4', answers: {} } });
    expect(baby.json().errors).toEqual([{ field: 'screening.instrumentCode', message: 'There is no screening questionnaire for a child under 2' }]);
    const { walking: _walking, ...missing } = allOnes(WG);
    const incomplete = await register(worker, { birthDate: '1990-01-01', newRepresentative: { givenName: 'ა', surname: 'ბ', sex: 'male', estimatedAge: 40 }, screening: { instrumentCode: 'wg_ss', answers: missing } });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().errors.map((e: { field: string }) => e.field)).toEqual(['screening.answers.walking']);
    // Nothing half-written: neither the person nor the representative registered with them.
    expect(await peopleCount()).toBe(before);
  });

  it('takes a date of birth or an estimated age, with messages in both languages', async () => {
    const neither = await register(english, {});
    expect(neither.json().errors).toEqual([{ field: 'birthDate', message: 'Give the date of birth or an estimated age (one of them)' }]);
    const both = await register(worker, { birthDate: '2015-01-01', estimatedAge: 10 });
    expect(both.json().errors).toEqual([{ field: 'estimatedAge', message: 'მიუთითეთ დაბადების თარიღი ან სავარაუდო ასაკი (ერთ-ერთი)' }]);
    const future = await register(english, { birthDate: '2999-01-01' });
    expect(future.json().errors).toEqual([{ field: 'birthDate', message: 'A date of birth cannot be in the future' }]);
    const badGroup = await register(english, { estimatedAge: 5, targetGroup: 'everyone' });
    expect(badGroup.statusCode).toBe(400);
    expect(badGroup.json().errors[0].field).toBe('targetGroup');
  });

  it('needs consent for the screening and the representative; a representative is a person of the same CSO', async () => {
    const noConsent = await register(worker, { estimatedAge: 8, consent: null, newRepresentative: { givenName: 'ა', surname: 'ბ', sex: 'male', estimatedAge: 40 }, screening: { instrumentCode: 'cfm_5_17', answers: {} } });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['newRepresentative', 'screening']);
    const elsewhere = (await register(receiver, { organisationId: world.b.cso.id, estimatedAge: 40, consent: null })).json();
    const foreign = await register(worker, { estimatedAge: 8, representativeId: elsewhere.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('representativeId');
    const mother = (await register(worker, { givenName: 'მაია', estimatedAge: 40, consent: null })).json();
    const twice = await register(worker, { estimatedAge: 8, representativeId: mother.id, newRepresentative: { givenName: 'ა', surname: 'ბ', sex: 'male', estimatedAge: 40 } });
    expect(twice.json().errors[0].field).toBe('newRepresentative');
    const linked = await register(worker, { estimatedAge: 8, representativeId: mother.id });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().representativeId).toBe(mother.id);
  });
});

describe('the people list', () => {
  it('sends as many queries for a page of 50 as for a page of 1, for the serving CSO and a referral receiver', async () => {
    for (let i = 0; i < 4; i++) expect((await register(worker, { givenName: `ქეთი${i}`, surname: 'ნოზაძე', estimatedAge: 10 + i })).statusCode).toBe(201);
    // The receiver sees two people through accepted referrals.
    for (const name of ['ბარბარე', 'სალომე']) {
      const person = (await register(worker, { givenName: name, surname: 'ნოზაძე', estimatedAge: 9 })).json();
      const opened = (await worker.post('/api/v1/cases', { personId: person.id })).json();
      const referral = (await worker.post(`/api/v1/cases/${opened.id}/referrals`, { toOrganisationId: world.b.cso.id, reason: 'r', urgency: 'routine', sharedFields: ['name'] })).json();
      expect((await receiver.post(`/api/v1/referrals/${referral.id}/accept`, {})).statusCode).toBe(200);
    }
    for (const client of [worker, receiver]) {
      const one = await capture(t.database, client, '/api/v1/people?q=ნოზაძე&pageSize=1');
      const many = await capture(t.database, client, '/api/v1/people?q=ნოზაძე&pageSize=50');
      expect(one.status).toBe(200);
      expect(many.response.json().items.length).toBeGreaterThan(1);
      expect(many.statements.length, many.statements.map((s) => s.sql.slice(0, 80)).join('\n')).toBe(one.statements.length);
    }
    // The receiver sees the shared part only: names, no birth date or age.
    const received = (await receiver.get('/api/v1/people?q=ნოზაძე')).json();
    expect(received.items).toHaveLength(2);
    expect(received.items[0]).toMatchObject({ surname: 'ნოზაძე', birthDate: null, estimatedAge: null });
  });

  it('puts the person whose whole name was searched for first, then the near matches by surname, on every page', async () => {
    const near = [];
    for (const surname of ['ლომაძე', 'ლომთაძიანი']) near.push((await register(worker, { givenName: 'თეონა', surname, estimatedAge: 30, targetGroup: 'other' })).json().id);
    const whole = (await register(worker, { givenName: 'თეონა', surname: 'ლომთაძე', estimatedAge: 30, targetGroup: 'other' })).json().id;
    for (const q of ['თეონა ლომთაძე', 'Lomtadze Teona']) {
      const first = (await worker.get(`/api/v1/people?q=${encodeURIComponent(q)}&pageSize=2`)).json();
      expect(first.items[0].id, q).toBe(whole);
      // The pages after the first go on in the same order, every match once.
      const rest = (await worker.get(`/api/v1/people?q=${encodeURIComponent(q)}&pageSize=50&after=${first.next}`)).json();
      const seen = [...first.items, ...rest.items].map((p: { id: string }) => p.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expect.arrayContaining([whole, ...near]));
      const surnames = [...first.items, ...rest.items].slice(1).map((p: { surname: string }) => p.surname);
      expect(surnames).toEqual([...surnames].sort());
    }
    // Sorted the other way, the whole name still leads.
    const descending = (await worker.get(`/api/v1/people?q=${encodeURIComponent('თეონა ლომთაძე')}&dir=desc`)).json();
    expect(descending.items[0].id).toBe(whole);
  });

  it("exports a person's target group in the reader's words, not the stored code", async () => {
    await register(worker, { givenName: 'ქეთი', surname: 'ზედგენიძე', estimatedAge: 30, targetGroup: 'persons_with_disabilities' });
    const csv = (await worker.get(`/api/v1/people/export?format=csv&q=${encodeURIComponent('ქეთი ზედგენიძე')}`)).body;
    expect(csv).toContain('შშმ პირები');
    expect(csv).not.toContain('persons_with_disabilities');
  });

  it('filters before paging: every page but the last is full, and the pages hold every match once', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await register(worker, { givenName: `ოჯახი${i}`, surname: `ხუციშვილი${i}`, estimatedAge: 30, targetGroup: 'families_at_risk' })).json().id);
    for (let i = 0; i < 5; i++) await register(worker, { givenName: `სხვა${i}`, surname: `ხუციშვილი${i}`, estimatedAge: 30, targetGroup: 'other' });
    const seen: string[] = [];
    let after: string | null = null;
    let first = true;
    do {
      const url: string = `/api/v1/people?targetGroup=families_at_risk&pageSize=3${after ? `&after=${after}` : ''}`;
      const page = (await worker.get(url)).json() as { items: { id: string }[]; next: string | null; total: number };
      if (first) expect(page.total).toBe(7);
      first = false;
      if (page.next) expect(page.items).toHaveLength(3);
      seen.push(...page.items.map((p) => p.id));
      after = page.next;
    } while (after);
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('reads a filtered page, and the page after it, along an index', async () => {
    const first = await capture(t.database, bigStaff, '/api/v1/people?targetGroup=families_at_risk&pageSize=25');
    expect(first.response.json().items).toHaveLength(25);
    const next = await capture(t.database, bigStaff, `/api/v1/people?targetGroup=families_at_risk&pageSize=25&after=${first.response.json().next}`);
    expect(next.response.json().items).toHaveLength(25);
    for (const statement of [...rowQueries(first.statements), ...rowQueries(next.statements)]) {
      expect(await sequentialScans(t.database, statement, ['people', 'referrals']), statement.sql.slice(0, 200)).toEqual([]);
    }
    // The page of people is read in the list's order (surname, given name, id) from the index, not sorted.
    const pageQueries = [...rowQueries(first.statements), ...rowQueries(next.statements)].filter((s) => /from "people"/.test(s.sql) && /order by/i.test(s.sql));
    expect(pageQueries).toHaveLength(2);
    for (const statement of pageQueries) expect((await nodesOf(t.database, statement)).filter((node) => /Sort/.test(node)), statement.sql.slice(0, 300)).toEqual([]);
  });
});

describe('the people export', () => {
  it('streams more rows than one batch, every one of them, in keyset batches', async () => {
    const { response, statements } = await capture(t.database, bigStaff, '/api/v1/people/export?format=csv');
    expect(response.statusCode).toBe(200);
    const lines = response.body.trim().split('\r\n');
    expect(lines).toHaveLength(BIG + 1);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(BIG);
    // Batch after batch, each starting after the previous one's last key (no OFFSET, never everything at once).
    const batches = statements.map((s) => s.sql).filter((s) => /from "people"/.test(s) && /limit/i.test(s) && /json_build_array/.test(s));
    expect(batches.length).toBe(Math.ceil(BIG / EXPORT_BATCH_SIZE));
    for (const batch of batches.slice(1)) expect(batch).toMatch(/\) > \(/);
    for (const s of statements) expect(s.sql).not.toMatch(/offset/i);
  });

  it('neutralises formula cells in CSV and XLSX, and the de-identified variant has no names, numbers or ids', async () => {
    const formulas = ['=HYPERLINK("http://x")', '+1+2+3', '-3*7', '@SUM(1)'];
    const ids: string[] = [];
    for (const [i, name] of formulas.entries()) ids.push((await register(worker, { givenName: name, surname: `ფორმულა${i}`, estimatedAge: 20, personalNumber: `0100101${String(1000 + i)}` })).json().id);
    const csv = (await worker.get('/api/v1/people/export?format=csv&q=ფორმულა')).body;
    for (const name of formulas) expect(csv).toContain(`"'${name.replace(/"/g, '""')}"`);
    const xlsx = await worker.get('/api/v1/people/export?format=xlsx&q=ფორმულა');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    for (const name of formulas) expect(cells.some((c) => c.value === `'${name}` || c.value === name)).toBe(true);

    const deidentified = (await worker.get('/api/v1/people/export?format=csv&deidentified=true&q=ფორმულა')).body;
    const rows = deidentified.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(formulas.length);
    for (const name of ['HYPERLINK', '1+2+3', '3*7', 'SUM(1)', 'ფორმულა', '0100101']) expect(deidentified).not.toContain(name);
    for (const id of ids) expect(deidentified).not.toContain(id);
    // Codes are random: two exports do not share them.
    const again = (await worker.get('/api/v1/people/export?format=csv&deidentified=true&q=ფორმულა')).body;
    expect(rows.map((r) => r.split(',')[0])).not.toEqual(again.trim().split('\r\n').slice(1).map((r) => r.split(',')[0]));
  });

  it('de-identified, moves every date into the past by one offset, never past today (a registration of today read as a future date)', async () => {
    await register(worker, { givenName: 'დღევანდელი', surname: 'წანაცვლებაძე', estimatedAge: 30 });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tbilisi' }).format(new Date());
    // The offset is random per export: ten exports all keep a registration of today in the past.
    for (let i = 0; i < 10; i++) {
      const rows = (await worker.get('/api/v1/people/export?format=csv&deidentified=true&q=წანაცვლებაძე')).body.trim().split('\r\n').slice(1);
      expect(rows).toHaveLength(1);
      const dates = rows[0]!.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
      expect(dates.length).toBeGreaterThan(0);
      for (const date of dates) expect(date < today, `${date} is before ${today}`).toBe(true);
    }
  });

  it('holds only the people whose personal data the reader sees, not those shared through a referral', async () => {
    const csv = (await receiver.get('/api/v1/people/export?format=csv&q=ნოზაძე')).body;
    expect(csv.trim().split('\r\n')).toHaveLength(1);
  });
});

describe('retention', () => {
  it('lists closed cases past the period a page at a time, and anonymising takes the case off the list', async () => {
    const made: string[] = [];
    for (const name of ['ძველი1', 'ძველი2', 'ძველი3']) {
      const person = (await register(worker, { givenName: name, estimatedAge: 12 })).json();
      const opened = (await worker.post('/api/v1/cases', { personId: person.id })).json();
      await t.database.db.update(casesTable).set({ status: 'closed', closedOn: '2015-05-05', closureReason: 'moved' }).where(eq(casesTable.id, opened.id));
      made.push(opened.id);
    }
    // A recently closed case is not listed.
    const recent = (await register(worker, { givenName: 'ახალი', estimatedAge: 12 })).json();
    const recentCase = (await worker.post('/api/v1/cases', { personId: recent.id })).json();
    await t.database.db.update(casesTable).set({ status: 'closed', closedOn: new Date().toISOString().slice(0, 10) }).where(eq(casesTable.id, recentCase.id));

    const first = (await manager.get('/api/v1/cases/retention?years=5&pageSize=2')).json();
    expect(first.items).toHaveLength(2);
    expect(first.total).toBe(3);
    const second = (await manager.get(`/api/v1/cases/retention?years=5&pageSize=2&after=${first.next}`)).json();
    const listed = [...first.items, ...second.items].map((c: { id: string }) => c.id);
    expect(listed.sort()).toEqual([...made].sort());
    expect(first.items[0]).toMatchObject({ status: 'closed', closedOn: '2015-05-05', personName: expect.stringContaining('ძველი') });
    expect((await manager.get('/api/v1/cases/retention?years=20')).json().items).toHaveLength(0);
    expect((await worker.get('/api/v1/cases/retention')).statusCode).toBe(403);

    const target = first.items[0] as { id: string; personId: string };
    expect((await manager.post(`/api/v1/people/${target.personId}/erase`, {})).json()).toEqual({ id: target.personId, erased: true });
    const after = (await manager.get('/api/v1/cases/retention?years=5')).json();
    expect(after.items.map((c: { id: string }) => c.id)).not.toContain(target.id);
    expect(after.total).toBe(2);
  });
});
