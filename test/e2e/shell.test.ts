import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webDistDir } from '../../server/web';
import { DEMO_EMAILS, type DemoRole } from '../support/app';
import { expectAccessible, expectErrorResponses, expectNetErrors, fitsViewport, newPage, signIn, startE2E, type E2E } from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

const EVERYONE = ['მთავარი', 'ორგანიზაციები', 'შესაძლებლობების განვითარება', 'სწავლება', 'ინსტრუმენტები', 'პროფილი', 'სერვისები', 'მომსახურება: მაჩვენებლები'];
const FILLS_FORMS = 'შევსებული ფორმები';
/** Background exports: those who may export filled-in forms. */
const MY_EXPORTS = 'ჩემი ექსპორტები';
const ADMIN_ONLY = ['მომხმარებლები', 'რეგიონები და მუნიციპალიტეტები', 'აუდიტის ჟურნალი'];
const PATHS: Record<string, string> = {
  მთავარი: '/',
  ორგანიზაციები: '/organisations',
  'შესაძლებლობების განვითარება': '/capacity',
  სწავლება: '/learning',
  პროფილი: '/profile',
  ინსტრუმენტები: '/instruments',
  [FILLS_FORMS]: '/responses',
  [MY_EXPORTS]: '/exports',
  მომხმარებლები: '/users',
  'რეგიონები და მუნიციპალიტეტები': '/places',
  'აუდიტის ჟურნალი': '/audit',
  სერვისები: '/services',
  'მომსახურება: მაჩვენებლები': '/case-figures',
};

describe.each(Object.keys(DEMO_EMAILS) as DemoRole[])('signed in as %s', (role) => {
  it('sees the right navigation, every page passes axe, and signs out', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS[role]);
    const nav = page.getByRole('navigation', { name: 'მთავარი ნავიგაცია' });
    const links = (await nav.getByRole('link').allTextContents()).map((s) => s.trim());
    const expected = [...EVERYONE, ...(role === 'viewer' ? [] : [FILLS_FORMS, MY_EXPORTS]), ...(role === 'admin' ? ADMIN_ONLY : [])];
    for (const label of expected) expect(links).toContain(label);
    for (const label of [...ADMIN_ONLY, FILLS_FORMS, MY_EXPORTS].filter((l) => !expected.includes(l))) expect(links).not.toContain(label);

    for (const label of expected) {
      await page.goto(PATHS[label]!);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page);
    }
    // Pages outside the role are not reachable by URL either.
    if (role !== 'admin') {
      await page.goto('/audit');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('გვერდი ვერ მოიძებნა');
    }

    await page.getByRole('button', { name: 'გასვლა' }).click();
    await page.waitForURL('**/login');
    await page.goto('/organisations');
    await page.waitForURL('**/login');
    await page.context().close();
  });
});

