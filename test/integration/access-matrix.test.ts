/**
 * The access matrix: every API route × every demo role × a record of the caller's own
 * organisation and one of another organisation, with the expected answer. A route registered
 * without rows here fails the completeness test, so no endpoint escapes the matrix.
 *
 * Expectations: an HTTP status, or for lists and exports `listed` / `unlisted` (200, and the
 * target organisation does / does not appear: the list must not leak it).
 */
import type { LightMyRequestResponse } from 'fastify';
import { exportXlsForm } from '../../server/features/instruments/xlsform/export';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, DemoRole } from '../support/app';
import { DEMO_EMAILS, login, loginAs, multipartFile, organisationIdByName, startTestApp, type TestApp } from '../support/app';

type Target = 'own' | 'other' | 'none';
type Expectation = number | 'listed' | 'unlisted';

interface Context {
  role: DemoRole;
  /** The organisation the row is about: the caller's own, or another one. */
  orgId: string;
  orgNameEn: string;
  admin: Client;
}

interface Row {
  route: string;
  targets: Target[];
  expect: (role: DemoRole, target: Target) => Expectation;
  send: (client: Client, ctx: Context) => Promise<LightMyRequestResponse>;
  /** Rows that end the session get a session of their own. */
  ownSession?: boolean;
  /** What a `listed` row looks for in the body (default: the organisation's English name). */
  marker?: (ctx: Context) => string;
}

const ROLES = Object.keys(DEMO_EMAILS) as DemoRole[];
const SEES_ALL: DemoRole[] = ['admin', 'programme_manager', 'viewer'];
const adminOnly = (success: number) => (role: DemoRole) => (role === 'admin' ? success : 403);
const everyone = (status: number) => () => status;
const scopedListOf = (seesAll: DemoRole[]) => (role: DemoRole, target: Target): Expectation =>
  target === 'own' || seesAll.includes(role) ? 'listed' : 'unlisted';
const scopedList = scopedListOf(SEES_ALL);

/** Roles that fill in instruments, and among them those that reach every organisation. */
const FILLS_ALL: DemoRole[] = ['admin', 'programme_manager'];
const fillScoped = (success: number) => (role: DemoRole, target: Target): Expectation =>
  role === 'viewer' ? 403 : target === 'own' || FILLS_ALL.includes(role) ? success : 404;
const designOnly = (success: number) => (role: DemoRole) => (FILLS_ALL.includes(role) ? success : 403);

let counter = 0;
const unique = () => `${Date.now()}${counter++}`;

async function versionOf(ctx: Context, url: string): Promise<number> {
  return (await ctx.admin.get(url)).json().version;
}

async function throwawayUser(ctx: Context): Promise<string> {
  const kindOfTarget = (await ctx.admin.get(`/api/v1/organisations/${ctx.orgId}`)).json().kind as string;
  const role = { consortium: 'mentor', cso: 'case_worker', municipality: 'municipal_monitor', donor: 'viewer' }[kindOfTarget];
  const created = await ctx.admin.post('/api/v1/users', {
    email: `matrix-${unique()}@example.ge`,
    displayName: 'Matrix',
    organisationId: ctx.orgId,
    roles: [role],
  });
  return created.json().user.id;
}

const SIMPLE_DEFINITION = {
  items: [{ kind: 'question', type: 'integer', name: 'n', label: { ka: 'რიცხვი', en: 'Number' }, required: true }],
  choiceLists: {},
  settings: {},
};

/** A fresh instrument whose draft is valid (version 1, unpublished). */
async function draftInstrument(ctx: Context): Promise<{ id: string; version: number }> {
  const created = (await ctx.admin.post('/api/v1/instruments', { code: `matrix_${unique()}`, purpose: 'survey', titleKa: 'ტესტი', titleEn: 'Test' })).json();
  const draft = (await ctx.admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition: SIMPLE_DEFINITION, version: 1 })).json();
  return { id: created.id, version: draft.version };
}

async function publishedInstrument(ctx: Context): Promise<string> {
  const { id, version } = await draftInstrument(ctx);
  await ctx.admin.post(`/api/v1/instruments/${id}/publish`, { version });
  return id;
}

