/**
 * Shared vocabulary of the access matrix: every API route × every demo role × a record of the
 * caller's own organisation, another organisation, or the demo CSO, with the expected answer.
 * Each feature keeps its rows in `<feature>.rows.ts`; `access-matrix.test.ts` runs them all and
 * fails when a route has none.
 *
 * Expectations: an HTTP status, or for lists and exports `listed` / `unlisted` (200, and the
 * target organisation does / does not appear: the list must not leak it).
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Client, DemoRole } from '../../support/app';
import { DEMO_EMAILS } from '../../support/app';

/** own: the caller's organisation; other: a Batumi CSO nobody in the demo reaches; demoCso: the Telavi CSO of the demo CSO staff. */
export type Target = 'own' | 'other' | 'demoCso' | 'none';
export type Expectation = number | 'listed' | 'unlisted';

export interface Context {
  role: DemoRole;
  /** The organisation the row is about. */
  orgId: string;
  orgNameEn: string;
  admin: Client;
  /** Signs in as a fresh user of the target organisation (or of `organisationId`) with the given role. */
  loginAsNew: (role: 'cso_manager' | 'case_worker' | 'municipal_monitor', organisationId?: string) => Promise<Client>;
}

export interface Row {
  route: string;
  targets: Target[];
  expect: (role: DemoRole, target: Target) => Expectation;
  send: (client: Client, ctx: Context) => Promise<LightMyRequestResponse>;
  /** Rows that end the session get a session of their own. */
  ownSession?: boolean;
  /** What a `listed` row looks for in the body (default: the organisation's English name). */
  marker?: (ctx: Context) => string;
}

export const ROLES = Object.keys(DEMO_EMAILS) as DemoRole[];
export const SEES_ALL: DemoRole[] = ['admin', 'programme_manager', 'viewer'];
export const adminOnly = (success: number) => (role: DemoRole) => (role === 'admin' ? success : 403);
export const everyone = (status: number) => () => status;
export const scopedListOf = (seesAll: DemoRole[]) => (role: DemoRole, target: Target): Expectation =>
  target === 'own' || seesAll.includes(role) ? 'listed' : 'unlisted';
export const scopedList = scopedListOf(SEES_ALL);

let counter = 0;
export const unique = () => `${Date.now()}${counter++}`;

export async function versionOf(ctx: Context, url: string): Promise<number> {
  return (await ctx.admin.get(url)).json().version;
}

export async function throwawayUser(ctx: Context): Promise<string> {
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

/** Roles that fill in instruments everywhere (their write scope is every organisation). */
export const FILLS_ALL: DemoRole[] = ['admin', 'programme_manager'];
/** Writes on forms about an organisation: the donor has no such permission; others only within their write scope. */
export const fillScoped = (success: number) => (role: DemoRole, target: Target): Expectation =>
  role === 'viewer' ? 403 : target === 'own' || FILLS_ALL.includes(role) ? success : 404;
export const designOnly = (success: number) => (role: DemoRole) => (FILLS_ALL.includes(role) ? success : 403);

export const SIMPLE_DEFINITION = {
  items: [{ kind: 'question', type: 'integer', name: 'n', label: { ka: 'რიცხვი', en: 'Number' }, required: true }],
  choiceLists: {},
  settings: {},
};

/** A fresh instrument whose draft is valid (version 1, unpublished). */
export async function draftInstrument(ctx: Context): Promise<{ id: string; version: number }> {
  const created = (await ctx.admin.post('/api/v1/instruments', { code: `matrix_${unique()}`, purpose: 'survey', titleKa: 'ტესტი', titleEn: 'Test' })).json();
  const draft = (await ctx.admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition: SIMPLE_DEFINITION, version: 1 })).json();
  return { id: created.id, version: draft.version };
}

export async function publishedInstrument(ctx: Context): Promise<string> {
  const { id, version } = await draftInstrument(ctx);
  await ctx.admin.post(`/api/v1/instruments/${id}/publish`, { version });
  return id;
}

export async function wgId(ctx: Context): Promise<string> {
  return (await ctx.admin.get('/api/v1/instruments?q=wg_ss')).json().items[0].id;
}
