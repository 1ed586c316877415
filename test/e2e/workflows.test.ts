import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAILS, login } from '../support/app';
import type { Page } from 'playwright-core';
import { expectAccessible, expectErrorResponses, newPage, signIn, startE2E, type E2E } from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

/** The admin on the organisations list's second page (42 demo organisations, 25 a page). */
async function organisationsOnPage2(): Promise<Page> {
  const page = await newPage(e2e);
  await signIn(page, DEMO_EMAILS.admin);
  await page.goto('/organisations');
  await page.getByText(/42 ჩანაწერი/).waitFor();
  await page.getByRole('button', { name: 'შემდეგი გვერდი' }).click();
  await page.getByText('გვერდი 2 / 2', { exact: false }).waitFor();
  return page;
}

describe('organisations in the browser', () => {
  it('a CSO manager finds their organisation, edits its contacts and sees them saved', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.cso_manager);
    await page.getByRole('link', { name: 'ორგანიზაციები' }).click();
    await page.getByRole('link', { name: 'თელავის ინკლუზიური განვითარების ცენტრი' }).click();
    await page.getByRole('button', { name: 'რედაქტირება' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'რედაქტირება' }).click();
    await expectAccessible(page);
    await page.getByLabel('ტელეფონი').fill('+995 350 27 11 22');
    await page.getByLabel('საიდენტიფიკაციო ნომერი').fill('12');
    await page.getByRole('button', { name: 'შენახვა' }).click();
    await expect(page.getByText('საიდენტიფიკაციო ნომერი შედგება 9-დან 11 ციფრამდე').count()).resolves.toBeGreaterThan(0);
    await page.getByLabel('საიდენტიფიკაციო ნომერი').fill('404000000');
    await page.getByRole('button', { name: 'შენახვა' }).click();
    await page.getByText('+995 350 27 11 22').waitFor();
    await page.context().close();
  });

  it('an edit made elsewhere in the meantime is reported as a conflict, not overwritten', async () => {
    const page = await newPage(e2e);
    expectErrorResponses(page, 409);
    await signIn(page, DEMO_EMAILS.programme_manager);
    await page.goto('/organisations');
    await page.getByRole('searchbox', { name: 'ძიება' }).fill('Kutaisi Inclusive');
    await page.getByRole('link', { name: 'ქუთაისის ინკლუზიური განვითარების ცენტრი' }).click();
    await page.getByRole('button', { name: 'რედაქტირება' }).click();

    const admin = await login(e2e.app, DEMO_EMAILS.admin);
    const id = page.url().split('/').pop()!;
    const { version } = (await admin.get(`/api/v1/organisations/${id}`)).json();
    await admin.patch(`/api/v1/organisations/${id}`, { version, phone: '+995 431 00 00 01' });

    await page.getByLabel('ტელეფონი').fill('+995 431 99 99 99');
    await page.getByRole('button', { name: 'შენახვა' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('ამასობაში სხვამ შეცვალა');
    expect((await admin.get(`/api/v1/organisations/${id}`)).json().phone).toBe('+995 431 00 00 01');
    await page.context().close();
  });

  it('sorts, pages and filters the list', async () => {
    const page = await organisationsOnPage2();
    // The next page is shown from its first row, not from the pager at the foot of the list.
    const listTop = (await page.getByRole('table').boundingBox())!.y;
    expect(listTop).toBeGreaterThanOrEqual(56);
    expect(listTop).toBeLessThan(200);
    await page.getByRole('searchbox', { name: 'ძიება' }).fill('ბათუმის');
    await page.getByText(/^4 ჩანაწერი/).waitFor();
    await page.getByRole('button', { name: 'დალაგება: სახელი' }).click();
    await expect(page.locator('th[aria-sort="descending"]').count()).resolves.toBe(1);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV ექსპორტი' }).click();
    expect((await download).suggestedFilename()).toMatch(/^organisations-.*\.csv$/);
    await page.context().close();
  });

  it('Back from a record returns to the list as it was left; following the menu to it starts afresh', async () => {
    const page = await organisationsOnPage2();
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/organisations\/[0-9a-f-]{36}$/);
    await page.goBack();
    await page.getByText('გვერდი 2 / 2', { exact: false }).waitFor();

    await page.getByRole('searchbox', { name: 'ძიება' }).fill('ბათუმის');
    await page.getByText(/^4 ჩანაწერი/).waitFor();
    await page.getByRole('button', { name: 'დალაგება: სახელი' }).click();
    await expect(page.locator('th[aria-sort="descending"]').count()).resolves.toBe(1);
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/organisations\/[0-9a-f-]{36}$/);
    await page.goBack();
    await page.getByText(/^4 ჩანაწერი/).waitFor();
    await expect(page.getByRole('searchbox', { name: 'ძიება' }).inputValue()).resolves.toBe('ბათუმის');
    await expect(page.locator('th[aria-sort="descending"]').count()).resolves.toBe(1);
    // A reload of the same entry keeps it too.
    await page.reload();
    await page.getByText(/^4 ჩანაწერი/).waitFor();
    // So does the record's own back link ("← ორგანიზაციები"), which is a new visit of the list.
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/organisations\/[0-9a-f-]{36}$/);
    await page.getByRole('main').getByRole('link', { name: '← ორგანიზაციები' }).click();
    await page.getByText(/^4 ჩანაწერი/).waitFor();
    await expect(page.getByRole('searchbox', { name: 'ძიება' }).inputValue()).resolves.toBe('ბათუმის');

    // Coming to the list again by the menu is a new visit: the whole list, in its first order.
    const menu = page.getByRole('navigation', { name: 'მთავარი ნავიგაცია' });
    await menu.getByRole('link', { name: 'მთავარი', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await menu.getByRole('link', { name: 'ორგანიზაციები' }).click();
    await page.getByText(/42 ჩანაწერი/).waitFor();
    await expect(page.getByRole('searchbox', { name: 'ძიება' }).inputValue()).resolves.toBe('');

    // A session that ends without signing out (it expired): the next sign-in in this tab forgets
    // what was searched; so does signing out, for the next person at this browser.
    const keptSearches = () => page.evaluate(() => Object.entries(sessionStorage).filter(([k, v]) => k.startsWith('ertad.entry.') && v.includes('ბათუმის')).length);
    expect(await keptSearches()).toBeGreaterThan(0);
    await page.context().clearCookies();
    await signIn(page, DEMO_EMAILS.admin);
    expect(await keptSearches()).toBe(0);
    await page.goto('/organisations');
    await page.getByText(/42 ჩანაწერი/).waitFor();
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('ertad.entry.')).length)).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'გასვლა' }).click();
    await page.waitForURL('**/login');
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('ertad.entry.')))).toEqual([]);
    await page.context().close();
  });
});