async function wgId(ctx: Context): Promise<string> {
  return (await ctx.admin.get('/api/v1/instruments?q=wg_ss')).json().items[0].id;
}

/** A response of the target organisation, started by the admin (who reaches every organisation). */
async function responseOf(ctx: Context, submitted = false): Promise<{ id: string; version: number }> {
  const started = (await ctx.admin.post('/api/v1/responses', { instrumentId: await wgId(ctx), organisationId: ctx.orgId, label: 'matrix' })).json().response;
  if (!submitted) return { id: started.id, version: started.version };
  const done = (await ctx.admin.post(`/api/v1/responses/${started.id}/submit`, { answers: WG_ANSWERS, version: started.version })).json().response;
  return { id: done.id, version: done.version };
}
const WG_ANSWERS = { seeing: '1', hearing: '1', walking: '3', remembering: '1', selfcare: '1', communicating: '2' };

const multipartXlsx = (file: Buffer) => multipartFile(file, 'form.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

/** One instrument with a file question, published once and shared by the attachment rows. */
let withFileQuestion: Promise<string> | undefined;
function fileInstrument(ctx: Context): Promise<string> {
  withFileQuestion ??= (async () => {
    const created = (await ctx.admin.post('/api/v1/instruments', { code: 'matrix_files', purpose: 'survey', titleKa: 'ფაილი', titleEn: 'File' })).json();
    const definition = { items: [{ kind: 'question', type: 'file', name: 'doc', label: { ka: 'დოკუმენტი', en: 'Document' } }], choiceLists: {}, settings: {} };
    const draft = (await ctx.admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition, version: 1 })).json();
    await ctx.admin.post(`/api/v1/instruments/${created.id}/publish`, { version: draft.version });
    return created.id as string;
  })();
  return withFileQuestion;
}

async function fileResponseOf(ctx: Context): Promise<string> {
  return (await ctx.admin.post('/api/v1/responses', { instrumentId: await fileInstrument(ctx), organisationId: ctx.orgId })).json().response.id;
}

function uploadTo(client: Client, responseId: string) {
  const { payload, contentType } = multipartFile(Buffer.from('minutes of the visit'), 'visit.txt', 'text/plain');
  return client.raw({ method: 'POST', url: `/api/v1/responses/${responseId}/attachments?question=doc`, payload, headers: { 'content-type': contentType } });
}

async function firstRegionId(ctx: Context): Promise<string> {
  return (await ctx.admin.get('/api/v1/regions')).json()[0].id;
}

