import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEMO_EMAILS, login } from '../support/app';
import { expectAccessible, fitsViewport, newPage, signIn, startE2E, type E2E } from './support';

// Results of an instrument in view (charts with their numbers) and out (the answers export).

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

async function openResults(email: string, width: number, instrument: RegExp) {
  const page = await newPage(e2e, width);
  await signIn(page, email);
  await page.goto('/instruments');
  await page.getByRole('link', { name: instrument }).first().click();
  await page.getByRole('link', { name: 'შედეგები და ექსპორტი' }).click();
  await page.waitForURL('**/results');
  await page.getByText(/გაგზავნილი ფორმები:/).waitFor();
  return page;
}

describe('instrument results', () => {
  it('shows the programme manager a chart per question with its numbers, and exports the answers in Georgian', async () => {
    const page = await openResults(DEMO_EMAILS.programme_manager, 1280, /ორგანიზაციული შესაძლებლობების GESI/);
    const charts = page.getByRole('region');
    await charts.first().waitFor();
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThan(5);
    expect(await charts.first().getByRole('row').count()).toBeGreaterThan(2);
    // Assessments about organisations the programme manager may open: nothing is hidden.
    expect(await page.getByText('<5', { exact: true }).count()).toBe(0);
    await expectAccessible(page);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'ჩამოტვირთვა' }).click();
    const file = await (await download).path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(headers).toContain('ორგანიზაცია');
    expect(headers.some((h) => h.includes('GESI'))).toBe(true);
    expect(sheet.rowCount).toBeGreaterThan(50);
    const scoreColumn = headers.indexOf('ქულა') + 1;
    expect(typeof sheet.getRow(2).getCell(scoreColumn).value).toBe('number');

    // The same export in the background: prepared by the server, then found in My exports.
    await page.getByRole('button', { name: 'ფონურ რეჟიმში' }).click();
    await page.getByRole('link', { name: 'ჩემი ექსპორტები' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'ჩემი ექსპორტები' }).waitFor();
    await page.getByText('მზადაა').first().waitFor({ timeout: 60_000 });
    await expectAccessible(page);
    const later = page.waitForEvent('download');
    await page.getByRole('link', { name: /\.xlsx$/ }).first().click();
    const background = new ExcelJS.Workbook();
    await background.xlsx.readFile(await (await later).path());
    expect(background.worksheets[0]!.rowCount).toBe(sheet.rowCount);
    await page.context().close();
  });

  it('writes score ranges that do not overlap, as Georgian writes numbers, their labels apart on a phone (375 px)', async () => {
    const page = await openResults(DEMO_EMAILS.programme_manager, 375, /ორგანიზაციული შესაძლებლობების GESI/);
    const overall = page.getByRole('region', { name: 'საერთო ქულა' });
    await overall.getByRole('table').waitFor();
    // Each bar includes its lower end only ("1,4 – 1,6-ზე ნაკლები"); they read "1.4–1.6", "1.6–1.8" (where is 1.6?).
    const ranges = await overall.locator('tbody td:first-child').allTextContents();
    expect(ranges.length).toBeGreaterThan(2);
    expect(ranges.filter((text) => !/^\d(,\d+)? – \d(,\d+)?-ზე ნაკლები$/.test(text))).toEqual([]);
    const edges = ranges.map((text) => text.match(/^(\S+) – (\S+)-ზე/)!.slice(1));
    for (let i = 1; i < edges.length; i += 1) expect(edges[i]![0]).toBe(edges[i - 1]![1]);
    await expect(overall.getByText(/საშუალო: \d,\d+$/).count()).resolves.toBe(1);
    // The chart's labels (two lines each on a phone) stand apart, not line against line.
    await expect.poll(() => overall.locator('.recharts-yAxis .recharts-cartesian-axis-tick text').count()).toBe(ranges.length);
    const ticks = await overall.locator('.recharts-yAxis .recharts-cartesian-axis-tick text').evaluateAll((texts) => texts.map((t) => t.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })).sort((a, b) => a.top - b.top));
    for (let i = 1; i < ticks.length; i += 1) expect(ticks[i]!.top).toBeGreaterThanOrEqual(ticks[i - 1]!.bottom + 8);
    expect(await fitsViewport(page)).toBe(true);
    await overall.screenshot({ path: 'test-results/results-ranges-375.png' }).catch(() => undefined);
    await page.context().close();
  });

  it('shows Washington Group screenings (about people) to programme staff as aggregates with small counts hidden', async () => {
    const page = await openResults(DEMO_EMAILS.programme_manager, 1280, /ვაშინგტონის ჯგუფის მოკლე/);
    await page.getByRole('region', { name: /დანახვა/ }).waitFor();
    await page.getByText(/ნაჩვენებია როგორც/).waitFor();
    await page.context().close();
  });

  it('shows the donor aggregated results on a phone, with small counts hidden', async () => {
    const page = await openResults(DEMO_EMAILS.viewer, 375, /ორგანიზაციული შესაძლებლობების GESI/);
    await page.getByText(/ნაჩვენებია როგორც/).waitFor();
    expect(await page.getByRole('link', { name: 'ჩამოტვირთვა' }).count()).toBe(0);
    expect(await fitsViewport(page)).toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });

  it('tells a municipal monitor on a phone that no quality checklist has been submitted yet, instead of a page of empty charts', async () => {
    const page = await openResults(DEMO_EMAILS.municipal_monitor, 375, /სოციალური მომსახურების ხარისხის საკონტროლო სია/);
    await page.getByText('გაგზავნილი ფორმები: 0').waitFor();
    await page.getByText('ამ ინსტრუმენტით ჯერ არცერთი ფორმა არ გაგზავნილა. შედეგები აქ გამოჩნდება, როცა პირველი შევსებული ფორმა გაიგზავნება.').waitFor();
    expect(await page.getByRole('heading', { name: 'კითხვები' }).count()).toBe(0);
    expect(await page.locator('.recharts-surface').count()).toBe(0);
    expect(await fitsViewport(page)).toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });

  it('gives a case worker their drafts on the home page (375 px), and lets them delete one after confirming', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    const drafts = page.getByRole('region', { name: 'დასასრულებელი სამუშაო ვერსიები' });
    await drafts.getByRole('link').first().waitFor();
    const before = await drafts.getByRole('link').count();
    expect(await fitsViewport(page)).toBe(true);
    await expectAccessible(page);
    await drafts.getByRole('link').first().click();
    await page.waitForURL('**/responses/*');
    await page.getByRole('button', { name: 'სამუშაო ვერსიის წაშლა' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'სამუშაო ვერსიის წაშლა' }).click();
    await page.waitForURL((url) => url.pathname === '/responses');
    await page.goto('/');
    await page.getByRole('region', { name: 'დასასრულებელი სამუშაო ვერსიები' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('region', { name: 'დასასრულებელი სამუშაო ვერსიები' }).getByRole('link').count()).toBe(before - 1);
    await page.context().close();
  });

  it('tells the programme manager on the home page what changed, marking what is new since the last visit (375 px)', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.programme_manager);
    const changes = page.getByRole('region', { name: 'რა შეიცვალა' });
    await changes.getByRole('link').first().waitFor();
    expect(await changes.getByRole('link', { name: /GESI|ვაშინგტონის|უკუკავშირ|ტესტ/ }).count()).toBeGreaterThan(0);
    // The first visit on this device has nothing to compare with.
    expect(await changes.getByText('ახალი', { exact: true }).count()).toBe(0);
    // As if the last visit had been early in 2025: the forms submitted since are marked new.
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) if (key.startsWith('ertad.home.lastVisit.')) localStorage.setItem(key, '2025-01-15T09:00:00Z');
    });
    await page.reload();
    await changes.getByText(/ბოლო ვიზიტი ამ მოწყობილობიდან: 15 იან 2025/).waitFor();
    // The last visit shows at once, the forms when their list arrives: wait for a "new" mark (a count
    // taken at once was 0 on a busy machine).
    await changes.getByText('ახალი', { exact: true }).first().waitFor();
    // The programme manager reaches every CSO: each change names its organisation.
    await changes.getByText(/ინკლუზიური განვითარების ცენტრი|ოჯახის მხარდაჭერის ასოციაცია|მშობლების კავშირი/).first().waitFor();
    expect(await fitsViewport(page)).toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });

  it('asks before leaving the designer with unsaved changes, and stays when the designer says no', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/instruments');
    await page.getByRole('button', { name: 'ახალი ინსტრუმენტი' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('კოდი').fill('unsaved_check');
    await dialog.getByLabel('სათაური (ქართულად)').fill('შემოწმება');
    await dialog.getByLabel('სათაური (ინგლისურად)').fill('Check');
    await dialog.getByRole('button', { name: 'შექმნა' }).click();
    await page.waitForURL('**/instruments/*');
    await page.getByRole('link', { name: 'სამუშაო ვერსიის რედაქტირება' }).click();
    await page.getByRole('button', { name: 'კითხვის დამატება' }).click();
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.getByRole('link', { name: /ინსტრუმენტზე დაბრუნება/ }).click();
    await page.waitForTimeout(300);
    expect(asked).toContain('არ არის შენახული');
    expect(page.url()).toContain('/design');
    await page.context().close();
  });
});

