/**
 * The access matrix: every API route × every demo role × a record of the caller's own
 * organisation and one of another organisation, with the expected answer. A route registered
 * without rows here fails the completeness test, so no endpoint escapes the matrix.
 *
 * Expectations: an HTTP status, or for lists and exports `listed` / `unlisted` (200, and the
 * target organisation does / does not appear: the list must not leak it).
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoRole , Client} from '../support/app';
import { DEMO_EMAILS, login, loginAs, organisationIdByName, startTestApp, type TestApp } from '../support/app';

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
}

const ROLES = Object.keys(DEMO_EMAILS) as DemoRole[];
const SEES_ALL: DemoRole[] = ['admin', 'programme_manager', 'viewer'];
const adminOnly = (success: number) => (role: DemoRole) => (role === 'admin' ? success : 403);
const everyone = (status: number) => () => status;
const scopedList = (role: DemoRole, target: Target): Expectation =>
  target === 'own' || SEES_ALL.includes(role) ? 'listed' : 'unlisted';

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
    const text = response.body;
    if (expected === 'listed') expect(text).toContain(row.route.includes('users') ? org.id : org.nameEn);
    else expect(text).not.toContain(org.nameEn);
  });
});
