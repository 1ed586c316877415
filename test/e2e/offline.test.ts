import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAILS, loginAs, type Client } from '../support/app';
import { expectAccessible, expectErrorResponses, fitsViewport, newPage, signIn, startE2E, watchConsole, type E2E } from './support';

let e2e: E2E;
let admin: Client;
let instrumentId: string;
beforeAll(async () => {
  e2e = await startE2E();
  admin = await loginAs(e2e.app, 'admin');
  const created = (await admin.post('/api/v1/instruments', { code: 'offline_visit', purpose: 'survey', titleKa: 'სოფლის ვიზიტი', titleEn: 'Village visit' })).json();
  instrumentId = created.id;
  const definition = {
    items: [
      { kind: 'question', type: 'integer', name: 'families', label: { ka: 'ოჯახების რაოდენობა', en: 'Families' }, required: true },
      { kind: 'question', type: 'image', name: 'photo', label: { ka: 'ფოტო', en: 'Photo' } },
    ],
    choiceLists: {},
    settings: {},
  };
  const draft = (await admin.request('PUT', `/api/v1/instruments/${instrumentId}/draft`, { definition, version: 1 })).json();
  expect((await admin.post(`/api/v1/instruments/${instrumentId}/publish`, { version: draft.version })).statusCode).toBe(200);
});
afterAll(() => e2e?.close());

const PHOTO = readFileSync(new URL('../../web/public/icons/icon-512.png', import.meta.url));

/** The forms of the test instrument on the server, as the administrator sees them: each with its answers (the list leaves them out) and its files. */
async function onServer() {
  const page = (await admin.get(`/api/v1/responses?instrumentId=${instrumentId}&pageSize=100`)).json() as { items: { id: string; status: string }[] };
  return Promise.all(
    page.items.map(async (r) => ({
      ...r,
      answers: (await admin.get(`/api/v1/responses/${r.id}`)).json().response.answers as Record<string, unknown>,
      files: (await admin.get(`/api/v1/responses/${r.id}/attachments`)).json().length as number,
    })),
  );
}

/** Fills in and submits one form from the offline page, without a connection. */
async function fillOffline(page: Page, families: string) {
  await page.goto('/offline');
  // Double-tapped, as on a slow phone: one form (it made two drafts on the device).
  await page.getByRole('button', { name: /^შევსება/ }).dblclick();
  await page.getByLabel('ოჯახების რაოდენობა').fill(families);
  await page.locator('input[type="file"]').setInputFiles({ name: 'ვიზიტი.png', mimeType: 'image/png', buffer: PHOTO });
  await page.getByText(/ვიზიტი\.(png|jpg)/).waitFor();
  await page.getByRole('button', { name: 'გაგზავნა' }).click();
  await page.waitForURL('**/offline');
}

function statuses(page: Page, status: string) {
  return page.getByTestId('device-form').filter({ hasText: status });
}

