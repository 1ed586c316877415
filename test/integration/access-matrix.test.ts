/// <reference types="vite/client" />
/**
 * The access matrix runner: every feature's rows (`access/<feature>.rows.ts`) × every demo role ×
 * each row's targets. A route registered without rows fails the completeness test, so no
 * endpoint escapes the matrix. See access/support.ts for the vocabulary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, DemoRole } from '../support/app';
import { DEMO_EMAILS, login, loginAs, organisationIdByName, startTestApp, type TestApp } from '../support/app';
import { ROLES, unique, type Context, type Row, type Target } from './access/support';

const ROWS: Row[] = Object.values(import.meta.glob<{ rows: Row[] }>('./access/*.rows.ts', { eager: true })).flatMap((m) => m.rows);

/** Other organisation: a Batumi CSO — outside the demo CSO, the Telavi monitor's area and the mentor's CSOs. */
const OTHER_ORGANISATION = 'Batumi Family Support Association';
/** The demo CSO staff's organisation: assigned to the mentor, in the Telavi monitor's area. */
const DEMO_CSO = 'Telavi Inclusive Development Centre';

let t: TestApp;
const sessions = new Map<DemoRole, Client>();
const ownOrg = new Map<DemoRole, { id: string; nameEn: string }>();
let other: { id: string; nameEn: string };
let demoCso: { id: string; nameEn: string };
let admin: Client;

/** A new user of `organisationId`, signed in through a set-password link like a real one. */
async function loginAsNew(organisationId: string, role: 'cso_manager' | 'case_worker' | 'municipal_monitor'): Promise<Client> {
  const email = `matrix-${unique()}@example.ge`;
  const created = (await admin.post('/api/v1/users', { email, displayName: 'Matrix', organisationId, roles: [role], passwordSetup: 'link' })).json();
  const token = new URL(created.credentials.setPasswordPath, 'http://x').searchParams.get('token');
  const password = 'matrix-password-long-enough';
  await admin.raw({ method: 'POST', url: '/api/v1/auth/set-password', payload: { token, password } });
  return login(t.app, email, password);
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
  other = { id: await organisationIdByName(t.database, OTHER_ORGANISATION), nameEn: OTHER_ORGANISATION };
  demoCso = { id: await organisationIdByName(t.database, DEMO_CSO), nameEn: DEMO_CSO };
  for (const role of ROLES) {
    sessions.set(role, await loginAs(t.app, role));
    const me = (await sessions.get(role)!.get('/api/v1/me')).json();
    ownOrg.set(role, { id: me.user.organisation.id, nameEn: me.user.organisation.nameEn });
  }
});
afterAll(() => t?.close());

function organisationOf(role: DemoRole, target: Target) {
  return target === 'other' ? other : target === 'demoCso' ? demoCso : ownOrg.get(role)!;
}

describe('access matrix', () => {
  it('has rows for every API route the app registers', () => {
    const covered = new Set(ROWS.map((row) => row.route));
    const registered = new Set(t.app.apiRoutes);
    expect([...registered].filter((route) => !covered.has(route)), 'routes without access-matrix rows').toEqual([]);
    expect([...covered].filter((route) => !registered.has(route)), 'rows for routes that do not exist').toEqual([]);
  });

  const cases = ROWS.flatMap((row) => ROLES.flatMap((role) => row.targets.map((target) => ({ row, role, target }))));
  it.each(cases.map((c) => [`${c.row.route} as ${c.role} on ${c.target}`, c] as const))('%s', async (_name, { row, role, target }) => {
    const org = organisationOf(role, target);
    const client = row.ownSession ? await login(t.app, DEMO_EMAILS[role]) : sessions.get(role)!;
    const ctx: Context = { role, orgId: org.id, orgNameEn: org.nameEn, admin, loginAsNew: (newRole, at) => loginAsNew(at ?? org.id, newRole) };
    const response = await row.send(client, ctx);
    const expected = row.expect(role, target);
    if (typeof expected === 'number') {
      expect(response.statusCode, response.body).toBe(expected);
      if (expected >= 400) expect(response.headers['content-type']).toContain('application/problem+json');
      return;
    }
    expect(response.statusCode, response.body).toBe(200);
    const marker = row.marker?.(ctx) ?? (row.route.includes('users') ? org.id : org.nameEn);
    if (expected === 'listed') expect(response.body).toContain(marker);
    else expect(response.body).not.toContain(marker);
  });
});
