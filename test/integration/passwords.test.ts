import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, loginAs, startTestApp, userIdByEmail, type TestApp } from '../support/app';
import { loadConfig } from '../../server/config';
import { passwordProblem } from '../../server/auth/password-policy';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const WEAK: [string, string, string][] = [
  ['short-pass1', 'A password needs at least 12 characters', 'პაროლს სჭირდება მინიმუმ 12 სიმბოლო'],
  ['            ', 'A password cannot be only spaces or one character repeated', 'პაროლი არ შეიძლება იყოს მხოლოდ ჰარეები ან ერთი და იგივე სიმბოლო'],
  ['aaaaaaaaaaaaaaaa', 'A password cannot be only spaces or one character repeated', 'პაროლი არ შეიძლება იყოს მხოლოდ ჰარეები ან ერთი და იგივე სიმბოლო'],
  ['password1234', 'This password is too easy to guess: it is a common password or made of common words or keyboard patterns', 'ეს პაროლი ადვილად გამოსაცნობია: ის გავრცელებული პაროლია ან გავრცელებული სიტყვებისგან ან კლავიატურის თანმიმდევრობებისგან შედგება'],
  ['qwertyuiop12', 'This password is too easy to guess: it is a common password or made of common words or keyboard patterns', 'ეს პაროლი ადვილად გამოსაცნობია: ის გავრცელებული პაროლია ან გავრცელებული სიტყვებისგან ან კლავიატურის თანმიმდევრობებისგან შედგება'],
];

describe('password policy', () => {
  it.each(WEAK)('a new password %j is refused, saying why in en and ka', async (weak, en, ka) => {
    const client = await loginAs(t.app, 'case_worker');
    const field = async () => (await client.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: weak })).json().errors;
    await client.patch('/api/v1/me', { language: 'en' });
    const english = await field();
    await client.patch('/api/v1/me', { language: 'ka' });
    const georgian = await field();
    // Too short is caught by the schema, with the length named; the rest by the policy.
    expect(english).toEqual([{ field: 'newPassword', message: weak.length < 12 ? 'Enter at least 12 characters' : en }]);
    expect(georgian[0].field).toBe('newPassword');
    if (weak.length >= 12) expect(georgian[0].message).toBe(ka);
  });

  it('a set-password link is not used up by a refused password', async () => {
    const admin = await loginAs(t.app, 'admin');
    const id = await userIdByEmail(t.database, 'donor@demo.ertad.ge');
    const link = (await admin.post(`/api/v1/users/${id}/reset-password`, { passwordSetup: 'link' })).json().setPasswordPath as string;
    const token = new URL(link, 'http://x').searchParams.get('token')!;
    const weak = await t.app.inject({ method: 'POST', url: '/api/v1/auth/set-password', headers: { 'accept-language': 'en' }, payload: { token, password: 'iloveyou1234' } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toMatchObject({ field: 'password', message: expect.stringContaining('too easy to guess') });
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/set-password', payload: { token, password: 'kakheti-vineyard-rooftop-7' } });
    expect(ok.statusCode).toBe(204);
  });

  it('the demo and test passwords satisfy the policy; a weak ERTAD_DEMO_PASSWORD stops start-up', () => {
    expect(passwordProblem(DEMO_PASSWORD)).toBeNull();
    expect(() => loadConfig({ ERTAD_DEMO_PASSWORD: 'password1234' })).toThrow(/ERTAD_DEMO_PASSWORD: This password is too easy to guess/);
  });
});