describe('users in the browser', () => {
  it('an admin creates a user, hands over the one-time link, and the user sets a password with it', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/users');
    await page.getByRole('button', { name: 'ახალი მომხმარებელი' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('ელფოსტა').fill('new.mentor@example.ge');
    await dialog.getByLabel('სახელი').fill('ანა ახალაძე');
    await dialog.getByRole('textbox', { name: 'ორგანიზაცია' }).click();
    await page.getByRole('option', { name: 'ანიკა' }).click();
    await dialog.getByRole('textbox', { name: 'როლები' }).click({ force: true });
    await page.getByRole('option', { name: 'მენტორი' }).click();
    await page.keyboard.press('Escape');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'შექმნა' }).click();
    const link = (await page.getByTestId('credential').textContent())!;
    expect(link).toMatch(/\/set-password\?token=/);

    const newcomer = await newPage(e2e);
    // A link cut short is said to be the link's fault, not the password's.
    expectErrorResponses(newcomer, 400);
    await newcomer.goto(link.slice(0, link.indexOf('token=') + 'token='.length + 6));
    await newcomer.getByLabel(/^ახალი პაროლი/).fill('my-new-password-1');
    await newcomer.getByLabel(/^გაიმეორეთ ახალი პაროლი/).fill('my-new-password-1');
    await newcomer.getByRole('button', { name: 'პაროლის დაყენება' }).click();
    await newcomer.getByRole('alert').filter({ hasText: 'ეს ბმული აღარ მოქმედებს' }).waitFor();
    expect(await newcomer.getByText(/შეიყვანეთ მინიმუმ/).count()).toBe(0);

    await newcomer.goto(link);
    await newcomer.getByLabel(/^ახალი პაროლი/).waitFor();
    await expectAccessible(newcomer);
    // An invitee who reads English can switch before choosing a password.
    await newcomer.getByText('English').click();
    await newcomer.getByRole('heading', { name: 'Choose your password' }).waitFor();
    await newcomer.getByText('ქართული').click();
    await newcomer.getByLabel(/^ახალი პაროლი/).waitFor();
    await newcomer.getByLabel(/^ახალი პაროლი/).fill('my-new-password-1');
    await newcomer.getByLabel(/^გაიმეორეთ ახალი პაროლი/).fill('my-new-password-1');
    await newcomer.getByRole('button', { name: 'პაროლის დაყენება' }).click();
    await newcomer.getByText('პაროლი დაყენებულია').waitFor();
    await signIn(newcomer, 'new.mentor@example.ge', 'my-new-password-1');
    await page.context().close();
    await newcomer.context().close();
  });

  it('asks before deactivating a user, and cancelling changes nothing', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/users');
    await page.getByRole('searchbox', { name: 'ძიება' }).fill('caseworker');
    await page.getByText(/^1 ჩანაწერი/).waitFor();
    await page.getByRole('button', { name: /მოქმედებები: / }).click();
    await page.getByRole('menuitem', { name: 'დეაქტივაცია' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'გაუქმება' }).click();
    await expect(page.getByRole('cell', { name: 'აქტიური', exact: true }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: /მოქმედებები: / }).click();
    await page.getByRole('menuitem', { name: 'დეაქტივაცია' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'დეაქტივაცია' }).click();
    await page.getByRole('cell', { name: 'არააქტიური', exact: true }).waitFor();
    await page.context().close();
  });
});
