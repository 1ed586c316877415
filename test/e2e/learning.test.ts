import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLearning } from '../../server/db/seed/learning';
import { DEMO_EMAILS } from '../support/app';
import { expectAccessible, fitsViewport, newPage, signIn, startE2E, type E2E } from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
  await seedDemoLearning(e2e.database.db);
});
afterAll(() => e2e?.close());

/** The right answers of the demo GESI test, by the Georgian label of each choice. */
const RIGHT_ANSWERS = [
  'აუცილებელი და შესაბამისი ცვლილება, რომ შშმ პირმა თანაბრად ისარგებლოს უფლებით',
  'მხოლოდ მაშინ, როცა ის ბავშვის საუკეთესო ინტერესებს ემსახურება',
  'სქესის, ასაკისა და შეზღუდული შესაძლებლობის მიხედვით',
  'დაუყოვნებლივ, დადგენილი პროცედურით',
  'დიდი შრიფტი და მოკლე წინადადებები, სურათებით',
];

describe('learning', () => {
  it('a CSO staff member enrols on a phone, reads the lessons in Georgian, passes the test, downloads the certificate and verifies it', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto('/learning');
    await page.getByRole('heading', { name: 'თანამშრომელთა რეესტრში რეგისტრაცია' }).waitFor();
    await page.getByRole('textbox', { name: 'სახელი' }).fill('სალომე');
    await page.getByRole('textbox', { name: 'გვარი' }).fill('ქავთარაძე');
    await page.getByRole('textbox', { name: 'სქესი' }).click();
    await page.getByRole('option', { name: 'მდედრობითი' }).click();
    await page.getByRole('button', { name: 'რეგისტრაცია' }).click();
    await page.getByRole('heading', { name: 'ჩემი სწავლება' }).waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);

    await page.getByRole('link', { name: 'ინკლუზიური მომსახურების საფუძვლები' }).click();
    await page.getByRole('button', { name: 'ჩარიცხვა' }).click();
    await page.getByRole('link', { name: 'დაწყება' }).click();
    await page.getByRole('heading', { name: 'რა არის გონივრული მისადაგება', level: 1 }).waitFor();
    await page.getByText('აუცილებელი და შესაბამისი ცვლილება').first().waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    for (const next of ['დეზაგრეგირებული მონაცემები', 'ბავშვის ინფორმაციის დაცვა']) {
      await page.getByRole('button', { name: 'დასრულებულად მონიშვნა' }).click();
      await page.getByRole('button', { name: 'დასრულებულია' }).waitFor();
      await page.getByRole('link', { name: 'შემდეგი გაკვეთილი' }).click();
      await page.getByRole('heading', { name: next, level: 1 }).waitFor();
    }
    await page.getByRole('button', { name: 'დასრულებულად მონიშვნა' }).click();
    await page.getByRole('button', { name: 'დასრულებულია' }).waitFor();

    await page.getByRole('link', { name: '← ინკლუზიური მომსახურების საფუძვლები' }).click();
    await page.getByRole('button', { name: 'ტესტის გავლა' }).click();
    await page.waitForURL(/\/responses\//);
    for (const answer of RIGHT_ANSWERS) await page.getByRole('radio', { name: answer }).check();
    await page.getByRole('button', { name: 'გაგზავნა' }).click();
    await page.getByText('გაგზავნილი').first().waitFor();

    await page.goBack();
    await page.getByRole('button', { name: 'მოდულის დასრულება' }).click();
    await page.getByText('მოდული დასრულებულია: სერტიფიკატი მზადაა.').first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'სერტიფიკატის ჩამოტვირთვა (PDF)' }).click();
    const pdf = await (await download).path();
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('სალომე ქავთარაძე');
    expect(text).toContain('ინკლუზიური მომსახურების საფუძვლები');
    const code = /[A-Z0-9]{4}(-[A-Z0-9]{4}){3}/.exec(text)![0];

    await page.goto(`/verify/${code}`);
    await page.getByText('სერტიფიკატი ნამდვილია').waitFor();
    await page.getByText('სალომე ქავთარაძე').waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });

  it('programme staff record a live training with attendance and pre/post tests and see the knowledge gain', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.programme_manager);
    await page.goto('/learning/trainings');
    await page.getByRole('button', { name: 'ახალი ტრენინგი' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'მოდული' }).click();
    await page.getByRole('option', { name: 'დაცვის პოლიტიკა პრაქტიკაში' }).click();
    await dialog.getByRole('textbox', { name: 'სათაური (ქართულად)' }).fill('დაცვის ტრენინგი ახმეტაში');
    await dialog.getByRole('textbox', { name: 'სათაური (ინგლისურად)' }).fill('Safeguarding training in Akhmeta');
    await dialog.getByLabel('პირველი დღე').fill('2026-05-12');
    await dialog.getByLabel('ბოლო დღე').fill('2026-05-13');
    await dialog.getByLabel('ონლაინ').check();
    await dialog.getByRole('button', { name: 'შექმნა' }).click();
    await page.getByRole('heading', { name: 'დაცვის ტრენინგი ახმეტაში' }).waitFor();

    for (const person of ['ეკა ჯაფარიძე', 'ლევან მაისურაძე']) {
      await page.getByRole('textbox', { name: 'თანამშრომლის მოწვევა' }).click();
      await page.getByRole('option', { name: new RegExp(person) }).click();
      await page.getByRole('button', { name: 'დამატება' }).click();
      await page.getByRole('rowheader', { name: person }).waitFor();
    }
    for (const [person, pre, post] of [['ეკა ჯაფარიძე', '40', '90'], ['ლევან მაისურაძე', '50', '70']] as const) {
      const row = page.getByRole('row', { name: new RegExp(person) });
      await row.getByRole('checkbox', { name: `${person} დაესწრო 2026-05-12` }).check();
      await row.getByRole('checkbox', { name: `${person} დაესწრო 2026-05-13` }).check();
      await row.getByRole('textbox', { name: `${person} — წინასწარი ტესტის ქულა` }).fill(pre);
      await row.getByRole('textbox', { name: `${person} — შემდგომი ტესტის ქულა` }).fill(post);
      await row.getByRole('button', { name: 'შენახვა' }).click();
      await row.getByRole('cell', { name: `+${Number(post) - Number(pre)}` }).waitFor();
    }
    await page.getByText('ცოდნის საშუალო ზრდა: +35').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'ჩატარებულად მონიშვნა და სერტიფიკატების გაცემა' }).click();
    await page.getByText('სერტიფიცირებული').first().waitFor();

    await page.goto('/learning/reports');
    await page.getByRole('heading', { name: 'სწავლების ანგარიშები' }).waitFor();
    await page.getByText('ცოდნის საშუალო ზრდა (ქულა)').waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('authors write a lesson in Markdown and publish it; author HTML is shown as text, never run', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.programme_manager);
    await page.goto('/learning');
    await page.getByRole('button', { name: 'ახალი პაკეტი' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'სათაური (ქართულად)' }).fill('ადვოკატირება');
    await dialog.getByRole('textbox', { name: 'სათაური (ინგლისურად)' }).fill('Advocacy');
    await dialog.getByLabel('ახლავე გამოქვეყნება').check();
    await dialog.getByRole('button', { name: 'შექმნა' }).click();
    await page.getByRole('heading', { name: 'ადვოკატირება', level: 3 }).waitFor();
    await page.getByRole('link', { name: 'ბიუჯეტის დაგეგმვა და კონტროლი' }).click();
    await page.getByRole('textbox', { name: 'სათაური (ქართულად)' }).fill('ანგარიშგება დონორისთვის');
    await page.getByRole('textbox', { name: 'სათაური (ინგლისურად)' }).fill('Reporting to the donor');
    await page.getByRole('button', { name: 'გაკვეთილის დამატება' }).click();
    await page.getByRole('heading', { name: 'ანგარიშგება დონორისთვის', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'ტექსტი ქართულად (Markdown)' }).fill('## ვადები\n\n| ანგარიში | ვადა |\n|---|---|\n| კვარტალური | 15 დღე |\n\n<img src=x onerror="alert(1)">');
    await page.getByRole('button', { name: 'მონახაზის შენახვა' }).click();
    await page.getByRole('button', { name: 'მსმენელებისთვის გამოქვეყნება' }).click();
    await page.getByRole('cell', { name: 'კვარტალური' }).waitFor();
    await page.locator('article p', { hasText: '<img src=x onerror="alert(1)">' }).waitFor();
    expect(await page.locator('article img').count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });
});
