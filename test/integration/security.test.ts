import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/schema';
import { csvCell, csvLines } from '../../server/http/export';
import { HSTS, PERMISSIONS_POLICY } from '../../server/http/security-headers';
import { DEMO_PASSWORD, loginAs, startTestApp, userIdByEmail, type TestApp } from '../support/app';

let plain: TestApp;
let proxied: TestApp;
beforeAll(async () => {
  plain = await startTestApp();
  // One reverse proxy in front (ERTAD_TRUST_PROXY=1).
  proxied = await startTestApp({ trustProxy: 1 });
});
afterAll(async () => {
  await plain?.close();
  await proxied?.close();
});

describe('response headers', () => {
  it('API answers, exports and downloads are never cached; the page has a Permissions-Policy', async () => {
    const admin = await loginAs(plain.app, 'admin');
    for (const url of ['/api/v1/me', '/api/v1/organisations', '/api/v1/organisations/export?format=csv', '/api/v1/nothing-here']) {
      const r = await admin.get(url);
      expect(r.headers['cache-control'], url).toBe('no-store');
      expect(r.headers['permissions-policy'], url).toBe(PERMISSIONS_POLICY);
    }
    const anonymous = await plain.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'nobody@example.ge', password: 'wrong-password-x' } });
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });

  it('every answer carries the Content-Security-Policy and the other helmet headers, the same on each', async () => {
    const admin = await loginAs(plain.app, 'admin');
    const answers = [await admin.get('/api/v1/me'), await admin.get('/api/v1/nothing-here'), await plain.app.inject({ method: 'GET', url: '/health' })];
    for (const r of answers) {
      const policy = new Map(String(r.headers['content-security-policy']).split(';').map((d) => [d.trim().split(' ')[0], d.trim().split(' ').slice(1).join(' ')]));
      // Scripts only from Ertad itself: injected markup cannot run a script or load one from elsewhere.
      expect(policy.get('default-src')).toBe("'self'");
      expect(policy.get('script-src')).toBe("'self'");
      expect(policy.get('img-src')).toBe("'self' data:");
      expect(policy.get('frame-ancestors')).toBe("'self'");
      expect(policy.has('upgrade-insecure-requests')).toBe(false);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
    }
    expect(new Set(answers.map((r) => r.headers['content-security-policy'])).size).toBe(1);
  });

  it('the Permissions-Policy keeps camera and location to the app, switches the rest off, and names only features Chromium knows', () => {
    const policy = new Map(PERMISSIONS_POLICY.split(/,\s*/).map((entry) => entry.split('=') as [string, string]));
    expect(policy.get('camera')).toBe('(self)');
    expect(policy.get('geolocation')).toBe('(self)');
    for (const off of ['microphone', 'payment', 'usb', 'serial', 'display-capture']) expect(policy.get(off), off).toBe('()');
    // Chromium logs "Unrecognized feature" on every page for any other name (bluetooth was one).
    const chromiumKnows = ['camera', 'microphone', 'geolocation', 'payment', 'usb', 'serial', 'display-capture', 'hid', 'fullscreen', 'autoplay'];
    for (const feature of policy.keys()) expect(chromiumKnows, feature).toContain(feature);
  });

  it('HSTS only over HTTPS', async () => {
    expect((await plain.app.inject({ method: 'GET', url: '/health' })).headers['strict-transport-security']).toBeUndefined();
    // Over plain http, a forged X-Forwarded-Proto is ignored without a trusted proxy.
    expect((await plain.app.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBeUndefined();
    expect((await proxied.app.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'https' } })).headers['strict-transport-security']).toBe(HSTS);
    expect((await proxied.app.inject({ method: 'GET', url: '/health', headers: { 'x-forwarded-proto': 'http' } })).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('ERTAD_TRUST_PROXY trusts the proxy hops it is told about, not any X-Forwarded-For', () => {
  async function loggedIp(t: TestApp, headers: Record<string, string>, remoteAddress = '10.0.0.5') {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers, payload: { email: 'programme@demo.ertad.ge', password: DEMO_PASSWORD } });
    expect(r.statusCode).toBe(200);
    const id = await userIdByEmail(t.database, 'programme@demo.ertad.ge');
    const rows = await t.database.db.select({ ip: auditLog.ip, action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id));
    return rows.filter((row) => row.action === 'login').at(-1)?.ip;
  }

  it('with one hop, the audit log records the address the proxy saw, not one the caller wrote in front of it', async () => {
    // The caller sends "X-Forwarded-For: 6.6.6.6"; the proxy appends the address it saw.
    expect(await loggedIp(proxied, { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' })).toBe('203.0.113.9');
  });

  it('without a proxy setting, X-Forwarded-For is ignored', async () => {
    expect(await loggedIp(plain, { 'x-forwarded-for': '6.6.6.6' })).toBe('10.0.0.5');
  });

  it('with proxy addresses, only those proxies are believed', async () => {
    const byAddress = await startTestApp({ trustProxy: ['10.0.0.5'] });
    try {
      expect(await loggedIp(byAddress, { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' })).toBe('203.0.113.9');
      // A request straight from elsewhere: its X-Forwarded-For is not believed.
      expect(await loggedIp(byAddress, { 'x-forwarded-for': '6.6.6.6' }, '198.51.100.7')).toBe('198.51.100.7');
    } finally {
      await byAddress.close();
    }
  });
});

describe('spreadsheet formula neutralising', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠SUM(A1)'])('%j is not a formula in a CSV export', (text) => {
    expect(csvCell(text)).toBe(`"'${text.replace(/"/g, '""')}"`);
  });

  it('ordinary text is left alone', () => {
    expect(csvCell('ნინო "ბერიძე"')).toBe('"ნინო ""ბერიძე"""');
  });

  it('a negative number stays a number: the text -2.5 is guarded, the number -2.5 is not', () => {
    expect(csvCell(-2.5)).toBe('"-2.5"');
    expect(csvLines([['-2.5', -2.5, null, new Date('2026-11-26T10:00:00Z')]])).toBe(`"'-2.5","-2.5",,"2026-11-26 14:00"\r\n`);
  });
});
