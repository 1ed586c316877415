import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client} from '../support/app';
import { loginAs, organisationIdByName, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
});
afterAll(() => t?.close());

const problemOf = (r: { headers: Record<string, unknown>; json: () => { type: string; status: number; title: string } }) => {
  expect(String(r.headers['content-type'])).toContain('application/problem+json');
  return r.json();
};

describe('bad input is a 4xx problem, never a 500', () => {
  it('malformed JSON → 400', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(r.statusCode).toBe(400);
    expect(problemOf(r).type).toBe('urn:ertad:problem:malformed');
  });

  it('oversized body → 413', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.ge', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(r.statusCode).toBe(413);
    expect(problemOf(r).type).toBe('urn:ertad:problem:payloadTooLarge');
  });

  it('a form post (not JSON) → 415, so cross-site forms cannot reach the API', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'email=a' });
    expect(r.statusCode).toBe(415);
  });

  it('unknown routes → 404 problem, signed in or not', async () => {
    expect(problemOf(await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' })).status).toBe(404);
    expect((await admin.get('/api/v1/nothing-here')).statusCode).toBe(404);
  });

  it('a bad id or query value → 400 with the field named', async () => {
    const r = await admin.get('/api/v1/organisations/not-a-uuid');
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('params.id');
    const q = await admin.get('/api/v1/organisations?pageSize=100000&sort=password');
    expect(q.statusCode).toBe(400);
    expect(q.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['querystring.pageSize', 'querystring.sort']);
  });

  it('validation errors are per field and translated into the user language', async () => {
    const body = { kind: 'cso', nameKa: '', nameEn: 'X', email: 'not-an-email', registrationNumber: '12' };
    const ka = (await admin.post('/api/v1/organisations', body)).json();
    expect(ka.title).toBe('ზოგიერთი ველი საჭიროებს ყურადღებას');
    expect(Object.fromEntries(ka.errors.map((e: { field: string; message: string }) => [e.field, e.message]))).toEqual({
      nameKa: 'ეს ველი სავალდებულოა',
      email: 'შეიყვანეთ სწორი ელფოსტის მისამართი',
      registrationNumber: 'საიდენტიფიკაციო ნომერი შედგება 9-დან 11 ციფრამდე',
    });
    const en = (await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en-GB,en' }, payload: { email: '' } })).json();
    expect(en.title).toBe('Some fields need attention');
    expect(en.errors).toContainEqual({ field: 'password', message: 'This field is required' });
  });

  it('a choice left empty is "required"; a value outside the choices is "choose one of them"', async () => {
    const message = async (body: Record<string, unknown>) => {
      const errors = (await admin.post('/api/v1/organisations', { nameKa: 'X', nameEn: 'X', ...body })).json().errors as { field: string; message: string }[];
      return errors.find((e) => e.field === 'kind')?.message;
    };
    expect(await message({})).toBe('ეს ველი სავალდებულოა');
    expect(await message({ kind: null })).toBe('ეს ველი სავალდებულოა');
    expect(await message({ kind: 'bank' })).not.toBe('ეს ველი სავალდებულოა');
    // Roles: nothing chosen where at least one is needed.
    const user = (await admin.post('/api/v1/users', { email: 'empty.roles@example.ge', displayName: 'X', organisationId: (await admin.get('/api/v1/me')).json().user.organisation.id, roles: [] })).json();
    expect(user.errors).toContainEqual({ field: 'roles', message: 'ეს ველი სავალდებულოა' });
  });

  it('numbers and dates beyond what the database stores → 400, not 500', async () => {
    const id = await organisationIdByName(t.database, 'ANIKA');
    const instrumentId = (await admin.get('/api/v1/instruments?q=wg_ss')).json().items[0].id;
    for (const response of [
      await admin.patch(`/api/v1/organisations/${id}`, { version: 99_999_999_999, phone: '1' }),
      await admin.get(`/api/v1/instruments/${instrumentId}/versions/99999999999`),
      await admin.get('/api/v1/audit?from=275000-01-01'),
      await admin.get('/api/v1/organisations?page=1000000000000'),
    ]) {
      expect(response.statusCode, response.body).toBe(400);
      expect(problemOf(response).type).toBe('urn:ertad:problem:validation');
    }
  });

  it('a problem keeps its shape on a route that describes its own 400 body', async () => {
    const r = await admin.raw({ method: 'POST', url: '/api/v1/instruments/import', payload: '{}', headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
    expect(problemOf(r).type).toMatch(/^urn:ertad:problem:/);
  });

  it('a rejected command writes nothing', async () => {
    const before = (await admin.get('/api/v1/organisations?pageSize=1')).json().total;
    const r = await admin.post('/api/v1/organisations', { kind: 'cso', nameKa: 'ახალი', nameEn: 'New', municipalityIds: ['00000000-0000-4000-8000-000000000000'] });
    expect(r.statusCode).toBe(400);
    expect((await admin.get('/api/v1/organisations?pageSize=1')).json().total).toBe(before);
  });
});

describe('optimistic concurrency', () => {
  it('a stale version gets 409 and does not overwrite', async () => {
    const id = await organisationIdByName(t.database, 'Kutaisi Family Support Association');
    const { version } = (await admin.get(`/api/v1/organisations/${id}`)).json();
    const first = await admin.patch(`/api/v1/organisations/${id}`, { version, phone: '+995 431 11 11 11' });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(version + 1);
    const stale = await admin.patch(`/api/v1/organisations/${id}`, { version, phone: '+995 431 22 22 22' });
    expect(stale.statusCode).toBe(409);
    expect((await admin.get(`/api/v1/organisations/${id}`)).json().phone).toBe('+995 431 11 11 11');
  });
});

describe('lists: pagination, sorting, filtering, export', () => {
  it('pages through a filtered, sorted list', async () => {
    const page1 = (await admin.get('/api/v1/organisations?kind=cso&pageSize=10&sort=name&dir=asc')).json();
    const page3 = (await admin.get('/api/v1/organisations?kind=cso&pageSize=10&page=3&sort=name&dir=asc')).json();
    expect(page1.total).toBe(27);
    expect(page1.items).toHaveLength(10);
    expect(page3.items).toHaveLength(7);
    const names = page1.items.map((o: { nameKa: string }) => o.nameKa);
    expect(names).toEqual([...names].sort());
    const desc = (await admin.get('/api/v1/organisations?kind=cso&pageSize=10&sort=name&dir=desc')).json();
    expect(desc.items[0].nameKa >= names[9]).toBe(true);
  });

  it('searches Georgian and English names, case-insensitively', async () => {
    const ka = (await admin.get(`/api/v1/organisations?q=${encodeURIComponent('ბათუმის')}`)).json();
    const en = (await admin.get('/api/v1/organisations?q=batumi')).json();
    expect(ka.total).toBe(4);
    expect(en.total).toBe(4);
    expect((await admin.get('/api/v1/organisations?q=%25')).json().total).toBe(0);
  });

  it('filters by municipality', async () => {
    const municipalities = (await admin.get('/api/v1/municipalities')).json();
    const telavi = municipalities.find((m: { nameEn: string }) => m.nameEn === 'Telavi');
    const r = (await admin.get(`/api/v1/organisations?municipalityId=${telavi.id}&kind=cso`)).json();
    expect(r.total).toBe(3);
  });

  it('exports CSV with Georgian headers and a BOM', async () => {
    const r = await admin.get('/api/v1/organisations/export?format=csv&kind=donor');
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="organisations-\d{4}-\d{2}-\d{2}\.csv"/);
    const lines = r.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(r.body.startsWith('\uFEFF')).toBe(true);
    expect(lines[0]).toContain('"სახელი (ქართულად)"');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"დონორი"');
  });

  it('exports XLSX that a spreadsheet can open', async () => {
    const r = await admin.get('/api/v1/organisations/export?format=xlsx&kind=cso');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(28);
    expect(sheet.getRow(1).getCell(1).value).toBe('სახელი (ქართულად)');
  });
});

describe('OpenAPI', () => {
  it('describes every API route at /api/openapi.json, and serves docs at /api/docs', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(spec.openapi).toBe('3.1.0');
    const documented = Object.entries(spec.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    for (const route of t.app.apiRoutes) expect(documented).toContain(route);
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
  });
});

describe('health', () => {
  it('reports liveness and readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({ status: 'ok', database: 'ok', pendingMigrations: 0 });
  });
});
