import type { Page, Response } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAILS, loginAs, type Client } from '../support/app';
import { expectAccessible, expectErrorResponses, newPage, signIn, startE2E, type E2E } from './support';

// The forms kept on a case worker's phone are refreshed at every start and every send, on a weak
// line: an unchanged pack must cost no download, a changed one must still arrive, and a pack the
// server no longer hands out (a test, kept before tests were taken only in their training; an
// instrument no longer published; a user who no longer fills in forms) leaves the device with a
// word why, without taking the forms filled in with it along.

let e2e: E2E;
let admin: Client;
let instrumentId: string;
const definition = {
  items: [{ kind: 'question', type: 'integer', name: 'families', label: { ka: 'ოჯახების რაოდენობა', en: 'Families' }, required: true }],
  choiceLists: {},
  settings: {},
};

async function publishVersion(id: string) {
  const instrument = (await admin.get(`/api/v1/instruments/${id}`)).json() as { versions: { status: string; version: number }[] };
  const draft = instrument.versions.find((v) => v.status === 'draft') ?? ((await admin.post(`/api/v1/instruments/${id}/draft`)).json() as { version: number });
  const saved = (await admin.request('PUT', `/api/v1/instruments/${id}/draft`, { definition, version: draft.version })).json();
  expect((await admin.post(`/api/v1/instruments/${id}/publish`, { version: saved.version })).statusCode).toBe(200);
}

beforeAll(async () => {
  e2e = await startE2E();
  admin = await loginAs(e2e.app, 'admin');
  instrumentId = (await admin.post('/api/v1/instruments', { code: 'offline_refresh', purpose: 'survey', titleKa: 'სოფლის ვიზიტი', titleEn: 'Village visit' })).json().id;
  await publishVersion(instrumentId);
});
afterAll(() => e2e?.close());

interface PackAnswer {
  status: number;
  ifNoneMatch: string | undefined;
  etag: string | undefined;
  /** The body's bytes as they came over the wire; a 304 has none (Playwright never reports such an answer finished, so it is not asked). */
  bodyBytes: number;
}

