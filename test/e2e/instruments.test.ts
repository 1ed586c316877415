import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEMO_EMAILS, login, loginAs } from '../support/app';
import { expectAccessible, expectErrorResponses, fitsViewport, newPage, signIn, startE2E, type E2E } from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

async function xlsx(rows: (string | number)[][], choices: (string | number)[][] = []): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('survey');
  rows.forEach((row) => sheet.addRow(row));
  if (choices.length) {
    const list = book.addWorksheet('choices');
    choices.forEach((row) => list.addRow(row));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Imports an XLSForm through the instruments page's upload button, as a designer does. */
async function importInUi(page: Page, name: string, rows: (string | number)[][], choices: (string | number)[][] = []) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'XLSForm-ის იმპორტი' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx(rows, choices) });
}

describe('filling in an instrument', () => {
  it('a case worker screens with the Washington Group questions, saves a draft, resumes and submits', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto('/instruments');
    await page.getByRole('link', { name: /ვაშინგტონის ჯგუფის/ }).click();
    await page.getByRole('button', { name: 'შევსება' }).click();
    // Nothing is stored until the first save: the form opens in the browser.
    await page.waitForURL('**/fill/*');
    await page.getByText('ჯერ არ არის შენახული').waitFor();
    await page.getByRole('group', { name: /დანახვა/ }).waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);

    await page.getByRole('group', { name: /დანახვა/ }).getByLabel('არანაირი სირთულე').check();
    await page.getByRole('group', { name: /სმენა/ }).getByLabel('გარკვეული სირთულე').check();
    await page.getByRole('button', { name: 'სამუშაო ვერსიის შენახვა' }).last().click();
    await page.getByText('სამუშაო ვერსია შენახულია').first().waitFor();
    await page.waitForURL('**/responses/*');

    await page.reload();
    await page.getByRole('group', { name: /დანახვა/ }).waitFor();
    expect(await page.getByRole('group', { name: /დანახვა/ }).getByLabel('არანაირი სირთულე').isChecked()).toBe(true);

    // Submitting with unanswered required questions lists them, announced as an alert.
    await page.getByRole('button', { name: 'გაგზავნა' }).click();
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('ყურადღებას საჭიროებს');
    // Focus moves to the list of problems, so a phone scrolls to it and a screen reader reads it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    for (const name of [/სიარული/, /დამახსოვრება/, /თავის მოვლა/, /კომუნიკაცია/]) {
      await page.getByRole('group', { name }).getByLabel('დიდი სირთულე').check();
    }
    await page.getByRole('button', { name: 'გაგზავნა' }).click();
    await page.getByText('გაგზავნილი', { exact: true }).waitFor();
    await page.getByText(/შეზღუდული შესაძლებლობა \(WG ზღვარი/).first().waitFor();
    // The submitted form reads as text: each question with its answer, no disabled inputs.
    await page.locator('dd', { hasText: 'არანაირი სირთულე' }).first().waitFor();
    expect(await page.getByRole('group', { name: /დანახვა/ }).count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });

  it('a test is not offered for filling in from its instrument: the page says it is taken in the training', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto('/instruments');
    await page.getByRole('link', { name: /ტესტი \(მაგალითი\)/ }).click();
    // Filled in here, online or offline, it was refused as "not found" once sent.
    await page.getByText(/ტესტი ტრენინგის მონაწილეს ეკუთვნის/).waitFor();
    expect(await page.getByRole('button', { name: 'შევსება' }).count()).toBe(0);
    expect(await page.getByText('ხაზგარეშე გამოყენება').count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });

  it('shows a constraint message as the user types, and hides questions that are not relevant', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/instruments');
    await importInUi(page, 'household.xlsx', [
        ['type', 'name', 'label::Georgian (ka)', 'label::English (en)', 'constraint', 'constraint_message::Georgian (ka)', 'constraint_message::English (en)', 'relevant'],
        ['integer', 'age', 'ასაკი', 'Age', '. <= 120', 'ასაკი 120-ზე მეტი ვერ იქნება', 'Age cannot exceed 120', ''],
        ['text', 'school', 'სკოლა', 'School', '', '', '', '${age} < 18'],
      ]);
    await page.waitForURL('**/instruments/*');
    await page.getByLabel('ასაკი').waitFor();
    await page.getByLabel('ასაკი').fill('130');
    await page.getByLabel('ასაკი').blur();
    await page.getByText('ასაკი 120-ზე მეტი ვერ იქნება').waitFor();
    expect(await page.getByLabel('ასაკი').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('სკოლა').count()).toBe(0);
    await page.getByLabel('ასაკი').fill('9');
    await page.getByLabel('სკოლა').waitFor();
    await page.getByText('English').last().click();
    await page.getByLabel('Age').waitFor();
    await page.context().close();
  });

  it('lists unsupported XLSForm features row by row and imports nothing', async () => {
    const page = await newPage(e2e);
    expectErrorResponses(page, 400);
    await signIn(page, DEMO_EMAILS.programme_manager);
    await page.goto('/instruments');
    await importInUi(page, 'bad.xlsx', [['type', 'name', 'label'], ['osm', 'where', 'Where'], ['select_one_from_file villages.csv', 'village', 'Village']]);
    const alert = page.getByRole('alert').first();
    await expect(alert.textContent()).resolves.toContain('ფაილი არ იმპორტირდა: 2');
    await expect(alert.textContent()).resolves.toContain('„ერთად“ მხარს არ უჭერს „osm“-ს');
    await expect(alert.textContent()).resolves.toContain('იყენებს გარე მონაცემებს');
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('repeats, locations, times and rankings', () => {
  it('adds and removes repeat instances with focus following, types a location, a time and a ranking', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/instruments');
    await importInUi(page, 'members.xlsx', [
      ['type', 'name', 'label::Georgian (ka)', 'label::English (en)'],
      ['begin group', 'main', 'შინამეურნეობა', 'Household'],
      ['begin repeat', 'member', 'წევრი', 'Member'],
      ['text', 'first', 'სახელი', 'Name'],
      ['end repeat'],
      ['geopoint', 'home', 'სახლის მდებარეობა', 'Home location'],
      ['time', 'visit_time', 'ვიზიტის დრო', 'Visit time'],
      ['rank yn', 'order', 'რიგი', 'Order'],
      ['end group'],
    ], [['list_name', 'name', 'label::Georgian (ka)', 'label::English (en)'], ['yn', 'yes', 'კი', 'Yes'], ['yn', 'no', 'არა', 'No']]);
    await page.waitForURL('**/instruments/*');
    await page.getByLabel('სახელი').waitFor();
    await page.getByLabel('სახელი').fill('ნინო');
    await page.getByRole('button', { name: 'დამატება: წევრი' }).click();
    await page.getByRole('heading', { name: 'წევრი 2' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('წევრი 2');
    expect(await page.getByLabel('სახელი').count()).toBe(2);
    await page.getByRole('button', { name: 'წაშლა: წევრი 1' }).click();
    expect(await page.getByLabel('სახელი').count()).toBe(1);
    expect(await page.getByLabel('სახელი').inputValue()).toBe('');

    await page.getByLabel('განედი').fill('95');
    await page.getByLabel('გრძედი').fill('44.8');
    await page.getByLabel('გრძედი').blur();
    await page.getByText(/შეიყვანეთ განედი/).waitFor();
    await page.getByLabel('განედი').fill('41.7');
    await page.getByText(/შეიყვანეთ განედი/).waitFor({ state: 'detached' });
    await page.getByLabel('ვიზიტის დრო').fill('14:30');
    await page.getByRole('button', { name: 'ეს რიგი დავტოვო' }).click();
    await page.getByRole('button', { name: '„კი“ ქვემოთ' }).click();
    expect(await page.locator('.rank-list li').first().textContent()).toContain('არა');
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });
});

describe('ranking with the keyboard', () => {
  it('keeps the focus on the choice being moved, to the end of the list and back (320 px, 200 % zoom)', async () => {
    const page = await newPage(e2e, 320);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/instruments');
    await importInUi(page, 'priorities.xlsx', [
      ['type', 'name', 'label::Georgian (ka)', 'label::English (en)'],
      ['rank needs', 'priorities', 'საჭიროებები მნიშვნელობის მიხედვით', 'Needs by importance'],
    ], [['list_name', 'name', 'label::Georgian (ka)', 'label::English (en)'], ['needs', 'food', 'საკვები', 'Food'], ['needs', 'school', 'სკოლა', 'School'], ['needs', 'health', 'ჯანმრთელობა', 'Health']]);
    await page.waitForURL('**/instruments/*');
    const keep = page.getByRole('button', { name: 'ეს რიგი დავტოვო' });
    await keep.focus();
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.tagName);
    const order = () => page.locator('.rank-list li').evaluateAll((items) => items.map((li) => li.querySelector('p')?.textContent));
    // The button goes once the order is kept: the focus goes to the list.
    await page.keyboard.press('Enter');
    await expect.poll(focusedLabel).toBe('„საკვები“ ქვემოთ');
    await page.keyboard.press('Enter');
    await expect.poll(order).toEqual(['სკოლა', 'საკვები', 'ჯანმრთელობა']);
    await expect.poll(focusedLabel).toBe('„საკვები“ ქვემოთ');
    // At the foot of the list "down" turns off: the focus goes to "up" of the same choice.
    await page.keyboard.press('Enter');
    await expect.poll(order).toEqual(['სკოლა', 'ჯანმრთელობა', 'საკვები']);
    await expect.poll(focusedLabel).toBe('„საკვები“ ზემოთ');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(order).toEqual(['საკვები', 'სკოლა', 'ჯანმრთელობა']);
    await expect.poll(focusedLabel).toBe('„საკვები“ ქვემოთ');
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });
});

describe('a question answered with several controls, by keyboard', () => {
  it('is checked when the focus leaves it, not while Tab moves between its checkboxes or from the latitude to the longitude (320 px)', async () => {
    const page = await newPage(e2e, 320);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/instruments');
    await importInUi(page, 'visit-needs.xlsx', [
      ['type', 'name', 'label::Georgian (ka)', 'label::English (en)', 'required'],
      ['select_multiple needs', 'needs', 'რა სჭირდება ოჯახს', 'What the family needs', 'yes'],
      ['geopoint', 'home', 'სახლის მდებარეობა', 'Home location', ''],
      ['text', 'note', 'შენიშვნა', 'Note', ''],
    ], [['list_name', 'name', 'label::Georgian (ka)', 'label::English (en)'], ['needs', 'food', 'საკვები', 'Food'], ['needs', 'school', 'სკოლა', 'School'], ['needs', 'health', 'ჯანმრთელობა', 'Health']]);
    await page.waitForURL('**/instruments/*');
    const needs = page.getByRole('group', { name: /რა სჭირდება ოჯახს/ });
    const home = page.getByRole('group', { name: 'სახლის მდებარეობა' });
    await needs.getByRole('checkbox', { name: 'საკვები' }).focus();
    await page.keyboard.press('Tab');
    expect(await needs.getByRole('checkbox', { name: 'სკოლა' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await needs.getByText('ამ კითხვას პასუხი სჭირდება').count()).toBe(0);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    // Out of the question (to the latitude): now it is checked, and answered.
    await page.keyboard.press('Tab');
    expect(await home.getByRole('textbox', { name: 'განედი' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await needs.getByText('ამ კითხვას პასუხი სჭირდება').count()).toBe(0);
    await page.keyboard.type('41.7151');
    await page.keyboard.press('Tab');
    // Half a location on the way to the longitude is no error yet.
    expect(await home.getByText(/შეიყვანეთ განედი/).count()).toBe(0);
    await page.keyboard.type('44.8271');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.getByRole('textbox', { name: 'შენიშვნა' }).evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await home.getByText(/შეიყვანეთ განედი/).count()).toBe(0);
    // Leaving a required question unanswered is still said at once.
    await needs.getByRole('checkbox', { name: 'ჯანმრთელობა' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await needs.getByText('ამ კითხვას პასუხი სჭირდება').waitFor();
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });
});

describe('a filled-in form by keyboard', () => {
  it('saves a draft, submits it, opens it for an amendment and cancels, the focus following each time (320 px)', async () => {
    const page = await newPage(e2e, 320);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/instruments');
    await importInUi(page, 'visit-note.xlsx', [['type', 'name', 'label::Georgian (ka)', 'label::English (en)'], ['text', 'note', 'ვიზიტის შენიშვნა', 'Visit note']]);
    await page.waitForURL('**/instruments/*');
    await page.getByRole('button', { name: 'გამოქვეყნება' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'გამოქვეყნება' }).click();
    await page.getByRole('button', { name: 'შევსება' }).click();
    await page.waitForURL('**/fill/*');
    await page.getByRole('button', { name: 'გაგზავნა' }).waitFor();
    const focusedText = () => page.evaluate(() => (document.activeElement === document.body ? '<body>' : (document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent ?? '')));
    await page.getByLabel('ვიზიტის შენიშვნა').focus();
    await page.keyboard.type('ოჯახი სახლში დაგვხვდა');
    await page.keyboard.press('Tab');
    expect(await focusedText()).toBe('სამუშაო ვერსიის შენახვა');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/responses/*');
    await page.getByRole('button', { name: 'გაგზავნა' }).focus();
    await page.keyboard.press('Enter');
    // Submitted: the form gives way to the answers as read, and the focus goes to the new status.
    await page.getByRole('button', { name: 'შესწორება' }).waitFor();
    await expect.poll(focusedText).toContain('გაგზავნილი');
    // Tab goes on from there, to the one thing to do with a submitted form.
    await page.keyboard.press('Tab');
    expect(await focusedText()).toBe('შესწორება');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('ვიზიტის შენიშვნა').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole('button', { name: 'გაუქმება' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focusedText).toContain('გაგზავნილი');
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });
});

describe('file answers', () => {
  it('attaches a file to a form, shows it, and submits', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/instruments');
    await importInUi(page, 'visit.xlsx', [['type', 'name', 'label::Georgian (ka)', 'label::English (en)', 'required'], ['file', 'minutes', 'ვიზიტის ოქმი', 'Visit minutes', 'yes']]);
    await page.waitForURL('**/instruments/*');
    await page.getByRole('button', { name: 'გამოქვეყნება' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'გამოქვეყნება' }).click();
    await page.getByRole('button', { name: 'შევსება' }).click();
    await page.waitForURL('**/fill/*');
    await page.waitForLoadState('networkidle');
    // The file input is usable once the form's own buttons are there (a person cannot pick a
    // file before the page has drawn; a test can, and the choice would be lost).
    await page.getByRole('button', { name: 'გაგზავნა' }).waitFor();
    // Attaching a file is the first save: the form is stored, with the file.
    await page.locator('input[type="file"]').setInputFiles({ name: 'ოქმი.txt', mimeType: 'text/plain', buffer: Buffer.from('ოქმის ტექსტი') });
    await page.waitForURL('**/responses/*');
    await page.getByRole('link', { name: 'შენახული ფაილი: ოქმი.txt' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: 'შენახული ფაილი: ოქმი.txt' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'გაგზავნა' }).click();
    await page.getByText('გაგზავნილი', { exact: true }).waitFor();
    await page.context().close();
  });
});

describe('designing an instrument', () => {
  it('creates an instrument, adds a question, sees issues, fixes them and publishes after confirming', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/instruments');
    await page.getByRole('button', { name: 'ახალი ინსტრუმენტი' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('კოდი').fill('home_visit');
    await dialog.getByLabel('სათაური (ქართულად)').fill('ვიზიტი ოჯახში');
    await dialog.getByLabel('სათაური (ინგლისურად)').fill('Home visit');
    await dialog.getByRole('button', { name: 'შექმნა' }).click();
    await page.waitForURL('**/instruments/*');
    await page.getByRole('link', { name: 'სამუშაო ვერსიის რედაქტირება' }).click();
    await page.getByRole('button', { name: 'კითხვის დამატება' }).click();
    await page.getByLabel('ტექსტი (ქართული)').fill('ოჯახის წევრების რაოდენობა');
    await page.getByLabel('ტექსტი (English)').fill('Household size');
    await page.getByLabel('ჩანს მხოლოდ, როცა').fill('${nobody} > 1');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'ცვლილებების შენახვა' }).click();
    await page.getByText(/არ არსებობს/).first().waitFor();
    await page.getByLabel('ჩანს მხოლოდ, როცა').fill('');
    await page.getByRole('button', { name: 'ცვლილებების შენახვა' }).click();
    await page.getByText('სამუშაო ვერსია შენახულია').first().waitFor();
    await page.getByRole('link', { name: /ინსტრუმენტზე დაბრუნება/ }).click();
    await page.getByRole('button', { name: 'გამოქვეყნება' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'გამოქვეყნება' }).click();
    await page.getByText('გამოქვეყნებული', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'ახალი სამუშაო ვერსიის გახსნა' }).waitFor();
    await page.getByRole('button', { name: 'დეტალების რედაქტირება' }).click();
    await page.getByRole('dialog').getByLabel('სათაური (ქართულად)').fill('ოჯახში ვიზიტის ოქმი');
    await page.getByRole('dialog').getByRole('button', { name: 'შენახვა' }).click();
    await page.getByRole('heading', { level: 1, name: 'ოჯახში ვიზიტის ოქმი' }).waitFor();
    await page.context().close();
  });
});

describe('filling in for an organisation', () => {
  const CHECKLIST = /სოციალური მომსახურების ხარისხის საკონტროლო სია/;

  it('offers a municipal monitor only the organisations they may fill in for, and says so on a fill address for a CSO they only read', async () => {
    // The monitor reads the Telavi CSOs but fills in forms for their city hall only: a CSO picked
    // here once ended, after 19 answers, in "Not found" with every answer lost.
    const api = await loginAs(e2e.app, 'municipal_monitor');
    const read = (await api.get('/api/v1/organisations?pageSize=200')).json().items as { id: string; kind: string; nameKa: string; mayFillIn: boolean }[];
    const cityHall = read.find((o) => o.mayFillIn)!;
    const cso = read.find((o) => o.kind === 'cso' && !o.mayFillIn)!;
    expect(cso).toBeDefined();

    const page = await newPage(e2e, 1280);
    await signIn(page, DEMO_EMAILS.municipal_monitor);
    await page.goto('/instruments');
    await page.getByRole('link', { name: CHECKLIST }).click();
    await page.getByRole('textbox', { name: 'ვისთვის ივსება' }).click();
    const options = await page.getByRole('option').allTextContents();
    expect(options).toEqual([cityHall.nameKa]);
    expect(options).not.toContain(cso.nameKa);
    await page.keyboard.press('Escape');
    const instrumentId = new URL(page.url()).pathname.split('/')[2];

    // The address of a form for the CSO explains before any answer is typed, with the way back.
    await page.goto(`/instruments/${instrumentId}/fill/${cso.id}`);
    await page.getByText('ამ ორგანიზაციისთვის ფორმის შევსება არ შეგიძლიათ').waitFor();
    // No form to answer (the radios on the page are the language switch's).
    expect(await page.getByText('ჯერ არ არის შენახული').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'შემდეგი სექცია' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'გაგზავნა' }).count()).toBe(0);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'ინსტრუმენტზე დაბრუნება' }).click();
    await page.waitForURL(`**/instruments/${instrumentId}`);

    // "Use offline" only on the organisations whose forms they may fill in.
    await page.goto(`/organisations/${cso.id}`);
    await page.getByRole('heading', { name: cso.nameKa }).waitFor();
    expect(await page.getByRole('switch', { name: /ხაზგარეშე გამოყენება/ }).count()).toBe(0);
    await page.goto(`/organisations/${cityHall.id}`);
    await page.getByRole('switch', { name: /ხაზგარეშე გამოყენება/ }).waitFor();
    await page.context().close();
  });

  it('offers a municipal monitor no screening of a person, not even for their city hall, and its fill address explains before any answer', async () => {
    // The monitor fills in forms for their city hall, but a screening is about a person, whom only
    // the CSO serving them sees: its save was refused only after every answer had been typed.
    const api = await loginAs(e2e.app, 'municipal_monitor');
    const cityHall = ((await api.get('/api/v1/organisations?pageSize=200')).json().items as { id: string; mayFillIn: boolean }[]).find((o) => o.mayFillIn)!;
    const screening = (await api.get('/api/v1/instruments?q=wg_ss')).json().items[0] as { id: string };

    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.municipal_monitor);
    await page.goto(`/instruments/${screening.id}`);
    await page.getByText('არ არის ორგანიზაცია, რომლისთვისაც ამ ინსტრუმენტის შევსება შეგიძლიათ', { exact: false }).waitFor();
    expect(await page.getByRole('textbox', { name: 'ვისთვის ივსება' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'შევსება', exact: true }).count()).toBe(0);
    expect(await page.getByRole('switch', { name: /ხაზგარეშე გამოყენება/ }).count()).toBe(0);
    await expectAccessible(page);

    await page.goto(`/instruments/${screening.id}/fill/${cityHall.id}`);
    await page.getByText('ამ ორგანიზაციისთვის ფორმის შევსება არ შეგიძლიათ').waitFor();
    await page.getByText('ადამიანის შესახებ ფორმებს', { exact: false }).waitFor();
    expect(await page.getByText('ჯერ არ არის შენახული').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'გაგზავნა' }).count()).toBe(0);
    await page.context().close();

    // The CSO's case worker, who sees its people, is offered it for their CSO.
    const worker = await newPage(e2e, 375);
    await signIn(worker, DEMO_EMAILS.case_worker);
    await worker.goto(`/instruments/${screening.id}`);
    await worker.getByRole('textbox', { name: 'ვისთვის ივსება' }).click();
    expect(await worker.getByRole('option').count()).toBe(1);
    await worker.context().close();
  });

  it('offers no inactive organisation to fill in for, and its fill address explains', async () => {
    const admin = await loginAs(e2e.app, 'admin');
    const made = async (nameEn: string, active: boolean) => {
      const created = (await admin.post('/api/v1/organisations', { kind: 'cso', nameKa: nameEn, nameEn, municipalityIds: [] })).json() as { id: string; version: number };
      if (!active) expect((await admin.patch(`/api/v1/organisations/${created.id}`, { version: created.version, active: false })).statusCode).toBe(200);
      return created.id;
    };
    const inactive = await made('Closed Centre Zeta', false);
    const open = await made('Open Centre Zeta', true);
    const checklist = ((await admin.get('/api/v1/instruments?pageSize=100')).json().items as { id: string; purpose: string }[]).find((i) => i.purpose === 'quality_checklist')!;

    const page = await newPage(e2e, 1280);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto(`/instruments/${checklist.id}`);
    await page.getByRole('textbox', { name: 'ვისთვის ივსება' }).fill('Centre Zeta');
    await page.getByRole('option', { name: 'Open Centre Zeta' }).waitFor();
    expect(await page.getByRole('option').allTextContents()).toEqual(['Open Centre Zeta']);
    await page.keyboard.press('Escape');

    await page.goto(`/instruments/${checklist.id}/fill/${inactive}`);
    await page.getByText('ამ ორგანიზაციისთვის ფორმის შევსება არ შეგიძლიათ').waitFor();
    await page.getByText('არააქტიური ორგანიზაციისთვის ახალი ფორმები აღარ ივსება', { exact: false }).waitFor();
    expect(await page.getByText('ჯერ არ არის შენახული').count()).toBe(0);
    await expectAccessible(page);

    // Nor is "Use offline" offered on its page (forms filled in offline for it could not be sent).
    await page.goto(`/organisations/${open}`);
    await page.getByRole('switch', { name: /ხაზგარეშე გამოყენება/ }).waitFor();
    await page.goto(`/organisations/${inactive}`);
    await page.getByRole('heading', { name: 'Closed Centre Zeta' }).waitFor();
    expect(await page.getByRole('switch', { name: /ხაზგარეშე გამოყენება/ }).count()).toBe(0);
    await page.context().close();
  });

  it('tells a mentor on a fill address for a CSO not assigned to them that it is not theirs to fill in (English)', async () => {
    const admin = await loginAs(e2e.app, 'admin');
    const all = (await admin.get('/api/v1/organisations?pageSize=200&kind=cso')).json().items as { id: string }[];
    const mentor = await loginAs(e2e.app, 'mentor');
    const assigned = new Set(((await mentor.get('/api/v1/organisations?pageSize=200')).json().items as { id: string }[]).map((o) => o.id));
    const elsewhere = all.find((o) => !assigned.has(o.id))!;
    const instrument = ((await admin.get('/api/v1/instruments?pageSize=100')).json().items as { id: string; purpose: string }[]).find((i) => i.purpose === 'quality_checklist')!;

    // Whatever happens here, the mentor reads Georgian again afterwards.
    onTestFinished(async () => void (await (await login(e2e.app, DEMO_EMAILS.mentor)).patch('/api/v1/me', { language: 'ka' })));
    const page = await newPage(e2e, 1280);
    await signIn(page, DEMO_EMAILS.mentor);
    await page.getByRole('banner').getByText('English').click();
    await page.getByRole('link', { name: 'Organisations' }).waitFor();
    // It was an empty form with no organisation's name, refused only at the first save.
    await page.goto(`/instruments/${instrument.id}/fill/${elsewhere.id}`);
    await page.getByText('You cannot fill in forms for this organisation').waitFor();
    await page.getByText(/Go back to the instrument and choose an organisation under “Fill in for”/).waitFor();
    expect(await page.getByText('Not saved yet').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Next section' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Submit' }).count()).toBe(0);
    await expectAccessible(page);
    await page.context().close();
  });

  it('names each unanswered question in the error summary, and each entry takes the focus to its question', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.municipal_monitor);
    await page.goto('/instruments');
    await page.getByRole('link', { name: CHECKLIST }).click();
    await page.getByRole('button', { name: 'შევსება' }).click();
    await page.waitForURL('**/fill/*');
    await page.getByRole('button', { name: 'შემდეგი სექცია' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'ყურადღებას საჭიროებს' });
    await summary.waitFor();
    const links = summary.getByRole('link');
    const count = await links.count();
    expect(count).toBeGreaterThan(1);
    const texts = await links.allTextContents();
    // Not the same message n times: each entry names its question.
    expect(new Set(texts).size).toBe(count);
    for (let n = 0; n < count; n += 1) {
      const link = links.nth(n);
      const target = (await link.getAttribute('href'))!.slice(1);
      const legend = (await page.locator(`[id="${target}"] legend`).first().textContent())!.replace(/\s*\*.*$/s, '').trim();
      const [named, message] = texts[n]!.split(/: (?=[^:]*$)/);
      expect(message).toBe('ამ კითხვას პასუხი სჭირდება');
      expect(named!.length).toBeLessThanOrEqual(81);
      expect(legend.startsWith(named!.replace(/…$/, ''))).toBe(true);
    }
    // Following an entry puts the focus on its question's control (the screen reader reads its legend).
    const last = links.nth(count - 1);
    const target = (await last.getAttribute('href'))!.slice(1);
    await last.focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate((id) => !!document.activeElement && !!document.getElementById(id)?.contains(document.activeElement), target)).toBe(true);
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });
});
