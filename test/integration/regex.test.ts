import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('regex() in form expressions cannot stall the server', () => {
  it('a catastrophic pattern is evaluated in linear time, and /health answers meanwhile', async () => {
    const admin = await loginAs(t.app, 'admin');
    const created = (await admin.post('/api/v1/instruments', { code: 'redos_probe', purpose: 'survey', titleKa: 'ტესტი', titleEn: 'Test' })).json();
    const definition = {
      items: [{ kind: 'question', type: 'text', name: 'code', label: { ka: 'კოდი', en: 'Code' }, constraint: "regex(., '^(a+)+$')" }],
      choiceLists: {},
      settings: {},
    };
    const draft = (await admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition, version: 1 })).json();
    expect((await admin.post(`/api/v1/instruments/${created.id}/publish`, { version: draft.version })).statusCode).toBe(200);

    const manager = await loginAs(t.app, 'cso_manager');
    const me = (await manager.get('/api/v1/me')).json();
    const started = (await manager.post('/api/v1/responses', { instrumentId: created.id, organisationId: me.user.organisation.id })).json().response;
    // With a backtracking engine this answer takes 2^60 steps and blocks the event loop.
    const submit = manager.post(`/api/v1/responses/${started.id}/submit`, { answers: { code: `${'a'.repeat(60)}!` }, version: started.version });
    const health = await t.app.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    const refused = await submit;
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('answers.code');
    const accepted = await manager.post(`/api/v1/responses/${started.id}/submit`, { answers: { code: 'a'.repeat(60) }, version: started.version });
    expect(accepted.statusCode).toBe(200);
  });
});
