import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAILS } from '../support/app';
import { expectAccessible, fitsViewport, newPage, signIn, startE2E, type E2E } from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

describe('case management on a phone (375 px)', () => {
  it('a case worker searches, registers a child with consent, finds her by a Latin spelling, opens a case and records a session', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto('/people');
    await page.getByRole('searchbox', { name: 'ძებნა სახელით (ქართულად ან ლათინურად) ან პირადი ნომრით' }).fill('ციცინო ღლონტი');
    await page.getByRole('button', { name: 'ძიება' }).click();
    await page.getByText('დამთხვევა არ მოიძებნა').first().waitFor();
    await expectAccessible(page);
    await page.getByRole('textbox', { name: 'სახელი' }).fill('ციცინო');
    await page.getByRole('textbox', { name: 'გვარი' }).fill('ღლონტი');
    await page.getByLabel('დაბადების თარიღი').fill('2019-05-04');
    await page.getByLabel('თანხმობა მონაცემთა დამუშავებაზე').check();
    await page.getByLabel('თანხმობა გადამისამართებისას გაზიარებაზე').check();
    await page.getByRole('textbox', { name: 'კანონიერი წარმომადგენელი' }).fill('ნანა ღლონტი');
    await page.getByLabel('პირადი ნომერი', { exact: true }).fill('01019012345');
    await page.getByRole('button', { name: 'შემოწმება და გაგრძელება' }).click();
    await page.getByRole('button', { name: 'რეგისტრაცია' }).click();
    await page.getByRole('heading', { name: 'ციცინო ღლონტი' }).waitFor();
    await page.getByText("Tsitsino Ghlont'i").waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);

    await page.goto('/people');
    await page.getByRole('searchbox').fill('Tsitsino Glonti');
    await page.getByRole('button', { name: 'ძიება' }).click();
    await page.getByRole('link', { name: 'ციცინო ღლონტი' }).click();
    await page.getByRole('button', { name: 'შემთხვევის გახსნა' }).click();
    await page.getByRole('heading', { name: 'ციცინო ღლონტი' }).waitFor();
    await page.getByLabel('ჩანაწერები').fill('პირველი ვიზიტი ოჯახში');
    await page.getByRole('button', { name: 'სესიის ჩაწერა' }).click();
    await page.getByRole('cell', { name: 'პირველი ვიზიტი ოჯახში' }).waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });
});