describe('language', () => {
  it('is Georgian by default, switches to English, and is remembered for the user', async () => {
    const page = await newPage(e2e);
    await page.goto('/login');
    expect(await page.getAttribute('html', 'lang')).toBe('ka');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('შესვლა „ერთად“-ში');
    await expectAccessible(page);
    await signIn(page, DEMO_EMAILS.mentor);
    await page.getByText('English').click();
    await page.getByRole('link', { name: 'Organisations' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    // A list's size in English words for any number (it said "1 records").
    await page.getByRole('link', { name: 'Organisations' }).click();
    await page.getByText(/^Records: \d+ · Page 1 of \d+$/).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');

    const fresh = await newPage(e2e);
    await signIn(fresh, DEMO_EMAILS.mentor);
    await fresh.getByRole('link', { name: 'Organisations' }).waitFor();
    await fresh.getByText('ქართული').click();
    await fresh.getByRole('link', { name: 'ორგანიზაციები' }).waitFor();
    await page.context().close();
    await fresh.context().close();
  });
});

describe('the home page', () => {
  it("writes the key numbers as the reader's language does: 12 345 in Georgian, 12,345 in English", async () => {
    const page = await newPage(e2e);
    // A programme far larger than the demo: the numbers come from the server as they would.
    await page.route('**/api/v1/dashboard', (route) =>
      route.fulfill({ json: { organisationsByKind: { consortium: 5, cso: 1234, municipality: 9, donor: 1 }, activeUsers: 12345, municipalities: 9 } }),
    );
    await signIn(page, DEMO_EMAILS.admin);
    const figure = (label: string) => page.getByRole('main').getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]');
    await expect.poll(() => figure('აქტიური მომხმარებლები').textContent()).toBe('12\u00a0345');
    // Georgian groups thousands only from five digits on.
    expect(await page.getByRole('main').getByText('1234', { exact: true }).count()).toBe(1);
    await page.getByText('English').click();
    await expect.poll(() => figure('Active users').textContent()).toBe('12,345');
    expect(await page.getByRole('main').getByText('1,234', { exact: true }).count()).toBe(1);
    // The language is remembered for the user: back to Georgian for the other tests.
    await page.getByText('ქართული').click();
    await page.getByRole('link', { name: 'ორგანიზაციები' }).waitFor();
    await page.context().close();
  });
});

/** Where Tab goes (from the top of the page, freshly loaded, or from the focus): each stop's text, left edge, and whether it is in the main menu. */
async function tabStops(page: Page, count: number, fromTop: boolean) {
  if (fromTop) {
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
  }
  const stops: { text: string; x: number; inNav: boolean }[] = [];
  for (let n = 0; n < count; n++) {
    await page.keyboard.press('Tab');
    stops.push(await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return { text: (el.textContent ?? '').trim() || (el.getAttribute('aria-label') ?? ''), x: Math.round(el.getBoundingClientRect().left), inNav: !!el.closest('.mantine-AppShell-navbar') };
    }));
  }
  return stops;
}

