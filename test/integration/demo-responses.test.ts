import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, startTestApp, type Client, type TestApp } from '../support/app';

// The demo programme comes with a year of filled-in forms, so exports and charts show something.

let t: TestApp;
let manager: Client;
beforeAll(async () => {
  t = await startTestApp();
  manager = await loginAs(t.app, 'programme_manager');
});
afterAll(() => t?.close());

async function instrumentId(code: string): Promise<string> {
  return (await manager.get(`/api/v1/instruments?q=${code}`)).json().items[0].id;
}

describe('demo filled-in forms', () => {
  it('holds a few hundred submitted forms across the demo CSOs and the past year', async () => {
    const wg = (await manager.get(`/api/v1/instruments/${await instrumentId('wg_ss')}/summary`)).json();
    expect(wg.responses).toBeGreaterThanOrEqual(200);
    const seeing = wg.questions.find((q: { name: string }) => q.name === 'seeing');
    expect(seeing.bars.filter((b: { count: number }) => b.count > 0).length).toBeGreaterThan(1);
    expect(wg.bands.every((b: { count: number }) => b.count > 0)).toBe(true);
    const oca = (await manager.get(`/api/v1/instruments/${await instrumentId('gesi_oca')}/summary`)).json();
    expect(oca.responses).toBeGreaterThanOrEqual(27);
    expect(oca.sections.length).toBeGreaterThan(0);
    expect(oca.sections[0].answered).toBeGreaterThan(0);
    const lastMonth = new Date(Date.now() - 31 * 86_400_000).toISOString().slice(0, 10);
    const recent = (await manager.get(`/api/v1/instruments/${await instrumentId('gesi_oca')}/summary?from=${lastMonth}`)).json();
    expect(recent.responses).toBeLessThan(oca.responses);
  });

  it('exports the GESI assessment with Georgian labels and numbers as numbers', async () => {
    const r = await manager.get(`/api/v1/instruments/${await instrumentId('gesi_oca')}/answers?format=csv`);
    expect(r.statusCode).toBe(200);
    const [header, ...lines] = r.body.slice(1).trim().split('\r\n');
    expect(header).toContain('ორგანიზაცია');
    expect(lines.length).toBeGreaterThanOrEqual(27);
  });

  // The list is read on phones over slow connections: it carries what it shows, the score's
  // overall value and level, and leaves the answers and the sections' scores to the form's page.
  it('lists forms with their overall score and level, without answers or section scores', async () => {
    const items = (await manager.get('/api/v1/responses?status=submitted&pageSize=100')).json().items as Record<string, unknown>[];
    const scored = items.find((item) => (item.score as { overall: number | null } | null)?.overall != null);
    expect(scored, 'a scored form among the demo forms').toBeDefined();
    expect(items.every((item) => !('answers' in item))).toBe(true);
    expect(Object.keys(scored!.score as object).sort()).toEqual(['band', 'overall']);
    const whole = (await manager.get(`/api/v1/responses/${scored!.id as string}`)).json().response;
    expect(scored!.score).toEqual({ overall: whole.score.overall, band: whole.score.band });
    expect(Object.keys(whole.answers).length).toBeGreaterThan(0);
    expect(whole.score.sections).toBeDefined();
  });

  it('gives the demo case worker drafts to finish', async () => {
    const caseWorker = await loginAs(t.app, 'case_worker');
    const drafts = (await caseWorker.get('/api/v1/responses?status=draft&pageSize=50')).json();
    expect(drafts.total).toBeGreaterThanOrEqual(1);
  });
});
