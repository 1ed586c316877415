import type { Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAILS, DEMO_PASSWORD } from '../support/app';
import { startE2E, watchConsole, type E2E } from './support';

// The first visit of a phone on a weak line: the sign-in page, the sign-in and the first signed-in
// page must not share the line with the service worker's download of the whole app (about 185
// files, 865 KB compressed). The line is simulated in the test: every answer, the page's and the
// service worker's, passes one link of LINK_BYTES_PER_S after a round trip of LATENCY_MS, one
// answer after another, so what the service worker downloads early delays what the page waits for.

const LINK_BYTES_PER_S = 400_000; // uncompressed bytes (the route sees bodies decoded): about 1 Mbit/s of brotli
const LATENCY_MS = 150;

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

interface Exchange {
  path: string;
  byServiceWorker: boolean;
  start: number;
  end?: number;
  bytes?: number;
}

describe('first visit on a weak line', () => {
  it('the sign-in page, the sign-in and the first signed-in page load before the service worker downloads the app', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 375, height: 800 }, baseURL: e2e.baseUrl });
    const t0 = Date.now();
    const at = () => Date.now() - t0;
    const log: Exchange[] = [];
    let linkFreeAt = 0;
    await context.route('**/*', async (route, request: Request) => {
      const exchange: Exchange = { path: new URL(request.url()).pathname, byServiceWorker: request.serviceWorker() !== null, start: at() };
      log.push(exchange);
      const response = await route.fetch();
      const body = await response.body();
      // The answer's bytes take their turn on the one link.
      const begin = Math.max(at() + LATENCY_MS, linkFreeAt);
      linkFreeAt = begin + (body.length / LINK_BYTES_PER_S) * 1000;
      await new Promise((resolve) => setTimeout(resolve, linkFreeAt - at()));
      await route.fulfill({ response, body });
      exchange.end = at();
      exchange.bytes = body.length;
    });
    const page = await context.newPage();
    watchConsole(page);
    /** Until every request the page has made so far has its answer (the service worker's are not waited for). */
    const pageSettled = async () => {
      await expect.poll(() => log.filter((e) => !e.byServiceWorker && e.end === undefined).length, { timeout: 60_000 }).toBe(0);
      return at();
    };

    await page.goto('/login');
    await page.getByLabel(/ელფოსტა|Email/).waitFor();
    const signInShown = await pageSettled();
    // A person types their email and password: a few seconds on the sign-in page.
    await page.getByLabel(/ელფოსტა|Email/).fill(DEMO_EMAILS.case_worker);
    await page.getByLabel(/^(პაროლი|Password)/).fill(DEMO_PASSWORD);
    await page.waitForTimeout(3000);
    const signInPressed = at();
    const pageRequestsBefore = log.filter((e) => !e.byServiceWorker).length;
    await page.getByRole('button', { name: /^(შესვლა|Sign in)$/ }).click();
    await page.getByRole('navigation', { name: /^(მთავარი ნავიგაცია|Main navigation)$/ }).waitFor({ timeout: 60_000 });
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 60_000 });
    const homeShown = await pageSettled();

    // Then the service worker starts its download. Its whole download (about a minute on this
    // link) is not waited for: the order is known once its first file is asked for, and the
    // offline tests hold that what it keeps opens the app without a connection.
    await expect.poll(() => log.filter((e) => e.byServiceWorker).length, { timeout: 120_000 }).toBeGreaterThan(0);
    const worker = log.filter((e) => e.byServiceWorker);
    const pageFirstScreens = log.filter((e) => !e.byServiceWorker && e.start <= homeShown);
    const summary = {
      signInShownMs: signInShown,
      signInToHomeMs: homeShown - signInPressed,
      signedInRequests: log.filter((e) => !e.byServiceWorker).length - pageRequestsBefore,
      workerFirstRequestMs: Math.min(...worker.map((e) => e.start)),
    };
    process.stdout.write(`first visit on a simulated weak line: ${JSON.stringify(summary)}\n`);
    // Nothing of the service worker's download before the first signed-in page has all it asked for.
    expect(summary.workerFirstRequestMs).toBeGreaterThanOrEqual(Math.max(...pageFirstScreens.map((e) => e.end ?? Infinity)));
    // The service worker's files still on the link are dropped with the context.
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    await context.close();
  });
});
