import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../server/http/input-guard';
import { DEMO_EMAILS, loginAs, startTestApp, userIdByEmail, type Client, type TestApp } from '../support/app';

// Sends the malformed shapes an attacker tries to every route in the OpenAPI document, signed in,
// and fails on any 5xx. Bounded: a handful of requests per route, no randomness.

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: JsonSchema | boolean;
}
interface Operation {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}
type Doc = { paths: Record<string, Record<string, Operation>> };

const NUL = 'x\u0000y';
const LONE_SURROGATE = 'x\uD800y';

/** A body shaped like the schema, with every string carrying `text`, so it gets past the schema when nothing else stops it. */
function shaped(schema: JsonSchema | undefined, text: string, known: Record<string, unknown>, depth = 0): unknown {
  if (!schema || depth > 6) return text;
  const choice = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (choice?.length) return shaped(choice.find((s) => s.type !== 'null') ?? choice[0], text, known, depth + 1);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // Real ids where a field names one, so the strings get as far as the database.
      for (const [key, value] of Object.entries(schema.properties ?? {})) out[key] = key in known ? known[key] : shaped(value, text, known, depth + 1);
      if (!schema.properties && schema.additionalProperties) out[text] = text;
      return out;
    }
    case 'array':
      return [shaped(schema.items, text, known, depth + 1)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'email') return `a${text}@example.ge`;
      if (schema.format === 'date' || schema.format === 'date-time') return '2026-01-01';
      return text;
  }
}

/** 600 nested groups: deeper than any real instrument. */
function deeplyNested(levels: number) {
  let items: unknown[] = [{ kind: 'question', type: 'text', name: 'q', label: { en: 'Q' } }];
  for (let i = 0; i < levels; i++) items = [{ kind: 'group', name: `g${i}`, label: { en: 'G' }, items }];
  return { items, choiceLists: {}, definition: { items, choiceLists: {} } };
}

interface Signed {
  client: Client;
  /** Real ids for body fields of these names. */
  known: Record<string, unknown>;
}

let t: TestApp;
let signed: Signed[];
let doc: Doc;
/** A real record id per collection path, so `{id}` routes reach their handlers. */
const realIds = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
  const admin = await loginAs(t.app, 'admin');
  const caseWorker = await loginAs(t.app, 'case_worker');
  const firstId = async (url: string) => {
    const body = (await admin.get(url)).json();
    return (Array.isArray(body) ? body[0]?.id : body.items?.[0]?.id) as string;
  };
  const instrumentId = await firstId('/api/v1/instruments?q=washington');
  const municipalityId = await firstId('/api/v1/municipalities');
  const regionId = await firstId('/api/v1/regions');
  const caseWorkerOrg = (await caseWorker.get('/api/v1/me')).json().user.organisation.id as string;
  const started = await caseWorker.post('/api/v1/responses', { instrumentId, organisationId: caseWorkerOrg, label: 'fuzz' });
  expect(started.statusCode).toBe(201);
  for (const collection of ['/api/v1/organisations', '/api/v1/regions', '/api/v1/municipalities', '/api/v1/instruments', '/api/v1/responses']) {
    realIds.set(collection, await firstId(collection));
  }
  // Not a signed-in fuzzer's own account: resetting its password would end its session.
  realIds.set('/api/v1/users', await userIdByEmail(t.database, DEMO_EMAILS.viewer));
  const common = { instrumentId, regionId, municipalityIds: [municipalityId], version: 1 };
  signed = [
    { client: admin, known: { ...common, organisationId: caseWorkerOrg, mentorOrganisationIds: [caseWorkerOrg], roles: ['admin'] } },
    { client: caseWorker, known: { ...common, organisationId: caseWorkerOrg } },
  ];
});
afterAll(() => t?.close());

function pathFor(path: string): string {
  const collection = path.split('/{')[0]!;
  return path.replace('{id}', realIds.get(collection) ?? randomUUID()).replace('{number}', '1');
}

/** One URL per query parameter carrying `value`, the others left out (so validation of one does not hide another). */
function urlsFor(path: string, op: Operation, value: string): string[] {
  const query = (op.parameters ?? []).filter((p) => p.in === 'query');
  return query.length ? query.map((p) => `${pathFor(path)}?${p.name}=${value}`) : [pathFor(path)];
}

