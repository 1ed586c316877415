import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, onTestFinished } from 'vitest';
import { buildApp } from '../../server/app';
import type { Config } from '../../server/config';
import type { Database } from '../../server/db/client';
import { seedDemo } from '../../server/db/seed/demo';
import { seedBuiltInInstruments } from '../../server/features/instruments/seed';
import { DEMO_PASSWORD, testConfig } from '../support/app';
import { findBrowser } from '../support/browser';
import { freshDatabase } from '../support/database';
import type { FastifyInstance } from 'fastify';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface E2E {
  baseUrl: string;
  browser: Browser;
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** The real server with the built SPA (npm run build) on a free port, and headless Chromium. */
export async function startE2E(overrides: Partial<Config> = {}): Promise<E2E> {
  const database = await freshDatabase();
  // Built-ins first, as at a real start: the demo's filled-in forms answer them.
  await seedBuiltInInstruments(database.db);
  await seedDemo(database.db, DEMO_PASSWORD);
  const app = await buildApp({ config: testConfig(overrides), db: database.db, serveWeb: true });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: findBrowser() ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    browser,
    app,
    database,
    close: async () => {
      await browser.close();
      await app.close();
      await database.close();
    },
  };
}

/** A page of a new browser context; the test fails on any console error or uncaught exception in it. */
export async function newPage(e2e: E2E, width = 1280): Promise<Page> {
  // bypassCSP only lets the test inject axe-core; the app itself runs under its real CSP.
  const context = await e2e.browser.newContext({ viewport: { width, height: 800 }, baseURL: e2e.baseUrl, acceptDownloads: true, bypassCSP: true });
  const page = await context.newPage();
  watchConsole(page);
  return page;
}

interface ConsoleWatch {
  problems: string[];
  /** HTTP statuses the test provokes on purpose (a wrong password, a conflict). */
  expectedStatuses: Set<number>;
  /** Network errors the test provokes on purpose (an answer cut off on its way back). */
  expectedNetErrors: Set<string>;
}

const watches = new WeakMap<Page, ConsoleWatch>();

// Chromium logs every 4xx/5xx response of the page's own requests as a console error.
const failedRequest = /^Failed to load resource: the server responded with a status of (\d{3})/;
// And a request it could not send because the test took the device offline (`setOffline`): on
// loopback nothing else causes it, and what the app does offline is what those tests assert.
const offlineRequest = /^Failed to load resource: net::ERR_INTERNET_DISCONNECTED/;
const netError = /^Failed to load resource: net::(ERR_\w+)/;

export function watchConsole(page: Page) {
  const watch: ConsoleWatch = { problems: [], expectedStatuses: new Set(), expectedNetErrors: new Set() };
  watches.set(page, watch);
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (offlineRequest.test(message.text())) return;
    const net = netError.exec(message.text())?.[1];
    if (net && watch.expectedNetErrors.has(net)) return;
    const status = failedRequest.exec(message.text())?.[1];
    if (status && watch.expectedStatuses.has(Number(status))) return;
    watch.problems.push(`console error on ${page.url()}: ${message.text()} ${message.location().url}`.trim());
  });
  page.on('pageerror', (error) => watch.problems.push(`uncaught exception on ${page.url()}: ${error.message}`));
  onTestFinished(() => {
    expect(watch.problems, 'the browser console shows errors').toEqual([]);
  });
}

/**
 * For a test that provokes an error response on purpose: the browser's own console line about
 * that status is expected, not a failure. Every other console error still fails the test.
 */
export function expectErrorResponses(page: Page, ...statuses: number[]) {
  for (const status of statuses) watches.get(page)?.expectedStatuses.add(status);
}

/** For a test that cuts requests off on purpose: the browser's console line about that error is expected. */
export function expectNetErrors(page: Page, ...errors: string[]) {
  for (const error of errors) watches.get(page)?.expectedNetErrors.add(error);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel(/ელფოსტა|Email/).fill(email);
  await page.getByLabel(/^(პაროლი|Password)/).fill(password);
  await page.getByRole('button', { name: /^(შესვლა|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  // The signed-in shell downloads on demand: wait for its navigation, then the page's heading.
  await page.getByRole('navigation', { name: /^(მთავარი ნავიგაცია|Main navigation)$/ }).waitFor();
  await page.getByRole('heading', { level: 1 }).waitFor();
}

/** axe-core over the whole page (WCAG 2.1 A and AA); returns the violations, summarised. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  // A dialog or menu still fading in has blended colours that axe reads as low contrast: let the
  // transitions that end (not a spinner's endless one) finish first. Mantine starts a dialog's
  // fade a frame or two after the dialog appears, so look until two frames in a row start none
  // (a dialog read in that gap failed the contrast check once in CI).
  await page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    for (let quietFrames = 0, frames = 0; quietFrames < 2 && frames < 120; frames += 1) {
      await frame();
      const running = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity && a.playState !== 'finished');
      quietFrames = running.length === 0 ? quietFrames + 1 : 0;
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
    }
  });
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  return violations;
}

export async function expectAccessible(page: Page) {
  expect(await accessibilityViolations(page), page.url()).toEqual([]);
}

/** True when nothing is wider than the viewport (no sideways scrolling on a phone). */
export async function fitsViewport(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}
