import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartFile, type Client, type TestApp } from '../support/app';
import { factories, startBareTestApp, unique, type Factories, type TwoCsos } from '../support/factories';
import { workbook } from '../support/xlsform-workbook';
import { TINY_PDF } from './access/capacity.rows';

// Uploads sent again under the same Idempotency-Key (a phone whose answer was lost): stored once,
// the repeat answered with the first answer, as any POST (server/http/idempotency.ts, the file's
// digest taken by server/http/upload.ts as the bytes pass).

let t: TestApp;
let f: Factories;
let world: TwoCsos;
let manager: Client;
let pm: Client;
let lessonId: string;

function upload(client: Client, url: string, data: Buffer, filename: string, type: string, key?: string): Promise<LightMyRequestResponse> {
  const { payload, contentType } = multipartFile(data, filename, type);
  return client.raw({ method: 'POST', url, payload, headers: { 'content-type': contentType, ...(key === undefined ? {} : { 'idempotency-key': key }) } });
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  return ((await t.database.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
}

/** Files in the local store (bytes of a refused repeat must not stay behind). */
function storedFiles(): number {
  if (t.config.storage.kind !== 'local') throw new Error('the test app stores files locally');
  const dir = t.config.storage.dir;
  return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
}

beforeAll(async () => {
  t = await startBareTestApp();
  f = await factories(t);
  world = await f.twoCsos();
  manager = await world.a.manager.login();
  pm = await (await f.user(world.consortium.id, ['programme_manager'])).login();
  const pkg = await pm.post('/api/v1/learning/packages', { code: `pkg_${unique()}`, titleKa: 'პაკეტი', titleEn: 'Package', published: true });
  expect(pkg.statusCode, pkg.body).toBe(201);
  const test = await f.publishedInstrument(undefined, { purpose: 'test' });
  const created = await pm.post('/api/v1/learning/modules', { packageId: pkg.json().id, code: `mod_${unique()}`, titleKa: 'მოდული', titleEn: 'Module', hours: 1, testInstrumentId: test.id, passMark: 0 });
  expect(created.statusCode, created.body).toBe(201);
  const lesson = await pm.post(`/api/v1/learning/modules/${created.json().id}/lessons`, { titleKa: 'გაკვეთილი', titleEn: 'Lesson', bodyKa: 'ტექსტი', bodyEn: 'Text', position: 0 });
  expect(lesson.statusCode, lesson.body).toBe(201);
  lessonId = lesson.json().id;
}, 180_000);
afterAll(async () => t?.close());

describe('an upload sent again under the same Idempotency-Key', () => {
  const documentsUrl = () => `/api/v1/capacity/organisations/${world.a.cso.id}/documents?kind=statute`;
  const documents = () => count(sql`select count(*)::int as n from cso_documents where organisation_id = ${world.a.cso.id}`);

  it('stores one CSO document and gives the repeat the first answer; another file under the key is refused', async () => {
    const key = randomUUID();
    const [docsBefore, filesBefore] = [await documents(), storedFiles()];
    const first = await upload(manager, documentsUrl(), TINY_PDF, 'წესდება.pdf', 'application/pdf', key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await upload(manager, documentsUrl(), TINY_PDF, 'წესდება.pdf', 'application/pdf', key);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await documents()).toBe(docsBefore + 1);
    expect(storedFiles()).toBe(filesBefore + 1);
    // The key covers the file's bytes: another file under it is a client's bug, not a replay.
    const other = await upload(manager, documentsUrl(), Buffer.concat([TINY_PDF, Buffer.from('% another\n')]), 'წესდება.pdf', 'application/pdf', key);
    expect(other.statusCode, other.body).toBe(422);
    expect(other.json().type).toBe('urn:ertad:problem:keyReused');
    expect(await documents()).toBe(docsBefore + 1);
    expect(storedFiles()).toBe(filesBefore + 1);
    // Without a key every upload is stored, as before.
    expect((await upload(manager, documentsUrl(), TINY_PDF, 'წესდება.pdf', 'application/pdf')).statusCode).toBe(201);
    expect((await upload(manager, documentsUrl(), TINY_PDF, 'წესდება.pdf', 'application/pdf')).statusCode).toBe(201);
    expect(await documents()).toBe(docsBefore + 3);
  });

  it('stores one document when the repeats arrive at the same moment, and keeps no bytes of the others', async () => {
    const key = randomUUID();
    const [docsBefore, filesBefore] = [await documents(), storedFiles()];
    const answers = await Promise.all([1, 2, 3].map(() => upload(manager, documentsUrl(), TINY_PDF, 'ანგარიში.pdf', 'application/pdf', key)));
    expect(await documents()).toBe(docsBefore + 1);
    expect(storedFiles()).toBe(filesBefore + 1);
    const created = answers.filter((a) => a.statusCode === 201);
    expect(created.length).toBeGreaterThan(0);
    for (const a of created) expect(a.json()).toEqual(created[0]!.json());
    for (const a of answers.filter((a) => a.statusCode !== 201)) expect(a.json().type, a.body).toBe('urn:ertad:problem:requestInProgress');
  });

  it('stores one lesson file', async () => {
    const key = randomUUID();
    const url = `/api/v1/learning/lessons/${lessonId}/files`;
    const first = await upload(pm, url, TINY_PDF, 'სახელმძღვანელო.pdf', 'application/pdf', key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await upload(pm, url, TINY_PDF, 'სახელმძღვანელო.pdf', 'application/pdf', key);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await count(sql`select count(*)::int as n from learning_files where lesson_id = ${lessonId}`)).toBe(1);
  });

  it('imports an XLSForm once: the repeat gets the created instrument, not "form_id already taken"', async () => {
    const key = randomUUID();
    const code = `imported_${unique()}`;
    const file = await workbook({ survey: [['type', 'name', 'label'], ['text', 'a', 'A']], settings: [['form_id', 'form_title'], [code, 'Once']] });
    const first = await upload(f.admin, '/api/v1/instruments/import', file, 'form.xlsx', 'application/octet-stream', key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await upload(f.admin, '/api/v1/instruments/import', file, 'form.xlsx', 'application/octet-stream', key);
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await count(sql`select count(*)::int as n from instruments where code = ${code}`)).toBe(1);
  });

  it('refuses a malformed key on an upload too', async () => {
    const bad = await upload(manager, documentsUrl(), TINY_PDF, 'x.pdf', 'application/pdf', 'short');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('Idempotency-Key');
  });
});