// Last in the file: the first test switches the programme manager's language (saved to the profile) and back.
describe('the answers export', () => {
  it('writes its headers in the reader\'s language until they choose others', async () => {
    // Whatever happens here, the programme manager reads Georgian again afterwards.
    onTestFinished(async () => void (await (await login(e2e.app, DEMO_EMAILS.programme_manager)).patch('/api/v1/me', { language: 'ka' })));
    const page = await openResults(DEMO_EMAILS.programme_manager, 1280, /ორგანიზაციული შესაძლებლობების GESI/);
    const href = async (name: string) => new URL((await page.getByRole('link', { name }).getAttribute('href'))!, e2e.baseUrl).searchParams.get('labels');
    expect(await page.getByRole('textbox', { name: 'სათაურები და მნიშვნელობები' }).inputValue()).toBe('ქართული');
    expect(await href('ჩამოტვირთვა')).toBe('ka');
    // The reader switches the app to English: the export follows (it stayed Georgian).
    await page.getByRole('banner').getByText('English').click();
    await page.getByRole('heading', { name: 'Export the answers' }).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'Headers and values' }).inputValue()).toBe('English');
    expect(await href('Download')).toBe('en');
    // A choice of the reader's own stays through a switch back.
    await page.getByRole('textbox', { name: 'Headers and values' }).click();
    await page.getByRole('option', { name: 'XLSForm names and codes' }).click();
    await page.getByRole('banner').getByText('ქართული').click();
    await page.getByRole('heading', { name: 'პასუხების ექსპორტი' }).waitFor();
    expect(await page.getByRole('textbox', { name: 'სათაურები და მნიშვნელობები' }).inputValue()).toBe('XLSForm-ის სახელები და კოდები');
    expect(await href('ჩამოტვირთვა')).toBe('names');
    await page.context().close();
  });

  it('offers no download when no form matches the filters: the buttons are disabled and say why, to a screen reader too', async () => {
    const page = await openResults(DEMO_EMAILS.programme_manager, 1280, /ორგანიზაციული შესაძლებლობების GESI/);
    await page.getByRole('link', { name: 'ჩამოტვირთვა' }).waitFor();
    const from = page.getByRole('textbox', { name: 'გაგზავნილია -დან' });
    await from.fill('01.01.2099');
    await from.press('Tab');
    await page.getByText('ამ ფილტრებს არცერთი გაგზავნილი ფორმა არ შეესაბამება', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: 'ჩამოტვირთვა' }).count()).toBe(0);
    for (const name of ['ჩამოტვირთვა', 'ფონურ რეჟიმში']) {
      const button = page.getByRole('button', { name });
      expect(await button.isDisabled(), name).toBe(true);
      const reason = await button.getAttribute('aria-describedby');
      expect(await page.locator(`[id="${reason}"]`).textContent(), name).toBe('საექსპორტო არაფერია: სიაში ჩანაწერი არ არის.');
    }
    await expectAccessible(page);
    await page.context().close();
  });
});
