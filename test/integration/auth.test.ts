import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../server/db/schema';
import { Client, DEMO_PASSWORD, login, loginAs, sessionCookieOf, startTestApp, userIdByEmail, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const attempt = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

describe('login and sessions', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and returns the user with a CSRF token', async () => {
    const response = await attempt('Admin@Demo.Ertad.ge', DEMO_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'ertad_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    const body = response.json();
    expect(body.user.roles).toEqual(['admin']);
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
  });

  it('marks the cookie Secure behind HTTPS', async () => {
    const https = await startTestApp({ trustProxy: 1 });
    try {
      const response = await https.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: 'admin@demo.ertad.ge', password: DEMO_PASSWORD },
      });
      expect(response.cookies.find((c) => c.name === 'ertad_session')?.secure).toBe(true);
    } finally {
      await https.close();
    }
  });

  it('answers an unknown email exactly like a wrong password', async () => {
    const unknown = await attempt('nobody@example.ge', 'whatever-password');
    const wrong = await attempt('programme@demo.ertad.ge', 'whatever-password');
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('locks the account after five failures, even for the right password, without saying so', async () => {
    const email = 'mentor@demo.ertad.ge';
    for (let i = 0; i < 5; i++) expect((await attempt(email, `wrong-${i}-password`)).statusCode).toBe(401);
    const locked = await attempt(email, DEMO_PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(locked.body).toBe((await attempt('nobody@example.ge', 'x-password')).body);
    // An admin's password reset lifts the lock.
    const admin = await loginAs(t.app, 'admin');
    const id = await userIdByEmail(t.database, email);
    const reset = await admin.post(`/api/v1/users/${id}/reset-password`, { passwordSetup: 'temporary' });
    expect(reset.statusCode).toBe(200);
    expect((await attempt(email, reset.json().temporaryPassword)).statusCode).toBe(200);
  });

  it('logout revokes the session on the server', async () => {
    const client = await loginAs(t.app, 'viewer');
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('refuses state-changing requests without the CSRF token', async () => {
    const client = await loginAs(t.app, 'programme_manager');
    const noToken = new Client(t.app, client.cookie, 'forged');
    const response = await noToken.patch('/api/v1/me', { language: 'en' });
    expect(response.statusCode).toBe(403);
    expect(response.json().type).toBe('urn:ertad:problem:csrf');
    expect((await client.patch('/api/v1/me', { language: 'en' })).statusCode).toBe(200);
    await client.patch('/api/v1/me', { language: 'ka' });
  });

  it('ends sessions that sat idle too long', async () => {
    const idle = await startTestApp({ sessionIdleMinutes: 5 });
    try {
      const client = await loginAs(idle.app, 'viewer');
      await idle.database.db.execute(sql`update sessions set last_seen_at = now() - interval '6 minutes'`);
      expect((await client.get('/api/v1/me')).statusCode).toBe(401);
    } finally {
      await idle.close();
    }
  });
});

describe('passwords and profile', () => {
  it('changing the password signs out other sessions but keeps this one', async () => {
    const here = await loginAs(t.app, 'case_worker');
    const elsewhere = await loginAs(t.app, 'case_worker');
    const wrong = await here.post('/api/v1/me/password', { currentPassword: 'not-it', newPassword: 'a-brand-new-password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('currentPassword');
    const ok = await here.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a-brand-new-password' });
    expect(ok.statusCode).toBe(204);
    expect((await here.get('/api/v1/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/v1/me')).statusCode).toBe(401);
    expect((await attempt('caseworker@demo.ertad.ge', 'a-brand-new-password')).statusCode).toBe(200);
  });

  it('remembers the chosen language and answers errors in it', async () => {
    const client = await loginAs(t.app, 'cso_manager');
    expect((await client.patch('/api/v1/me', { language: 'en' })).json().user.language).toBe('en');
    const again = await login(t.app, 'cso.manager@demo.ertad.ge');
    expect((await again.get('/api/v1/me')).json().user.language).toBe('en');
    expect((await again.get('/api/v1/organisations/00000000-0000-4000-8000-000000000000')).json().title).toBe('Not found');
    await again.patch('/api/v1/me', { language: 'ka' });
    expect((await again.get('/api/v1/organisations/00000000-0000-4000-8000-000000000000')).json().title).toBe('ვერ მოიძებნა');
  });

  it('a one-time set-password link works once', async () => {
    const admin = await loginAs(t.app, 'admin');
    const me = (await admin.get('/api/v1/me')).json();
    const created = await admin.post('/api/v1/users', {
      email: 'new.person@example.ge',
      displayName: 'ახალი თანამშრომელი',
      organisationId: me.user.organisation.id,
      roles: ['mentor'],
    });
    expect(created.statusCode).toBe(201);
    const token = new URLSearchParams(created.json().credentials.setPasswordPath.split('?')[1]).get('token');
    const set = () => t.app.inject({ method: 'POST', url: '/api/v1/auth/set-password', payload: { token, password: 'my-own-password-1' } });
    expect((await set()).statusCode).toBe(204);
    expect((await set()).statusCode).toBe(400);
    expect((await attempt('new.person@example.ge', 'my-own-password-1')).statusCode).toBe(200);
  });

  it('a temporary password must be changed before anything else', async () => {
    const admin = await loginAs(t.app, 'admin');
    const id = await userIdByEmail(t.database, 'programme@demo.ertad.ge');
    const { temporaryPassword } = (await admin.post(`/api/v1/users/${id}/reset-password`, { passwordSetup: 'temporary' })).json();
    const response = await attempt('programme@demo.ertad.ge', temporaryPassword);
    const client = new Client(t.app, sessionCookieOf(response), response.json().csrfToken);
    expect(response.json().user.mustChangePassword).toBe(true);
    expect((await client.get('/api/v1/organisations')).statusCode).toBe(403);
    expect((await client.post('/api/v1/me/password', { currentPassword: temporaryPassword, newPassword: DEMO_PASSWORD })).statusCode).toBe(204);
    expect((await client.get('/api/v1/organisations')).statusCode).toBe(200);
  });

  it('deactivating a user ends their sessions at once', async () => {
    const donor = await loginAs(t.app, 'viewer');
    const admin = await loginAs(t.app, 'admin');
    const id = await userIdByEmail(t.database, 'donor@demo.ertad.ge');
    const { version } = (await admin.get(`/api/v1/users/${id}`)).json();
    expect((await admin.patch(`/api/v1/users/${id}`, { version, active: false })).statusCode).toBe(200);
    expect((await donor.get('/api/v1/me')).statusCode).toBe(401);
    expect((await attempt('donor@demo.ertad.ge', DEMO_PASSWORD)).statusCode).toBe(401);
    const [row] = await t.database.db.select({ active: users.active }).from(users).where(eq(users.id, id));
    expect(row?.active).toBe(false);
  });
});

describe('rate limiting', () => {
  it('answers 429 after too many login attempts from one address', async () => {
    const limited = await startTestApp({ loginRateLimitPerMinute: 3 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'x@example.ge', password: 'y-password' } });
        statuses.push(r.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});
