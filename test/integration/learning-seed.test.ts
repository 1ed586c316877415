import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLearning } from '../../server/db/seed/learning';
import { eq } from 'drizzle-orm';
import { learningStaff } from '../../server/db/schema';
import { DEMO_EMAILS, loginAs, startTestApp, userIdByEmail, type TestApp } from '../support/app';

// The demo programme's learning (seeded on start with the demo): packages with lesson text in both
// languages, a completed live training with attendance and pre/post tests, and certificates.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  expect(await seedDemoLearning(t.database.db)).toBe(true);
  expect(await seedDemoLearning(t.database.db)).toBe(false);
}, 120_000);
afterAll(() => t?.close());

describe('demo learning data', () => {
  it('shows a catalogue with lesson text in Georgian and English, and its test', async () => {
    const worker = await loginAs(t.app, 'case_worker');
    const packages = (await worker.get('/api/v1/learning/packages')).json();
    expect(packages.map((p: { code: string }) => p.code)).toEqual(['gesi', 'safeguarding', 'financial_management']);
    const gesi = packages[0].modules[0];
    expect(gesi.testInstrumentId).toBeTruthy();
    const module = (await worker.get(`/api/v1/learning/modules/${gesi.id}`)).json();
    expect(module.lessons).toHaveLength(3);
    const lesson = (await worker.get(`/api/v1/learning/lessons/${module.lessons[0].id}`)).json();
    expect(lesson.content.bodyKa).toContain('გონივრული მისადაგება');
    expect(lesson.content.bodyEn).toContain('Reasonable accommodation');
  });

  it('has a completed live training whose knowledge gain the programme sees', async () => {
    const pm = await loginAs(t.app, 'programme_manager');
    const trainings = (await pm.get('/api/v1/learning/trainings')).json();
    const done = trainings.items.find((x: { status: string }) => x.status === 'completed');
    const detail = (await pm.get(`/api/v1/learning/trainings/${done.id}`)).json();
    expect(detail.participants).toHaveLength(7);
    expect(detail.averageGain).toBeGreaterThan(20);
    expect(detail.participants.filter((p: { certificateId: string | null }) => p.certificateId)).toHaveLength(5);
    const report = (await pm.get('/api/v1/learning/reports?by=sex')).json();
    expect(report.totals.people).toBe(7);
    // The donor sees the same total of 7, so no group may hide alone: 7 less the groups shown would tell it.
    const donor = await loginAs(t.app, 'viewer');
    for (const by of ['sex', 'ageBand', 'disability', 'organisation', 'municipality', 'package']) {
      const seen = (await donor.get(`/api/v1/learning/reports?by=${by}`)).json() as { rows: { people: number | null; hours: number | null; suppressed: boolean }[]; totals: { people: number | null; hours: number | null } };
      for (const column of ['people', 'hours'] as const) {
        if (seen.totals[column] !== null) expect(seen.rows.filter((r) => r[column] === null).length, `${by}: ${column}`).not.toBe(1);
      }
      for (const r of seen.rows) expect(r.suppressed, by).toBe(r.people === null || r.hours === null);
    }
    expect(report.totals.averageGain).toBeGreaterThan(20);
    // The demo CSO's manager sees their own staff at the training, not other CSOs'.
    const manager = await loginAs(t.app, 'cso_manager');
    expect((await manager.get(`/api/v1/learning/trainings/${done.id}`)).json().participants).toHaveLength(4);
    // Six of the seven filled in the satisfaction survey.
    const survey = (await pm.get(`/api/v1/learning/trainings/${done.id}/survey`)).json();
    expect(survey.summary).toMatchObject({ responses: 6, suppressed: false });
    const overall = survey.summary.questions.find((q: { name: string }) => q.name === 'overall');
    expect(overall.bars.find((b: { key: string }) => b.key === '5').count).toBe(3);
  });

  it('links the demo logins to their own register entries, so they are not offered a second one', async () => {
    const manager = await loginAs(t.app, 'cso_manager');
    const mine = (await manager.get('/api/v1/learning/me')).json();
    expect(mine.staff).toMatchObject({ givenName: 'ეკა', surname: 'ჯაფარიძე', email: DEMO_EMAILS.cso_manager, userId: await userIdByEmail(t.database, DEMO_EMAILS.cso_manager) });
    expect(mine.certificates.length).toBeGreaterThan(0);
    const worker = (await (await loginAs(t.app, 'case_worker')).get('/api/v1/learning/me')).json();
    expect(worker.staff).toMatchObject({ givenName: 'ლევან', surname: 'მაისურაძე', email: DEMO_EMAILS.case_worker });
    expect(worker.enrolments).toHaveLength(1);
    // The register keeps one entry for each of them.
    const register = (await manager.get('/api/v1/learning/staff?pageSize=100')).json().items as { givenName: string; surname: string; userId: string | null }[];
    expect(register.filter((s) => s.userId !== null).map((s) => `${s.givenName} ${s.surname}`).sort()).toEqual(['ეკა ჯაფარიძე', 'ლევან მაისურაძე']);
    // Demo users with no entry of their own (the programme manager) still register themselves.
    expect((await (await loginAs(t.app, 'programme_manager')).get('/api/v1/learning/me')).json().staff).toBeNull();
  });

  it('links them in a demo database whose learning was seeded before the links were', async () => {
    const userId = await userIdByEmail(t.database, DEMO_EMAILS.case_worker);
    await t.database.db.update(learningStaff).set({ userId: null }).where(eq(learningStaff.userId, userId));
    expect(await seedDemoLearning(t.database.db)).toBe(false);
    const [entry] = await t.database.db.select({ givenName: learningStaff.givenName }).from(learningStaff).where(eq(learningStaff.userId, userId));
    expect(entry?.givenName).toBe('ლევან');
  });
});
