import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordTokens } from '../../server/db/schema';
import { login, organisationIdByName, userIdByEmail, type Client, type TestApp } from '../support/app';
import { BARE_ADMIN_EMAIL, FACTORY_PASSWORD, startBareTestApp, unique } from '../support/factories';
import { linkIn, startSmtp, type TestSmtp } from '../support/smtp';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

const PUBLIC_URL = 'https://ertad.example.test';
let smtp: TestSmtp;
let t: TestApp;
let admin: Client;
let orgId: string;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await startBareTestApp({ smtp: { url: smtp.url, from: 'Ertad <no-reply@ertad.example.test>', publicUrl: PUBLIC_URL } });
  admin = await login(t.app, BARE_ADMIN_EMAIL, FACTORY_PASSWORD);
  orgId = await organisationIdByName(t.database, 'Consortium');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const setPassword = (token: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/set-password', payload: { token, password } });
const forgot = (email: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email } });
const signIn = (email: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });

async function newUser(language: 'ka' | 'en') {
  const email = `person-${unique()}@example.ge`;
  const created = await admin.post('/api/v1/users', { email, displayName: 'ნინო ბერიძე', organisationId: orgId, roles: ['viewer'], language });
  expect(created.statusCode).toBe(201);
  return { email, credentials: created.json().credentials as Record<string, unknown> };
}

describe('account emails through SMTP', () => {
  it('the sign-in page is told that reset links can be emailed', async () => {
    const session = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(session.json()).toEqual({ me: null, resetByEmail: true });
  });

  it('an invitation goes to the new user in their language; the admin sees only whom it went to; the link sets the password', async () => {
    const { email, credentials } = await newUser('ka');
    expect(credentials.emailedTo).toBe(email);
    expect(credentials.setPasswordPath).toBeUndefined();
    const mail = await smtp.nextMail(email);
    expect(mail.subject).toBe('თქვენი ანგარიში ერთადში');
    expect(mail.language).toBe('ka');
    expect(mail.text).toContain('გამარჯობა, ნინო ბერიძე!');
    const link = linkIn(mail);
    expect(link.origin).toBe(PUBLIC_URL);
    expect(link.pathname).toBe('/set-password');
    const token = link.searchParams.get('token')!;
    expect((await setPassword(token, 'my-own-password-1')).statusCode).toBe(204);
    expect((await signIn(email, 'my-own-password-1')).statusCode).toBe(200);
    expect((await setPassword(token, 'another-password-2')).statusCode).toBe(400);
  });

  it('an admin reset emails the link (in English for an English user)', async () => {
    const { email } = await newUser('en');
    await smtp.nextMail(email);
    const reset = await admin.post(`/api/v1/users/${await userIdByEmail(t.database, email)}/reset-password`, { passwordSetup: 'link' });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ emailedTo: email });
    expect(reset.json().setPasswordPath).toBeUndefined();
    const mail = await smtp.nextMail(email);
    expect(mail.subject).toBe('Ertad: set a new password');
    expect(mail.language).toBe('en');
  });

  it('forgot password: the same answer for known and unknown emails; the emailed link is single-use and the old password works until it is used', async () => {
    const { email } = await newUser('en');
    const invitation = linkIn(await smtp.nextMail(email)).searchParams.get('token')!;
    expect((await setPassword(invitation, 'first-password-11')).statusCode).toBe(204);

    const known = await forgot(email);
    const unknown = await forgot(`nobody-${unique()}@example.ge`);
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);

    const mail = await smtp.nextMail(email);
    expect(mail.subject).toBe('Ertad: set a new password');
    const token = linkIn(mail).searchParams.get('token')!;
    // Asking for a reset locks nobody out: the current password still works.
    expect((await signIn(email, 'first-password-11')).statusCode).toBe(200);
    // Stored only as a hash.
    const stored = await t.database.db.select({ tokenHash: passwordTokens.tokenHash }).from(passwordTokens).where(eq(passwordTokens.tokenHash, token));
    expect(stored).toHaveLength(0);

    expect((await setPassword(token, 'second-password-22')).statusCode).toBe(204);
    expect((await signIn(email, 'first-password-11')).statusCode).toBe(401);
    expect((await signIn(email, 'second-password-22')).statusCode).toBe(200);
    expect((await setPassword(token, 'third-password-333')).statusCode).toBe(400);
    // Unknown emails got nothing.
    await wait(300);
    expect(smtp.inbox.filter((m) => m.to.startsWith('nobody-'))).toHaveLength(0);
  });

  it('asking again at once sends no second email, and an expired link is refused', async () => {
    const { email } = await newUser('ka');
    await smtp.nextMail(email);
    expect((await forgot(email)).statusCode).toBe(202);
    const first = await smtp.nextMail(email);
    expect(first.subject).toBe('ერთადი: ახალი პაროლის დაყენება');
    expect((await forgot(email)).statusCode).toBe(202);
    await wait(500);
    expect(smtp.inbox.filter((m) => m.to === email)).toHaveLength(0);

    const token = linkIn(first).searchParams.get('token')!;
    const userId = await userIdByEmail(t.database, email);
    await t.database.db.update(passwordTokens).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(passwordTokens.userId, userId));
    expect((await setPassword(token, 'too-late-password-1')).statusCode).toBe(400);
  });

  it('a deactivated account gets no reset email', async () => {
    const { email } = await newUser('en');
    await smtp.nextMail(email);
    const id = await userIdByEmail(t.database, email);
    const user = (await admin.get(`/api/v1/users/${id}`)).json();
    expect((await admin.patch(`/api/v1/users/${id}`, { version: user.version, active: false })).statusCode).toBe(200);
    expect((await forgot(email)).statusCode).toBe(202);
    await wait(500);
    expect(smtp.inbox.filter((m) => m.to === email)).toHaveLength(0);
  });
});

describe('without SMTP', () => {
  it('offers no reset by email, and the admin gets the link to hand over', async () => {
    const plain = await startBareTestApp();
    try {
      const plainAdmin = await login(plain.app, BARE_ADMIN_EMAIL, FACTORY_PASSWORD);
      const consortium = await organisationIdByName(plain.database, 'Consortium');
      const created = await plainAdmin.post('/api/v1/users', { email: `p-${unique()}@example.ge`, displayName: 'P', organisationId: consortium, roles: ['viewer'] });
      expect(created.json().credentials.setPasswordPath).toMatch(/^\/set-password\?token=/);
      expect(created.json().credentials.emailedTo).toBeUndefined();
      const session = await plain.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
      expect(session.json().resetByEmail).toBe(false);
      const forgotten = await plain.app.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email: BARE_ADMIN_EMAIL } });
      expect(forgotten.statusCode).toBe(202);
      await wait(300);
      const adminId = await userIdByEmail(plain.database, BARE_ADMIN_EMAIL);
      expect(await plain.database.db.select().from(passwordTokens).where(eq(passwordTokens.userId, adminId))).toHaveLength(0);
    } finally {
      await plain.close();
    }
  });
});