async function reopen(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  watchConsole(page);
  await page.goto(path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

describe('field collection without a connection (375 px, Georgian)', () => {
  it('forms filled offline with a photo reach the server once each, also when a send is cut off', async () => {
    let page = await newPage(e2e, 375);
    const context = page.context();
    await signIn(page, DEMO_EMAILS.case_worker);
    // The service worker (Workbox) has precached the app: it opens without a connection.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    expect(context.serviceWorkers().length).toBe(1);
    // Installable: Chromium finds nothing missing (manifest, icons, service worker); a test
    // context is an incognito one, which is the one reason it names and not the app's.
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: { errorId: string }[] };
    expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito')).toEqual([]);
    await cdp.detach();

    await page.goto(`/instruments/${instrumentId}`);
    // A controlled switch: it turns on once the instrument is kept, so a click and then the confirmation.
    await page.getByRole('switch', { name: 'ხაზგარეშე გამოყენება' }).click();
    await page.getByText('ინახება ამ მოწყობილობაზე: ვერსია 1').waitFor();

    await context.setOffline(true);
    await page.goto('/offline');
    await page.getByText('კავშირი არ არის').first().waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await fillOffline(page, '7');
    await fillOffline(page, '12');
    await statuses(page, 'ელოდება').nth(1).waitFor();
    // Two forms on the device, both waiting: no draft left behind by a second tap.
    expect(await page.getByTestId('device-form').count()).toBe(2);
    expect(await onServer()).toHaveLength(0);
    // A page that needs the server says so.
    await page.goto('/responses');
    await page.getByText('ამ გვერდს სერვერთან კავშირი სჭირდება', { exact: false }).first().waitFor();

    // Closed and opened again, still offline: the forms are on the device.
    await page.close();
    page = await reopen(context, '/offline');
    await statuses(page, 'ელოდება').nth(1).waitFor();
    expect(await statuses(page, 'ელოდება').count()).toBe(2);
    await expectAccessible(page);

    // The connection returns: the outbox sends itself.
    await context.setOffline(false);
    await statuses(page, 'გაიგზავნა').nth(1).waitFor();
    // When, as dates read everywhere in the app (it was the browser's own "28.11.2026, 02:20:11").
    await page.getByText(/^გაიგზავნა \d{1,2} [ა-ჰ]{3} \d{4}, \d{2}:\d{2}$/).first().waitFor();
    let stored = await onServer();
    expect(stored).toHaveLength(2);
    expect(stored.map((r) => r.status)).toEqual(['submitted', 'submitted']);
    expect(stored.map((r) => Number(r.answers.families)).sort((a, b) => a - b)).toEqual([7, 12]);
    expect(stored.map((r) => r.files)).toEqual([1, 1]);

    // A send cut off: the server stores the submission, the page is closed before it hears back.
    await context.setOffline(true);
    await fillOffline(page, '3');
    let reached: () => void = () => undefined;
    const submitReached = new Promise<void>((resolve) => (reached = resolve));
    await context.route('**/api/v1/responses/*/submit', async (route) => {
      await route.fetch();
      reached();
    });
    await context.setOffline(false);
    await submitReached;
    await page.close();
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    stored = await onServer();
    expect(stored).toHaveLength(3);

    // Opened again: the unfinished send is repeated, and the server still has the form once.
    page = await reopen(context, '/offline');
    await statuses(page, 'გაიგზავნა').nth(2).waitFor();
    stored = await onServer();
    expect(stored).toHaveLength(3);
    expect(stored.every((r) => r.status === 'submitted' && r.files === 1)).toBe(true);

    // A new version is published while a form is filled in offline: a conflict, kept as a new form on request.
    await context.setOffline(true);
    await fillOffline(page, '5');
    const draft = (await admin.post(`/api/v1/instruments/${instrumentId}/draft`)).json();
    expect((await admin.post(`/api/v1/instruments/${instrumentId}/publish`, { version: draft.version })).statusCode).toBe(200);
    expectErrorResponses(page, 409);
    await context.setOffline(false);
    const conflict = statuses(page, 'კონფლიქტი');
    await conflict.waitFor();
    await conflict.getByText('ახალი ვერსია გამოქვეყნდა', { exact: false }).waitFor();
    expect(await onServer()).toHaveLength(3);
    await conflict.getByRole('button', { name: 'ჩემი შევინახო ახალ ფორმად' }).click();
    await statuses(page, 'გაიგზავნა').nth(3).waitFor();
    stored = await onServer();
    expect(stored).toHaveLength(4);
    expect(stored.filter((r) => Number(r.answers.families) === 5)).toHaveLength(1);

    // Signing out on a shared device: a warning for unsent work, then nothing of the account is left.
    await page.getByRole('button', { name: /^შევსება/ }).click();
    await page.getByLabel('ოჯახების რაოდენობა').fill('1');
    await page.goto('/offline');
    await page.getByRole('button', { name: 'მენიუს გახსნა' }).click();
    await page.getByRole('button', { name: 'გასვლა' }).click();
    await page.getByText('ამ მოწყობილობაზე გაუგზავნელი ჩანაწერებია').waitFor();
    await page.getByRole('button', { name: 'გასვლა და წაშლა' }).click();
    await page.waitForURL('**/login');
    const left = await page.evaluate(
      () =>
        new Promise<{ forms: number; instruments: number; kept: string | null }>((resolve, reject) => {
          const open = indexedDB.open('ertad-offline');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['forms', 'instruments'], 'readonly');
            const forms = tx.objectStore('forms').count();
            const instruments = tx.objectStore('instruments').count();
            tx.oncomplete = () => resolve({ forms: forms.result, instruments: instruments.result, kept: localStorage.getItem('ertad.offline.me') });
          };
        }),
    );
    expect(left).toEqual({ forms: 0, instruments: 0, kept: null });
    await context.close();
  });
});
