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
    // The problem names its detail's catalogue key: the sign-in page shows it again in the other language after a switch.
    expect(wrong.json()).toMatchObject({ type: 'urn:ertad:problem:invalidCredentials', detailKey: 'auth.invalidCredentials' });
  });

  it('logout revokes the session on the server', async () => {
    const client = await loginAs(t.app, 'viewer');
    expect((await client.get('/api/v1/me')).statusCode).toBe(200);
    expect((await client.post('/api/v1/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('the session check answers signed out as 200 with no user, and signed in with the user', async () => {
    const signedOut = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(signedOut.statusCode).toBe(200);
    expect(signedOut.json()).toEqual({ me: null, resetByEmail: false });
    const client = await loginAs(t.app, 'viewer');
    const signedIn = await client.get('/api/v1/auth/session');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json().me.user.roles).toEqual(['viewer']);
    expect(signedIn.json().me.csrfToken).toBe(client.csrfToken);
    await client.post('/api/v1/auth/logout');
    expect((await client.get('/api/v1/auth/session')).json()).toEqual({ me: null, resetByEmail: false });
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

describe('sign-in throttling: growing delays per email and address, never a lock-out switch for strangers', () => {
  // Small numbers so the test runs in seconds: 2 free failures, then 1.5 s, then a 3 s lock at the 4th.
  const throttle = { freeFailures: 2, lockAfterFailures: 4, firstDelayMs: 1500, lockMs: 3000 };
  let th: TestApp;
  beforeAll(async () => {
    th = await startTestApp({ loginThrottle: throttle });
  });
  afterAll(() => th?.close());
  const from = (remoteAddress: string, email: string, password: string) =>
    th.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: { 'accept-language': 'en' }, payload: { email, password } });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('slows one address down, lets the right password through after the wait, and tells admins', async () => {
    const email = 'mentor@demo.ertad.ge';
    const attacker = '198.51.100.66';
    expect((await from(attacker, email, 'wrong-password-1')).statusCode).toBe(401);
    expect((await from(attacker, email, 'wrong-password-2')).statusCode).toBe(401);
    expect((await from(attacker, email, 'wrong-password-3')).statusCode).toBe(401);
    // The third failure costs a wait: even the right password waits.
    const waiting = await from(attacker, email, DEMO_PASSWORD);
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json().detail).toContain('Wait a little');
    // Unknown emails are throttled alike, so a 429 says nothing about whether an account exists.
    for (let i = 0; i < 3; i++) await from(attacker, 'nobody@example.ge', `wrong-password-${i}`);
    expect((await from(attacker, 'nobody@example.ge', 'wrong-password-x')).statusCode).toBe(429);

    // The user, elsewhere, is not locked out by the stranger.
    expect((await from('203.0.113.20', email, DEMO_PASSWORD)).statusCode).toBe(200);

    await sleep(1600);
    expect((await from(attacker, email, 'wrong-password-4')).statusCode).toBe(401);
    // The 4th failure locks this address out of this email and notifies admins in the audit log.
    expect((await from(attacker, email, DEMO_PASSWORD)).statusCode).toBe(429);
    const admin = await loginAs(th.app, 'admin');
    const entries = (await admin.get(`/api/v1/audit?action=login_throttled`)).json().items;
    expect(entries[0]).toMatchObject({ action: 'login_throttled', actorEmail: email, ip: attacker });

    // When the lock ends, the count starts again: one more failure costs no wait, and the right password works.
    await sleep(3100);
    expect((await from(attacker, email, 'wrong-password-5')).statusCode).toBe(401);
    expect((await from(attacker, email, DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('parallel guesses cannot slip past the wait', async () => {
    const email = 'programme@demo.ertad.ge';
    const address = '198.51.100.77';
    for (let i = 0; i < 2; i++) await from(address, email, `wrong-password-${i}`);
    const burst = await Promise.all(Array.from({ length: 6 }, (_, i) => from(address, email, `guess-password-${i}`)));
    expect(burst.filter((r) => r.statusCode === 401)).toHaveLength(1);
    expect(burst.filter((r) => r.statusCode === 429)).toHaveLength(5);
  });
});
