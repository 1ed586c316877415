import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from '../../common/schemas/list';
import type { Client, TestApp } from '../support/app';
import { factories, startBareTestApp, unique, type Factories, type TwoCsos } from '../support/factories';

// Lists sorted by a person's or organisation's name put Georgian names first, then the others
// (Latin), each script in its own order, whatever the database's collation (PGlite's C,
// PostgreSQL's libc or ICU: all put Latin first), in both languages of the UI, and keyset
// paging crosses from one script to the other without losing or repeating a row.

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let english: Client;

const GEORGIAN = /^[\u10D0-\u10FA\u1C90-\u1CBF]/;
const georgianFirst = (names: string[]) => {
  const firstLatin = names.findIndex((n) => !GEORGIAN.test(n));
  return firstLatin === -1 || names.slice(firstLatin).every((n) => !GEORGIAN.test(n));
};

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
  const admin = await f.user(world.consortium.id, ['admin']);
  english = await admin.login();
  expect((await english.patch('/api/v1/me', { language: 'en' })).statusCode).toBe(200);
}, 120_000);
afterAll(() => t?.close());

/** Every page of a list following `next`, and the pages themselves. */
async function walk<T>(client: Client, url: string): Promise<{ pages: Page<T>[]; items: T[] }> {
  const pages: Page<T>[] = [];
  let after: string | null = null;
  do {
    const response = await client.get(`${url}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as Page<T>;
    pages.push(page);
    after = page.next;
  } while (after && pages.length < 100);
  return { pages, items: pages.flatMap((p) => p.items) };
}

// Three of each script, given in no order; capitalised ASCII so every collation agrees on the Latin ones.
const NAMES = ['Zurab Kldiashvili', 'ნინო ბერიძე', 'Anna Weber', 'ჰამლეტ ხუციშვილი', 'Mariam Lomidze', 'ანა გელაშვილი'];
const SORTED = ['ანა გელაშვილი', 'ნინო ბერიძე', 'ჰამლეტ ხუციშვილი', 'Anna Weber', 'Mariam Lomidze', 'Zurab Kldiashvili'];

describe('lists sorted by name', () => {
  it('users: Georgian names first, then Latin, page by page across the boundary, in Georgian and English', async () => {
    const organisation = await f.organisation('consortium');
    for (const displayName of NAMES) await f.user(organisation.id, ['programme_manager'], { displayName });
    for (const client of [f.admin, english]) {
      // Two a page: page 2 holds the last Georgian name and the first Latin one.
      const { pages, items } = await walk<{ displayName: string }>(client, `/api/v1/users?organisationId=${organisation.id}&sort=displayName&pageSize=2`);
      expect(pages[1]!.items.map((u) => u.displayName)).toEqual(SORTED.slice(2, 4));
      expect(items.map((u) => u.displayName)).toEqual(SORTED);
      const backwards = await walk<{ displayName: string }>(client, `/api/v1/users?organisationId=${organisation.id}&sort=displayName&dir=desc&pageSize=2`);
      expect(backwards.items.map((u) => u.displayName)).toEqual([...SORTED].reverse());
      // Unfiltered (every login, the factories' Latin ones too): still Georgian first.
      const all = await walk<{ displayName: string }>(client, '/api/v1/users?sort=displayName&pageSize=4');
      expect(georgianFirst(all.items.map((u) => u.displayName)), all.items.map((u) => u.displayName).join(' | ')).toBe(true);
      expect(all.items.filter((u) => SORTED.includes(u.displayName)).map((u) => u.displayName)).toEqual(SORTED);
    }
    // The export is in the list's order.
    const csv = (await f.admin.get(`/api/v1/users/export?format=csv&organisationId=${organisation.id}`)).body;
    const names = csv.split('\r\n').slice(1, -1).map((line) => line.split('","')[0]!.replace(/^"/, ''));
    expect(names).toEqual(SORTED);
  });

  it('organisations: by the name in the reader\'s language, Georgian first, also within a kind', async () => {
    const s = unique();
    // The Georgian name of an international organisation is often written in Latin letters.
    const made = [
      { nameKa: `World Vision ${s}`, nameEn: `World Vision ${s}` },
      { nameKa: `ხიდი ${s}`, nameEn: `Bridge ${s}` },
      { nameKa: `Caritas ${s}`, nameEn: `Caritas ${s}` },
      { nameKa: `ანიკა ${s}`, nameEn: `ანიკა ${s}` },
    ];
    for (const o of made) expect((await f.admin.post('/api/v1/organisations', { kind: 'donor', ...o, municipalityIds: [] })).statusCode).toBe(201);
    const expected = { ka: [`ანიკა ${s}`, `ხიდი ${s}`, `Caritas ${s}`, `World Vision ${s}`], en: [`ანიკა ${s}`, `Bridge ${s}`, `Caritas ${s}`, `World Vision ${s}`] };
    for (const [client, lang] of [[f.admin, 'ka'], [english, 'en']] as const) {
      const name = (o: { nameKa: string; nameEn: string }) => (lang === 'ka' ? o.nameKa : o.nameEn);
      for (const url of [`/api/v1/organisations?q=${s}&sort=name&pageSize=2`, `/api/v1/organisations?q=${s}&sort=kind&pageSize=2`, `/api/v1/organisations?kind=donor&q=${s}&pageSize=3`]) {
        const { items } = await walk<{ nameKa: string; nameEn: string }>(client, url);
        expect(items.map(name), `${lang} ${url}`).toEqual(expected[lang]);
      }
      const all = await walk<{ nameKa: string; nameEn: string }>(client, '/api/v1/organisations?sort=name&pageSize=5');
      expect(georgianFirst(all.items.map(name)), lang).toBe(true);
      expect(all.items.map(name).filter((n) => n.endsWith(` ${s}`))).toEqual(expected[lang]);
    }
  });

  it('people served: by surname, Georgian first, across pages', async () => {
    const worker = await world.a.caseWorker.login();
    const consent = { givenBy: 'person', givenOn: '2026-01-10', processing: true, referralSharing: false };
    const surnames = ['Smith', 'ბერიძე', 'Abbott', 'ჰაჯიევი', 'აბაშიძე', 'Miller'];
    for (const surname of surnames) {
      const r = await worker.post('/api/v1/people', { organisationId: world.a.cso.id, givenName: 'ნინო', surname, sex: 'female', estimatedAge: 30, consent });
      expect(r.statusCode, r.body).toBe(201);
    }
    const { pages, items } = await walk<{ surname: string }>(worker, '/api/v1/people?sort=surname&pageSize=2');
    expect(pages[1]!.items.map((p) => p.surname)).toEqual(['ჰაჯიევი', 'Abbott']);
    expect(items.map((p) => p.surname)).toEqual(['აბაშიძე', 'ბერიძე', 'ჰაჯიევი', 'Abbott', 'Miller', 'Smith']);
    const backwards = await walk<{ surname: string }>(worker, '/api/v1/people?sort=surname&dir=desc&pageSize=4');
    expect(backwards.items.map((p) => p.surname)).toEqual(['Smith', 'Miller', 'Abbott', 'ჰაჯიევი', 'ბერიძე', 'აბაშიძე']);
  });

  it('people served: one family by given name, after the surname, across a page boundary, and in the export', async () => {
    const cso = await f.organisation('cso');
    const worker = await (await f.user(cso.id, ['case_worker'])).login();
    const consent = { givenBy: 'person', givenOn: '2026-01-10', processing: true, referralSharing: false };
    const surname = `ქავთარაძე${unique()}`;
    // Registered in reverse order, so the order of registration (or of ids) would not pass for the given names' order.
    const given = ['ნინო', 'მარიამ', 'გიორგი', 'ანა'];
    for (const givenName of given) {
      const r = await worker.post('/api/v1/people', { organisationId: cso.id, givenName, surname, sex: 'female', estimatedAge: 30, consent });
      expect(r.statusCode, r.body).toBe(201);
    }
    const sorted = [...given].reverse();
    for (const filter of ['', `&organisationId=${cso.id}`]) {
      // (The CSO serves only this family: no search, whose best matches would come first.)
      const { pages, items } = await walk<{ givenName: string; surname: string }>(worker, `/api/v1/people?sort=surname&pageSize=3${filter}`);
      expect(pages.length).toBe(2); // the family is split by the page boundary
      expect(items.map((p) => p.givenName), filter).toEqual(sorted);
      const backwards = await walk<{ givenName: string }>(worker, `/api/v1/people?sort=surname&dir=desc&pageSize=3${filter}`);
      expect(backwards.items.map((p) => p.givenName), filter).toEqual(given);
    }
    const csv = (await worker.get('/api/v1/people/export?format=csv')).body;
    expect(csv.split('\r\n').slice(1, -1).map((line) => sorted.find((name) => line.includes(`"${name}"`)))).toEqual(sorted);
  });

  it('the learning staff register: one family by given name, after the surname, across a page boundary', async () => {
    const cso = await f.organisation('cso');
    const surname = `ქავთარაძე${unique()}`;
    const given = ['ნინო', 'მარიამ', 'გიორგი', 'ანა'];
    const staffIds: string[] = [];
    for (const givenName of given) {
      const r = await f.admin.post('/api/v1/learning/staff', { organisationId: cso.id, givenName, surname, sex: 'female' });
      expect(r.statusCode, r.body).toBe(201);
      staffIds.push(r.json().id);
    }
    const sorted = [...given].reverse();
    for (const filter of ['', `&organisationId=${cso.id}`]) {
      const { pages, items } = await walk<{ givenName: string }>(f.admin, `/api/v1/learning/staff?q=${encodeURIComponent(surname)}&sort=surname&pageSize=3${filter}`);
      expect(pages.length).toBe(2);
      expect(items.map((p) => p.givenName), filter).toEqual(sorted);
      const backwards = await walk<{ givenName: string }>(f.admin, `/api/v1/learning/staff?q=${encodeURIComponent(surname)}&sort=surname&dir=desc&pageSize=3${filter}`);
      expect(backwards.items.map((p) => p.givenName), filter).toEqual(given);
    }
    // A training's participants, in the same order.
    const pkg = await f.admin.post('/api/v1/learning/packages', { code: `pkg_${unique()}`, titleKa: 'პაკეტი', titleEn: 'Package', published: true });
    const mod = await f.admin.post('/api/v1/learning/modules', { packageId: pkg.json().id, code: `mod_${unique()}`, titleKa: 'მოდული', titleEn: 'Module', published: true });
    const training = await f.admin.post('/api/v1/learning/trainings', { moduleId: mod.json().id, titleKa: 'ტრენინგი', titleEn: 'Training', days: ['2026-05-04'], online: true });
    expect(training.statusCode, training.body).toBe(201);
    for (const staffId of staffIds) expect((await f.admin.post(`/api/v1/learning/trainings/${training.json().id}/participants`, { staffId })).statusCode).toBe(201);
    const detail = (await f.admin.get(`/api/v1/learning/trainings/${training.json().id}`)).json() as { participants: { staffName: string }[] };
    expect(detail.participants.map((p) => p.staffName)).toEqual(sorted.map((name) => `${name} ${surname}`));
  });

  it('the learning staff register: by surname, Georgian first, across pages', async () => {
    const surnames = ['Smith', 'ბერიძე', 'Abbott', 'ჰაჯიევი', 'აბაშიძე', 'Miller'];
    for (const surname of surnames) {
      const r = await f.admin.post('/api/v1/learning/staff', { organisationId: world.b.cso.id, givenName: 'ნინო', surname, sex: 'female' });
      expect(r.statusCode, r.body).toBe(201);
    }
    for (const client of [f.admin, english]) {
      const { pages, items } = await walk<{ surname: string }>(client, `/api/v1/learning/staff?organisationId=${world.b.cso.id}&sort=surname&pageSize=2`);
      expect(pages[1]!.items.map((p) => p.surname)).toEqual(['ჰაჯიევი', 'Abbott']);
      expect(items.map((p) => p.surname)).toEqual(['აბაშიძე', 'ბერიძე', 'ჰაჯიევი', 'Abbott', 'Miller', 'Smith']);
      const all = await walk<{ surname: string }>(client, '/api/v1/learning/staff?sort=surname&pageSize=4');
      expect(georgianFirst(all.items.map((p) => p.surname))).toBe(true);
    }
  });
});
