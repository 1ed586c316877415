import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAILS } from '../support/app';
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
    const page = await openResults(DEMO_EMAILS.programme_manager, 1280, /ვაშინგტონის ჯგუფის მოკლე/);
    const seeing = page.getByRole('region', { name: /დანახვა/ });
    await seeing.waitFor();
    expect(await seeing.locator('.recharts-surface').count()).toBe(1);
    expect(await seeing.getByRole('row').count()).toBeGreaterThan(2);
    // Screenings are about people: outside the serving CSO even programme staff see small counts as "<5".
    await page.getByText(/ნაჩვენებია როგორც/).waitFor();
    await expectAccessible(page);

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'ჩამოტვირთვა' }).click();
    const file = await (await download).path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    expect(headers).toContain('ორგანიზაცია');
    expect(headers.some((h) => h.includes('დანახვა'))).toBe(true);
    expect(sheet.rowCount).toBeGreaterThan(200);
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
});