describe('keyboard and small screens', () => {
  it('signs in with the keyboard alone', async () => {
    const page = await newPage(e2e);
    await page.goto('/login');
    await page.getByLabel('ელფოსტა').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_EMAILS.viewer);
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-password-for-tests');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.context().close();
  });

  it('shows the typed password with the keyboard: its button follows the field in the Tab order, pressed with Space or Enter', async () => {
    const page = await newPage(e2e, 320);
    await page.goto('/login');
    const password = page.getByLabel(/^პაროლი/);
    await password.focus();
    await page.keyboard.type('demo-password');
    await page.keyboard.press('Tab');
    const toggle = page.getByRole('button', { name: 'აკრეფილი პაროლის ჩვენება' });
    expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => password.getAttribute('type')).toBe('text');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // Enter on the button hides it again; it does not send the form.
    await page.keyboard.press('Enter');
    await expect.poll(() => password.getAttribute('type')).toBe('password');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByRole('alert').count()).toBe(0);
    await page.context().close();
  });

  it('says why sign-in failed in an alert, in the language chosen after the failure, and back again', async () => {
    const page = await newPage(e2e);
    expectErrorResponses(page, 401);
    await page.goto('/login');
    await page.getByLabel('ელფოსტა').fill(DEMO_EMAILS.viewer);
    await page.getByLabel(/^პაროლი/).fill('not-the-password');
    await page.getByRole('button', { name: 'შესვლა' }).click();
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('ელფოსტა ან პაროლი არასწორია');
    await expect(alert.textContent()).resolves.toContain('შესვლა ვერ მოხერხდა');
    await page.getByText('English').click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expect.poll(() => alert.textContent()).toContain('Sign-in failed');
    expect(await alert.textContent()).toContain('The email or password is wrong');
    expect(await alert.textContent()).not.toMatch(/[\u10D0-\u10FF]/); // no Georgian letter left
    await page.getByText('ქართული').click();
    await expect.poll(() => alert.textContent()).toContain('შესვლა ვერ მოხერხდა');
    expect(await alert.textContent()).toContain('ელფოსტა ან პაროლი არასწორია');
    await page.context().close();
  });

  it('fits a 375 px wide phone on every admin page, with the menu behind a button', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.admin);
    for (const path of Object.values(PATHS)) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await fitsViewport(page), path).toBe(true);
    }
    await page.screenshot({ path: 'test-results/organisations-375.png', fullPage: false }).catch(() => undefined);
    // An address that does not exist: said so inside the app's frame, whose menu leads on.
    await page.goto('/no-such-page');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('გვერდი ვერ მოიძებნა');
    await expect(page.title()).resolves.toBe('გვერდი ვერ მოიძებნა · ერთად');
    // The closed menu is out of the Tab order: focus never goes into it, off the screen.
    const stops = await tabStops(page, 8, true);
    expect(stops[0]?.text).toBe('მთავარ შიგთავსზე გადასვლა');
    expect(stops.filter((stop) => stop.inNav || stop.x < 0), JSON.stringify(stops)).toEqual([]);
    await page.getByRole('button', { name: 'მენიუს გახსნა' }).click();
    // Once it has slid in, the open menu is in the Tab order.
    await expect.poll(() => page.getByRole('link', { name: 'ორგანიზაციები' }).evaluate((el) => el.getBoundingClientRect().left)).toBeGreaterThanOrEqual(0);
    const open = await tabStops(page, 8, false);
    expect(open.some((stop) => stop.inNav && stop.x >= 0), JSON.stringify(open)).toBe(true);
    await page.getByRole('link', { name: 'ორგანიზაციები' }).click();
    await page.waitForURL('**/organisations');
    // On a wide screen the menu is always there, and reached with the keyboard.
    await page.setViewportSize({ width: 1280, height: 800 });
    const wide = await tabStops(page, 8, true);
    expect(wide.some((stop) => stop.inNav && stop.text === 'ორგანიზაციები'), JSON.stringify(wide)).toBe(true);
    await page.context().close();
  });
});