/** Opens the offline page (which sends the outbox and refreshes the kept packs) and returns the pack's answer to that refresh. */
async function refreshOn(page: Page, id: string): Promise<PackAnswer> {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/instruments/${id}/offline`);
  await page.goto('/offline');
  const response: Response = await answered;
  const headers = await response.allHeaders();
  return {
    status: response.status(),
    ifNoneMatch: (await response.request().allHeaders())['if-none-match'],
    etag: headers.etag,
    bodyBytes: response.status() === 304 ? Number(headers['content-length'] ?? 0) : (await response.request().sizes()).responseBodySize,
  };
}

interface DeviceUser {
  id: string;
  organisation: { id: string; nameKa: string; nameEn: string };
}
interface PackInstrument {
  id: string;
  code: string;
  purpose: string;
  titleKa: string;
  titleEn: string;
}

/** What an earlier visit left on this phone: an instrument's pack, and a draft filled in with it. */
async function keptWithDraft(page: Page, instrument: PackInstrument, version: { id: string; number: number; definition: unknown }, user: DeviceUser) {
  await page.evaluate(
    ({ instrument, version, user }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('ertad-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['instruments', 'forms'], 'readwrite');
          const organisation = { id: user.organisation.id, nameKa: user.organisation.nameKa, nameEn: user.organisation.nameEn, kind: 'cso' };
          const pack = { instrument, version: { id: version.id, number: version.number, definition: version.definition }, organisations: [organisation] };
          tx.objectStore('instruments').put({ instrumentId: instrument.id, userId: user.id, pack, keptAt: new Date().toISOString() });
          const now = new Date().toISOString();
          tx.objectStore('forms').put({
            id: crypto.randomUUID(), userId: user.id, instrumentId: instrument.id, versionId: version.id, versionNumber: version.number,
            definitionJson: JSON.stringify(version.definition), titleKa: instrument.titleKa, titleEn: instrument.titleEn,
            organisationId: organisation.id, organisationNameKa: organisation.nameKa, organisationNameEn: organisation.nameEn,
            answers: {}, status: 'draft', baseVersion: 1, createdAt: now, updatedAt: now,
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    { instrument, version, user },
  );
}

/** The ids of the instruments kept on this device. */
function keptInstrumentIds(page: Page): Promise<string[]> {
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('ertad-offline');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('instruments', 'readonly').objectStore('instruments').getAllKeys();
          all.onsuccess = () => resolve(all.result as string[]);
        };
      }),
  );
}

describe('kept forms refreshed on a weak connection (375 px, Georgian)', () => {
  it('an unchanged pack comes back as 304 without a body; a new version still arrives', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    const kept = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/instruments/${instrumentId}/offline`);
    await page.goto(`/instruments/${instrumentId}`);
    await page.getByRole('switch', { name: 'ხაზგარეშე გამოყენება' }).click();
    const first = await kept;
    expect(first.status()).toBe(200);
    const etag = (await first.allHeaders()).etag;
    expect(etag).toMatch(/^"[\w-]{43}"$/);
    await page.getByText('ინახება ამ მოწყობილობაზე: ვერსია 1').waitFor();

    // The app starts again (and sends the outbox): the pack is asked for with its tag, and nothing is downloaded.
    const again = await refreshOn(page, instrumentId);
    expect(again).toEqual({ status: 304, ifNoneMatch: etag, etag, bodyBytes: 0 });
    await page.getByText('ინახება ამ მოწყობილობაზე: ვერსია 1').waitFor();

    // A new version is published (the kept one retired): the old tag brings the new pack whole.
    await publishVersion(instrumentId);
    const fresh = await refreshOn(page, instrumentId);
    expect(fresh.status).toBe(200);
    expect(fresh.ifNoneMatch).toBe(etag);
    expect(fresh.etag).not.toBe(etag);
    expect(fresh.bodyBytes).toBeGreaterThan(0);
    await page.getByText('ინახება ამ მოწყობილობაზე: ვერსია 2').waitFor();
    // And from then on under its own tag.
    expect(await refreshOn(page, instrumentId)).toMatchObject({ status: 304, ifNoneMatch: fresh.etag, bodyBytes: 0 });
    await page.context().close();
  });

  it('a test kept before tests were taken only in their training leaves the device with the reason; its draft stays', async () => {
    const [test] = (await admin.get('/api/v1/instruments?purpose=test')).json().items as { id: string }[];
    const detail = (await admin.get(`/api/v1/instruments/${test!.id}`)).json() as { code: string; titleKa: string; titleEn: string; versions: { id: string; number: number; status: string }[] };
    const published = detail.versions.find((v) => v.status === 'published')!;
    const version = (await admin.get(`/api/v1/instruments/${test!.id}/versions/${published.number}`)).json();

    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    const me = (await page.evaluate(() => fetch('/api/v1/auth/session').then((r) => r.json()))) as { me: { user: { id: string; organisation: { id: string; nameKa: string; nameEn: string } } } };
    const { user } = me.me;
    await page.goto('/offline');
    await page.getByRole('heading', { level: 1 }).waitFor();
    // What the previous release left on this phone: the test's pack, and a draft filled in with it.
    await keptWithDraft(page, { id: test!.id, code: detail.code, purpose: 'test', titleKa: detail.titleKa, titleEn: detail.titleEn }, version, user);

    // The app starts again: the server refuses the pack (400), so it leaves the device, and the page says why.
    expectErrorResponses(page, 400);
    const refused = await refreshOn(page, test!.id);
    expect(refused.status).toBe(400);
    const notice = page.getByTestId('withdrawn-instrument');
    await notice.getByText(`„${detail.titleKa}“ ამ მოწყობილობაზე აღარ ინახება`).waitFor();
    await notice.getByText('ტრენინგიდან ივსება', { exact: false }).waitFor();
    await notice.getByText('მისით შევსებული ფორმები (1) ამ მოწყობილობაზე რჩება', { exact: false }).waitFor();
    await expectAccessible(page);
    // Not offered to fill in any more; the draft is still here, to open (and copy its answers) or discard.
    await expect.poll(() => page.getByRole('button', { name: `შევსება: ${detail.titleKa}` }).count()).toBe(0);
    expect(await page.getByTestId('device-form').filter({ hasText: detail.titleKa }).count()).toBe(1);
    const keptIds = await keptInstrumentIds(page);
    expect(keptIds).not.toContain(test!.id);

    // In English too, and gone once read; the next start asks the server nothing about it.
    await page.getByText('English', { exact: true }).last().click();
    await notice.getByText(`“${detail.titleEn}” is no longer kept on this device`).waitFor();
    await notice.getByText('It cannot be filled in here', { exact: false }).waitFor();
    await notice.getByText('1 form(s) filled in with it stay on this device', { exact: false }).waitFor();
    await notice.getByRole('button', { name: 'Understood' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    expect(await page.getByTestId('device-form').filter({ hasText: detail.titleEn }).count()).toBe(1);
    await page.context().close();
  });

  it('a pack the server answers 404 (no longer published) or 403 (the user no longer fills in forms) leaves the device with a notice why; its drafts stay', async () => {
    // A case worker of their own (their roles change below), signed in through a set-password link.
    const worker = await loginAs(e2e.app, 'case_worker');
    const organisationId = (await worker.get('/api/v1/me')).json().user.organisation.id as string;
    const email = `offline.${Date.now()}@example.ge`;
    const created = (await admin.post('/api/v1/users', { email, displayName: 'ნინო ბერიძე', organisationId, roles: ['case_worker'], passwordSetup: 'link' })).json();
    const token = new URL(created.credentials.setPasswordPath, 'http://x').searchParams.get('token');
    const password = 'offline-password-long-enough';
    expect((await admin.raw({ method: 'POST', url: '/api/v1/auth/set-password', payload: { token, password } })).statusCode).toBeLessThan(300);

    const page = await newPage(e2e, 375);
    await signIn(page, email, password);
    const { me } = (await page.evaluate(() => fetch('/api/v1/auth/session').then((r) => r.json()))) as { me: { user: DeviceUser } };
    expectErrorResponses(page, 404, 403);
    await page.goto('/offline');
    await page.getByRole('heading', { level: 1 }).waitFor();
    // The page's own send and refresh are over before the device is prepared, so the next start is the one watched.
    await page.waitForLoadState('networkidle');
    // Two packs kept on an earlier visit, each with a draft: one of an instrument the server no
    // longer publishes (it answers 404), one of the village visit, which the worker still fills in.
    const gone: PackInstrument = { id: randomUUID(), code: 'withdrawn_checklist', purpose: 'survey', titleKa: 'გაუქმებული სია', titleEn: 'Retired checklist' };
    await keptWithDraft(page, gone, { id: randomUUID(), number: 3, definition }, me.user);
    const visit = (await admin.get(`/api/v1/instruments/${instrumentId}/offline`)).json() as { instrument: PackInstrument; version: { id: string; number: number; definition: unknown } };
    await keptWithDraft(page, visit.instrument, visit.version, me.user);

    // The app starts again: the first pack is not found, so it leaves the device, and the page says why.
    expect((await refreshOn(page, gone.id)).status).toBe(404);
    const notFound = page.getByTestId('withdrawn-instrument').filter({ hasText: new RegExp(`${gone.titleKa}|${gone.titleEn}`) });
    await notFound.getByText(`„${gone.titleKa}“ ამ მოწყობილობაზე აღარ ინახება`).waitFor();
    await notFound.getByText('ეს ინსტრუმენტი აღარ არის გამოქვეყნებული', { exact: false }).waitFor();
    await notFound.getByText('მისით შევსებული ფორმები (1) ამ მოწყობილობაზე რჩება', { exact: false }).waitFor();
    await expectAccessible(page);
    await expect.poll(() => keptInstrumentIds(page)).toEqual([visit.instrument.id]);
    expect(await page.getByTestId('device-form').filter({ hasText: gone.titleKa }).count()).toBe(1);

    // In English too: the app's own words, in the language of the moment it is read.
    await page.getByText('English', { exact: true }).last().click();
    await notFound.getByText(`“${gone.titleEn}” is no longer kept on this device`).waitFor();
    await notFound.getByText('this instrument is no longer published', { exact: false }).waitFor();

    // The worker's role is changed to viewer while the page is open: the next send finds the
    // village visit refused (403), and it leaves the device too, with its own reason.
    const user = (await admin.get(`/api/v1/users/${created.user.id}`)).json();
    expect((await admin.patch(`/api/v1/users/${created.user.id}`, { version: user.version, roles: ['viewer'] })).statusCode).toBe(200);
    const refused = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/instruments/${instrumentId}/offline`);
    await page.getByRole('button', { name: 'Send now' }).click();
    expect((await refused).status()).toBe(403);
    const forbidden = page.getByTestId('withdrawn-instrument').filter({ hasText: new RegExp(`${visit.instrument.titleKa}|${visit.instrument.titleEn}`) });
    await forbidden.getByText('Your account no longer fills in forms', { exact: false }).waitFor();
    await forbidden.getByText('1 form(s) filled in with it stay on this device', { exact: false }).waitFor();
    await expect.poll(() => keptInstrumentIds(page)).toEqual([]);
    expect(await page.getByTestId('device-form').count()).toBe(2);

    // Read, each notice goes; the drafts stay.
    await notFound.getByRole('button', { name: 'Understood' }).click();
    await forbidden.getByRole('button', { name: 'Understood' }).click();
    await expect.poll(() => page.getByTestId('withdrawn-instrument').count()).toBe(0);
    expect(await page.getByTestId('device-form').count()).toBe(2);
    await page.context().close();
  });
});