describe('no malformed request gives a 5xx, on any route', () => {
  it('covers the API', () => {
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1')).length).toBeGreaterThan(20);
  });

  it('NUL bytes, lone surrogates, deep nesting and broken bodies → 4xx', async () => {
    const failures: string[] = [];
    const check = (what: string, status: number, body: string) => {
      if (status >= 500) failures.push(`${what} → ${status} ${body.slice(0, 200)}`);
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      // Signing out would end the fuzzers' sessions; it reads no input.
      if (!path.startsWith('/api/v1') || path === '/api/v1/auth/logout') continue;
      for (const [method, op] of Object.entries(methods)) {
        const verb = method.toUpperCase() as 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
        for (const { client, known } of signed) {
          // Query strings: NUL, an encoded lone surrogate (invalid UTF-8), an overlong value.
          for (const value of ['a%00b', '%ED%A0%80', '%F0%28%8C%28', 'x'.repeat(5000)]) {
            for (const url of urlsFor(path, op, value)) {
              const r = await client.raw({ method: verb, url, ...(verb === 'GET' || verb === 'DELETE' ? {} : { payload: {} }) });
              check(`${verb} ${url.slice(0, 120)}`, r.statusCode, r.body);
            }
          }
          // Path parameters with a NUL byte.
          if (path.includes('{')) {
            const url = path.replace(/\{[^}]+\}/g, '%00');
            const r = await client.raw({ method: verb, url });
            check(`${verb} ${url}`, r.statusCode, r.body);
          }
          if (verb === 'GET' || verb === 'DELETE') continue;
          const content = op.requestBody?.content ?? {};
          const url = urlsFor(path, op, 'q').find((u) => u.includes('question=')) ?? pathFor(path);
          if (content['multipart/form-data'] || !op.requestBody) {
            const boundary = 'ertadfuzz';
            const part = (name: string) => `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n\u0089PNG\r\n\r\n`;
            const shapes: [string, string, string][] = [
              ['no boundary', 'multipart/form-data', part('a.png')],
              ['truncated', `multipart/form-data; boundary=${boundary}`, part('a.png').slice(0, -6)],
              ['NUL in file name', `multipart/form-data; boundary=${boundary}`, `${part('a\u0000.png')}\r\n--${boundary}--\r\n`],
              ['surrogate in file name', `multipart/form-data; boundary=${boundary}`, `${part('a\uD800.png')}\r\n--${boundary}--\r\n`],
            ];
            for (const [what, contentType, payload] of shapes) {
              const r = await client.raw({ method: verb, url, headers: { 'content-type': contentType }, payload });
              check(`${verb} ${url} multipart ${what}`, r.statusCode, r.body);
            }
          }
          const schema = content['application/json']?.schema;
          const bodies: [string, unknown][] = [
            ['NUL strings', shaped(schema, NUL, known)],
            ['lone surrogates', shaped(schema, LONE_SURROGATE, known)],
            ['NUL in keys', { [NUL]: NUL, answers: { [NUL]: NUL } }],
            ['600 nested groups', deeplyNested(600)],
          ];
          for (const [what, body] of bodies) {
            const r = await client.raw({ method: verb, url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
            check(`${verb} ${url} ${what}`, r.statusCode, r.body);
          }
          const truncated = await client.raw({ method: verb, url, headers: { 'content-type': 'application/json' }, payload: '{"a": "\\u00' });
          check(`${verb} ${url} truncated JSON`, truncated.statusCode, truncated.body);
        }
      }
    }
    expect(failures).toEqual([]);
    // Thousands of requests, one after another, over every route and role: 40 s on PGlite on a
    // busy 2-core machine, more than a minute when other suites share its cores. What it checks is
    // the status of each answer, not how fast they come.
  }, 180_000);

  it('the login (no session needed) refuses a NUL or lone surrogate in the email with a field message', async () => {
    for (const email of [`admin${NUL}@demo.ertad.ge`, `admin${LONE_SURROGATE}@demo.ertad.ge`]) {
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en' }, payload: { email, password: 'whatever-password' } });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors).toEqual([{ field: 'email', message: 'This text contains characters that are not allowed (a NUL byte or a broken Unicode character)' }]);
    }
  });
});

describe('depth limits', () => {
  it('an instrument definition nested 600 groups deep → 400 naming the limit, not a stack overflow', async () => {
    const admin = signed[0]!.client;
    const instrumentId = realIds.get('/api/v1/instruments')!;
    const r = await admin.raw({ method: 'PUT', url: `/api/v1/instruments/${instrumentId}/draft`, headers: { 'accept-language': 'en' }, payload: { definition: deeplyNested(600), version: 1 } });
    expect(r.statusCode).toBe(400);
    // The signed-in user's language (Georgian) wins over Accept-Language.
    expect(r.json().errors[0].message).toBe(`მონაცემები ზედმეტად ღრმადაა ჩადგმული (მაქსიმუმ ${MAX_JSON_DEPTH} დონე)`);
  });
});