/** The focused element: its accessible text, where it is, and whether it is inside the page's main region. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const box = el?.getBoundingClientRect();
    return {
      text: !el || el === document.body ? '<body>' : (el.getAttribute('aria-label') ?? (el.textContent ?? '').trim()),
      tag: el?.tagName.toLowerCase() ?? '',
      id: el?.id ?? '',
      href: el?.getAttribute('href') ?? '',
      top: box?.top ?? 0,
      inMain: !!el?.closest('main'),
      headerBottom: document.querySelector('header')!.getBoundingClientRect().bottom,
    };
  });
}

describe('keyboard only, zoomed to 200 % (320 CSS px)', () => {
  it('Shift+Tab up a long page never leaves the focus behind the sticky header', async () => {
    const page = await newPage(e2e, 320);
    await page.setViewportSize({ width: 320, height: 480 });
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.locator('main').focus();
    for (let n = 0; n < 14; n++) await page.keyboard.press('Tab');
    const hidden: string[] = [];
    for (let n = 0; n < 10; n++) {
      await page.keyboard.press('Shift+Tab');
      const stop = await focused(page);
      if (stop.inMain && stop.top < stop.headerBottom) hidden.push(`${stop.text} at ${Math.round(stop.top)}`);
    }
    await page.screenshot({ path: 'test-results/shift-tab-320.png' }).catch(() => undefined);
    expect(hidden).toEqual([]);
    await page.context().close();
  });

  it('opens the phone menu with the keyboard: Tab stays out of the page behind it, Escape closes it and gives the focus back to its button', async () => {
    const page = await newPage(e2e, 320);
    await signIn(page, DEMO_EMAILS.case_worker);
    const burger = page.getByRole('button', { name: 'მენიუს გახსნა' });
    await burger.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => burger.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => page.getByRole('link', { name: 'ორგანიზაციები' }).evaluate((el) => el.getBoundingClientRect().left)).toBeGreaterThanOrEqual(0);
    const stops: { text: string; inMain: boolean }[] = [];
    for (let n = 0; n < 25; n++) {
      await page.keyboard.press('Tab');
      stops.push(await focused(page));
    }
    expect(stops.filter((stop) => stop.inMain), JSON.stringify(stops)).toEqual([]);
    expect(stops.some((stop) => stop.text === 'ორგანიზაციები')).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => burger.getAttribute('aria-expanded')).toBe('false');
    expect((await focused(page)).text).toBe('მენიუს გახსნა');
    await page.context().close();
  });

  it('following a link, from the page or the phone menu, puts the focus on the new page, not on <body>', async () => {
    const page = await newPage(e2e, 320);
    await signIn(page, DEMO_EMAILS.case_worker);
    // A link in the page: "all filled-in forms" on the home page.
    await page.locator('main').focus();
    for (let n = 0; n < 30 && (await focused(page)).href !== '/responses'; n++) await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('ყველა შევსებული ფორმა');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/responses');
    await page.getByRole('heading', { level: 1, name: 'შევსებული ფორმები' }).waitFor();
    await expect.poll(async () => (await focused(page)).id).toBe('main');
    // Tab goes on from the top of the new page, in the page.
    await page.keyboard.press('Tab');
    expect((await focused(page)).inMain).toBe(true);
    // A link in the phone menu, which closes as the page changes.
    await page.getByRole('button', { name: 'მენიუს გახსნა' }).focus();
    await page.keyboard.press('Enter');
    const organisations = page.getByRole('link', { name: 'ორგანიზაციები' });
    await expect.poll(() => organisations.evaluate((el) => el.getBoundingClientRect().left)).toBeGreaterThanOrEqual(0);
    await organisations.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/organisations');
    await expect.poll(async () => (await focused(page)).id).toBe('main');
    await page.context().close();
  });
});

describe('the built app on a slow connection', () => {
  it('says it is loading while its code downloads, instead of a blank page, and the app replaces that', async () => {
    const page = await newPage(e2e, 375);
    // The code held back, as on a weak connection where it takes seconds to arrive.
    expectNetErrors(page, 'ERR_FAILED');
    await page.route('**/assets/**', (route) => route.abort());
    await page.goto('/login');
    await expect(page.getByRole('status').textContent()).resolves.toBe('იტვირთება… Loading…');
    await page.getByText('ერთად', { exact: true }).waitFor();
    await page.unroute('**/assets/**');
    await page.goto('/login');
    await page.getByRole('button', { name: 'შესვლა' }).waitFor();
    expect(await page.getByText('იტვირთება… Loading…').count()).toBe(0);
    await page.context().close();
  });

  it("sends the app's code as compressed at build time, brotli or gzip as the browser accepts, cached for good", async () => {
    const page = await e2e.app.inject({ url: '/', headers: { accept: 'text/html' } });
    const asset = /\/assets\/[^"]+\.js/.exec(page.body)![0];
    const plain = await e2e.app.inject({ url: asset });
    expect(plain.headers['content-encoding']).toBeUndefined();
    for (const [encoding, unpack] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      const packed = await e2e.app.inject({ url: asset, headers: { 'accept-encoding': encoding } });
      expect(packed.headers['content-encoding']).toBe(encoding);
      expect(packed.headers.vary).toMatch(/accept-encoding/i);
      expect(packed.headers['cache-control']).toContain('immutable');
      // The file the build wrote, not one compressed for this request.
      expect(packed.rawPayload.equals(readFileSync(join(webDistDir, `${asset}.${encoding === 'br' ? 'br' : 'gz'}`)))).toBe(true);
      expect(unpack(packed.rawPayload).equals(plain.rawPayload)).toBe(true);
    }
  });
});
