import { sql } from 'drizzle-orm';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAILS, loginAs, organisationIdByName } from '../support/app';
import { expectAccessible, expectNetErrors, newPage, signIn, startE2E, type E2E } from './support';

// A weak mobile connection: the referral reaches the server and is saved, but its answer is lost
// on the way back, or takes so long that the page gives up. The worker sends again; the case
// still has one referral (web/src/api/client.ts keeps the Idempotency-Key of an unanswered POST,
// server/http/idempotency.ts answers the repeat with the first answer).

let e2e: E2E;
let receivingNameKa: string;
beforeAll(async () => {
  e2e = await startE2E();
  const admin = await loginAs(e2e.app, 'admin');
  receivingNameKa = (await admin.get(`/api/v1/organisations/${await organisationIdByName(e2e.database, 'Batumi Family Support Association')}`)).json().nameKa as string;
});
afterAll(() => e2e?.close());

async function caseFor(givenName: string): Promise<string> {
  const worker = await loginAs(e2e.app, 'case_worker');
  const organisationId = (await worker.get('/api/v1/me')).json().user.organisation.id as string;
  const consent = { givenBy: 'representative', representativeName: 'თეა კაპანაძე', givenOn: '2026-01-10', processing: true, referralSharing: true };
  const person = await worker.post('/api/v1/people', { organisationId, givenName, surname: 'კაპანაძე', sex: 'male', birthDate: '2017-03-03', consent });
  expect(person.statusCode, person.body).toBe(201);
  const opened = await worker.post('/api/v1/cases', { personId: person.json().id });
  expect(opened.statusCode, opened.body).toBe(201);
  return opened.json().id as string;
}

async function referralsOf(caseId: string): Promise<number> {
  const result = (await e2e.database.db.execute(sql`select count(*)::int as n from referrals where case_id = ${caseId}`)) as unknown as { rows: { n: number }[] };
  return result.rows[0]!.n;
}

async function fillReferral(page: Awaited<ReturnType<typeof newPage>>, reason: string) {
  await page.getByRole('textbox', { name: 'მიმღები ორგანიზაცია' }).click();
  await page.getByRole('option', { name: receivingNameKa }).click();
  await page.getByRole('textbox', { name: 'მიზეზი', exact: true }).fill(reason);
}

describe('a referral whose answer is lost on a weak connection', () => {
  it('is sent again by the worker and still saved once', async () => {
    const caseId = await caseFor('ლევან');
    const page = await newPage(e2e, 375);
    expectNetErrors(page, 'ERR_CONNECTION_RESET');
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto(`/cases/${caseId}`);
    await fillReferral(page, 'ფსიქოსოციალური მხარდაჭერა');
    // The first send reaches the server, which saves it (201); the page never gets the answer.
    const firstAnswers: number[] = [];
    await page.route('**/api/v1/cases/*/referrals', async (route: Route) => {
      if (route.request().method() !== 'POST' || firstAnswers.length > 0) return route.fallback();
      firstAnswers.push((await route.fetch()).status());
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'გადამისამართების გაგზავნა' }).click();
    // Not "no connection, this page needs the server": it may have arrived, and sending again is safe.
    await page.getByRole('alert').filter({ hasText: 'სერვერმა არ უპასუხა' }).filter({ hasText: 'ხელახლა გაგზავნა უსაფრთხოა' }).waitFor();
    expect(firstAnswers).toEqual([201]);
    expect(await referralsOf(caseId)).toBe(1);
    // The form still holds what was typed: the worker presses send again.
    expect(await page.getByRole('textbox', { name: 'მიზეზი', exact: true }).inputValue()).toBe('ფსიქოსოციალური მხარდაჭერა');
    await page.getByRole('button', { name: 'გადამისამართების გაგზავნა' }).click();
    await page.getByText(`მიმღები: ${receivingNameKa}`).waitFor();
    expect(await referralsOf(caseId)).toBe(1);
    expect(await page.getByText(`მიმღები: ${receivingNameKa}`).count()).toBe(1);
    await page.context().close();
  });

  it('says in words that the server did not answer when the answer takes too long, and sending again is safe', async () => {
    const caseId = await caseFor('გიორგი');
    const page = await newPage(e2e, 375);
    expectNetErrors(page, 'ERR_ABORTED', 'ERR_FAILED');
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto(`/cases/${caseId}`);
    await fillReferral(page, 'ადრეული ჩარევა');
    // The page's timers run on a clock the test moves: 30 seconds pass at once.
    await page.clock.install();
    let saved: () => void = () => undefined;
    const reached = new Promise<void>((resolve) => (saved = resolve));
    let held: Route | undefined;
    await page.route('**/api/v1/cases/*/referrals', async (route: Route) => {
      if (route.request().method() !== 'POST' || held) return route.fallback();
      held = route;
      // Saved on the server; the answer is held on the way back.
      await route.fetch();
      saved();
    });
    await page.getByRole('button', { name: 'გადამისამართების გაგზავნა' }).click();
    await reached;
    await page.clock.fastForward('00:31');
    const alert = page.getByRole('alert').filter({ hasText: 'სერვერმა არ უპასუხა' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('ხელახლა გაგზავნა უსაფრთხოა');
    await expectAccessible(page);
    await held?.abort().catch(() => undefined);
    expect(await referralsOf(caseId)).toBe(1);
    await page.getByRole('button', { name: 'გადამისამართების გაგზავნა' }).click();
    await page.getByText(`მიმღები: ${receivingNameKa}`).waitFor();
    expect(await referralsOf(caseId)).toBe(1);
    await page.context().close();
  });

  it('a document upload whose answer is lost is sent again by the manager and stored once', async () => {
    const worker = await loginAs(e2e.app, 'cso_manager');
    const organisationId = (await worker.get('/api/v1/me')).json().user.organisation.id as string;
    const documents = async () =>
      ((await e2e.database.db.execute(sql`select count(*)::int as n from cso_documents where organisation_id = ${organisationId} and filename = 'დებულება.pdf'`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    const page = await newPage(e2e, 375);
    expectNetErrors(page, 'ERR_CONNECTION_RESET');
    await signIn(page, DEMO_EMAILS.cso_manager);
    await page.goto(`/organisations/${organisationId}/capacity`);
    await page.getByRole('tab', { name: 'ორგანიზაციის პროფილი' }).click();
    await page.getByRole('heading', { name: 'ძირითადი დოკუმენტები' }).waitFor();
    await page.locator('input[type="file"]').setInputFiles({ name: 'დებულება.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
    // The upload reaches the server, which stores it (201); the page never gets the answer.
    const firstAnswers: number[] = [];
    await page.route('**/api/v1/capacity/organisations/*/documents*', async (route: Route) => {
      if (route.request().method() !== 'POST' || firstAnswers.length > 0) return route.fallback();
      firstAnswers.push((await route.fetch()).status());
      await route.abort('connectionreset');
    });
    await page.getByRole('button', { name: 'ატვირთვა' }).click();
    await page.getByRole('alert').filter({ hasText: 'სერვერმა არ უპასუხა' }).waitFor();
    expect(firstAnswers).toEqual([201]);
    expect(await documents()).toBe(1);
    // The file is still chosen: the manager presses upload again, under the same key.
    await page.getByRole('button', { name: 'ატვირთვა' }).click();
    await page.getByText('დოკუმენტი აიტვირთა').waitFor();
    expect(await documents()).toBe(1);
    // The list is read again after the notice: it shows the one document once it has.
    await expect.poll(() => page.getByRole('link', { name: 'დებულება.pdf' }).count()).toBe(1);
    await page.context().close();
  });
});