const ROWS: Row[] = [
  {
    route: 'POST /api/v1/auth/login',
    targets: ['none'],
    expect: everyone(200),
    send: (client, ctx) => client.post('/api/v1/auth/login', { email: DEMO_EMAILS[ctx.role], password: 'demo-password-for-tests' }),
  },
  {
    route: 'POST /api/v1/auth/logout',
    targets: ['none'],
    expect: everyone(204),
    send: (client) => client.post('/api/v1/auth/logout'),
    ownSession: true,
  },
  {
    route: 'POST /api/v1/auth/set-password',
    targets: ['none'],
    expect: everyone(400),
    send: (client) => client.post('/api/v1/auth/set-password', { token: 'not-a-real-token', password: 'long-enough-password' }),
  },
  { route: 'GET /api/v1/auth/session', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/auth/session') },
  { route: 'GET /api/v1/me', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/me') },
  { route: 'PATCH /api/v1/me', targets: ['none'], expect: everyone(200), send: (c) => c.patch('/api/v1/me', { language: 'ka' }) },
  {
    route: 'POST /api/v1/me/password',
    targets: ['none'],
    // Reaches the password check (wrong current password) for every role.
    expect: everyone(400),
    send: (c) => c.post('/api/v1/me/password', { currentPassword: 'wrong-password', newPassword: 'another-password-1' }),
  },
  { route: 'GET /api/v1/dashboard', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/dashboard') },
  {
    route: 'GET /api/v1/organisations',
    targets: ['own', 'other'],
    expect: scopedList,
    send: (c) => c.get('/api/v1/organisations?pageSize=200'),
  },
  {
    route: 'GET /api/v1/organisations/export',
    targets: ['own', 'other'],
    expect: scopedList,
    send: (c) => c.get('/api/v1/organisations/export?format=csv'),
  },
  {
    route: 'GET /api/v1/organisations/:id',
    targets: ['own', 'other'],
    expect: (role, target) => (target === 'own' || SEES_ALL.includes(role) ? 200 : 404),
    send: (c, ctx) => c.get(`/api/v1/organisations/${ctx.orgId}`),
  },
  {
    route: 'POST /api/v1/organisations',
    targets: ['none'],
    expect: (role) => (role === 'admin' || role === 'programme_manager' ? 201 : 403),
    send: (c) => c.post('/api/v1/organisations', { kind: 'cso', nameKa: `ტესტი ${unique()}`, nameEn: `Test ${unique()}` }),
  },
  {
    route: 'PATCH /api/v1/organisations/:id',
    targets: ['own', 'other'],
    expect: (role, target) => {
      if (role === 'admin' || role === 'programme_manager') return 200;
      if (role === 'cso_manager') return target === 'own' ? 200 : 404;
      return 403;
    },
    send: async (c, ctx) =>
      c.patch(`/api/v1/organisations/${ctx.orgId}`, {
        version: await versionOf(ctx, `/api/v1/organisations/${ctx.orgId}`),
        phone: '+995 555 00 00 00',
      }),
  },
  { route: 'GET /api/v1/regions', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/regions') },
  {
    route: 'POST /api/v1/regions',
    targets: ['none'],
    expect: adminOnly(201),
    send: (c) => c.post('/api/v1/regions', { code: `T-${unique()}`, nameKa: 'ტესტი', nameEn: 'Test' }),
  },
  {
    route: 'PATCH /api/v1/regions/:id',
    targets: ['none'],
    expect: adminOnly(200),
    send: async (c, ctx) => {
      const id = await firstRegionId(ctx);
      const region = (await ctx.admin.get('/api/v1/regions')).json().find((r: { id: string }) => r.id === id);
      return c.patch(`/api/v1/regions/${id}`, { version: region.version, nameEn: region.nameEn });
    },
  },
  { route: 'GET /api/v1/municipalities', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/municipalities') },
  {
    route: 'POST /api/v1/municipalities',
    targets: ['none'],
    expect: adminOnly(201),
    send: async (c, ctx) => c.post('/api/v1/municipalities', { regionId: await firstRegionId(ctx), nameKa: 'ტესტი', nameEn: `Test ${unique()}` }),
  },
  {
    route: 'PATCH /api/v1/municipalities/:id',
    targets: ['none'],
    expect: adminOnly(200),
    send: async (c, ctx) => {
      const [first] = (await ctx.admin.get('/api/v1/municipalities')).json();
      return c.patch(`/api/v1/municipalities/${first.id}`, { version: first.version, nameKa: first.nameKa });
    },
  },
  {
    route: 'GET /api/v1/users',
    targets: ['own', 'other'],
    expect: (role) => (role === 'admin' ? 'listed' : 403),
    send: async (c, ctx) => {
      await throwawayUser(ctx);
      return c.get(`/api/v1/users?pageSize=200&organisationId=${ctx.orgId}`);
    },
  },
  {
    route: 'GET /api/v1/users/export',
    targets: ['none'],
    expect: adminOnly(200),
    send: (c) => c.get('/api/v1/users/export?format=xlsx'),
  },
  {
    route: 'GET /api/v1/users/:id',
    targets: ['own', 'other'],
    expect: adminOnly(200),
    send: async (c, ctx) => c.get(`/api/v1/users/${await throwawayUser(ctx)}`),
  },
  {
    route: 'POST /api/v1/users',
    targets: ['own', 'other'],
    expect: adminOnly(201),
    send: (c, ctx) =>
      c.post('/api/v1/users', { email: `new-${unique()}@example.ge`, displayName: 'New', organisationId: ctx.orgId, roles: ['viewer'] }),
  },
  {
    route: 'PATCH /api/v1/users/:id',
    targets: ['own', 'other'],
    expect: adminOnly(200),
    send: async (c, ctx) => {
      const id = await throwawayUser(ctx);
      return c.patch(`/api/v1/users/${id}`, { version: await versionOf(ctx, `/api/v1/users/${id}`), displayName: 'Renamed' });
    },
  },
  {
    route: 'POST /api/v1/users/:id/reset-password',
    targets: ['own', 'other'],
    expect: adminOnly(200),
    send: async (c, ctx) => c.post(`/api/v1/users/${await throwawayUser(ctx)}/reset-password`, { passwordSetup: 'link' }),
  },
  { route: 'GET /api/v1/instruments', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/instruments') },
  { route: 'GET /api/v1/instruments/export', targets: ['none'], expect: everyone(200), send: (c) => c.get('/api/v1/instruments/export?format=xlsx') },
  {
    route: 'POST /api/v1/instruments',
    targets: ['none'],
    expect: designOnly(201),
    send: (c) => c.post('/api/v1/instruments', { code: `m_${unique()}`, purpose: 'survey', titleKa: 'ტესტი', titleEn: 'Test' }),
  },
  { route: 'GET /api/v1/instruments/:id', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/instruments/${await wgId(ctx)}`) },
  {
    route: 'PATCH /api/v1/instruments/:id',
    targets: ['none'],
    expect: designOnly(200),
    send: async (c, ctx) => {
      const { id } = await draftInstrument(ctx);
      return c.patch(`/api/v1/instruments/${id}`, { version: 1, titleEn: 'Renamed' });
    },
  },
  { route: 'GET /api/v1/instruments/:id/versions/:number', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/instruments/${await wgId(ctx)}/versions/1`) },
  { route: 'GET /api/v1/instruments/:id/versions/:number/xlsform', targets: ['none'], expect: everyone(200), send: async (c, ctx) => c.get(`/api/v1/instruments/${await wgId(ctx)}/versions/1/xlsform`) },
  {
    route: 'PUT /api/v1/instruments/:id/draft',
    targets: ['none'],
    expect: designOnly(200),
    send: async (c, ctx) => {
      const { id, version } = await draftInstrument(ctx);
      return c.request('PUT', `/api/v1/instruments/${id}/draft`, { definition: SIMPLE_DEFINITION, version });
    },
  },
  { route: 'POST /api/v1/instruments/:id/draft', targets: ['none'], expect: designOnly(201), send: async (c, ctx) => c.post(`/api/v1/instruments/${await publishedInstrument(ctx)}/draft`) },
  {
    route: 'POST /api/v1/instruments/:id/publish',
    targets: ['none'],
    expect: designOnly(200),
    send: async (c, ctx) => {
      const { id, version } = await draftInstrument(ctx);
      return c.post(`/api/v1/instruments/${id}/publish`, { version });
    },
  },
  {
    route: 'POST /api/v1/instruments/import',
    targets: ['none'],
    expect: designOnly(201),
    send: async (c) => {
      const file = await exportXlsForm(SIMPLE_DEFINITION as never, { formId: `imported_${unique()}`, title: { ka: 'იმპორტი', en: 'Import' } });
      const { payload, contentType } = multipartXlsx(file);
      return c.raw({ method: 'POST', url: '/api/v1/instruments/import', payload, headers: { 'content-type': contentType } });
    },
  },
  {
    route: 'GET /api/v1/responses',
    targets: ['own', 'other'],
    expect: (role, target) => (role === 'viewer' ? 403 : scopedListOf(FILLS_ALL)(role, target)),
    send: async (c, ctx) => {
      await responseOf(ctx);
      return c.get('/api/v1/responses?pageSize=200');
    },
    marker: (ctx) => ctx.orgId,
  },
  {
    route: 'GET /api/v1/responses/export',
    targets: ['own', 'other'],
    expect: (role, target) => (role === 'viewer' ? 403 : scopedListOf(FILLS_ALL)(role, target)),
    send: async (c, ctx) => {
      await responseOf(ctx);
      return c.get('/api/v1/responses/export?format=csv');
    },
  },
  {
    route: 'POST /api/v1/responses',
    targets: ['own', 'other'],
    expect: fillScoped(201),
    send: async (c, ctx) => c.post('/api/v1/responses', { instrumentId: await wgId(ctx), organisationId: ctx.orgId }),
  },
  { route: 'GET /api/v1/responses/:id', targets: ['own', 'other'], expect: fillScoped(200), send: async (c, ctx) => c.get(`/api/v1/responses/${(await responseOf(ctx)).id}`) },
  {
    route: 'PATCH /api/v1/responses/:id',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => {
      const { id, version } = await responseOf(ctx);
      return c.patch(`/api/v1/responses/${id}`, { answers: { seeing: '2' }, version });
    },
  },
  {
    route: 'POST /api/v1/responses/:id/submit',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => {
      const { id, version } = await responseOf(ctx);
      return c.post(`/api/v1/responses/${id}/submit`, { answers: WG_ANSWERS, version });
    },
  },
  {
    route: 'POST /api/v1/responses/:id/amend',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => {
      const { id, version } = await responseOf(ctx, true);
      return c.post(`/api/v1/responses/${id}/amend`, { answers: { ...WG_ANSWERS, walking: '2' }, version, reason: 'typo' });
    },
  },
  {
    route: 'POST /api/v1/responses/:id/attachments',
    targets: ['own', 'other'],
    expect: fillScoped(201),
    send: async (c, ctx) => uploadTo(c, await fileResponseOf(ctx)),
  },
  {
    route: 'GET /api/v1/responses/:id/attachments',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => c.get(`/api/v1/responses/${await fileResponseOf(ctx)}/attachments`),
  },
  {
    route: 'GET /api/v1/attachments/:id',
    targets: ['own', 'other'],
    expect: fillScoped(200),
    send: async (c, ctx) => c.get(`/api/v1/attachments/${(await uploadTo(ctx.admin, await fileResponseOf(ctx))).json().id}`),
  },
  { route: 'GET /api/v1/audit', targets: ['none'], expect: adminOnly(200), send: (c) => c.get('/api/v1/audit') },
  { route: 'GET /api/v1/audit/export', targets: ['none'], expect: adminOnly(200), send: (c) => c.get('/api/v1/audit/export?format=csv') },
];

/** Other organisation: a Batumi CSO — outside the demo CSO, the Telavi monitor's area and the mentor's CSOs. */
const OTHER_ORGANISATION = 'Batumi Family Support Association';

let t: TestApp;
const sessions = new Map<DemoRole, Client>();
const ownOrg = new Map<DemoRole, { id: string; nameEn: string }>();
let other: { id: string; nameEn: string };
let admin: Client;

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
  other = { id: await organisationIdByName(t.database, OTHER_ORGANISATION), nameEn: OTHER_ORGANISATION };
  for (const role of ROLES) {
    sessions.set(role, await loginAs(t.app, role));
    const me = (await sessions.get(role)!.get('/api/v1/me')).json();
    ownOrg.set(role, { id: me.user.organisation.id, nameEn: me.user.organisation.nameEn });
  }
});
afterAll(() => t?.close());

describe('access matrix', () => {
  it('has rows for every API route the app registers', () => {
    const covered = new Set(ROWS.map((row) => row.route));
    const registered = new Set(t.app.apiRoutes);
    expect([...registered].filter((route) => !covered.has(route)), 'routes without access-matrix rows').toEqual([]);
    expect([...covered].filter((route) => !registered.has(route)), 'rows for routes that do not exist').toEqual([]);
  });

  const cases = ROWS.flatMap((row) => ROLES.flatMap((role) => row.targets.map((target) => ({ row, role, target }))));
  it.each(cases.map((c) => [`${c.row.route} as ${c.role} on ${c.target}`, c] as const))('%s', async (_name, { row, role, target }) => {
    const org = target === 'other' ? other : ownOrg.get(role)!;
    const client = row.ownSession ? await login(t.app, DEMO_EMAILS[role]) : sessions.get(role)!;
    const response = await row.send(client, { role, orgId: org.id, orgNameEn: org.nameEn, admin });
    const expected = row.expect(role, target);
    if (typeof expected === 'number') {
      expect(response.statusCode, response.body).toBe(expected);
      if (expected >= 400) expect(response.headers['content-type']).toContain('application/problem+json');
      return;
    }
    expect(response.statusCode, response.body).toBe(200);
    const ctx = { role, orgId: org.id, orgNameEn: org.nameEn, admin };
    const marker = row.marker?.(ctx) ?? (row.route.includes('users') ? org.id : org.nameEn);
    if (expected === 'listed') expect(response.body).toContain(marker);
    else expect(response.body).not.toContain(marker);
  });
});
