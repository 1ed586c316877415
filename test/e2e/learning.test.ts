import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoLearning } from '../../server/db/seed/learning';
import { DEMO_EMAILS, loginAs, multipartFile, organisationIdByName, testConfig } from '../support/app';
import { factories, FACTORY_PASSWORD } from '../support/factories';
import { expectAccessible, expectErrorResponses, fitsViewport, newPage, signIn, startE2E, type E2E } from './support';

let e2e: E2E;
/** The live training the programme manager records (the survey test fills in its survey). */
let trainingPath = '';
beforeAll(async () => {
  e2e = await startE2E();
  await seedDemoLearning(e2e.database.db);
  // A PDF on the GESI module's second lesson, for reading offline.
  const admin = await loginAs(e2e.app, 'admin');
  const packages = (await admin.get('/api/v1/learning/packages')).json() as { modules: { id: string }[] }[];
  const module = (await admin.get(`/api/v1/learning/modules/${packages[0]!.modules[0]!.id}`)).json() as { lessons: { id: string }[] };
  const body = multipartFile(Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n${'x'.repeat(4000)}`), 'სახელმძღვანელო.pdf', 'application/pdf');
  const stored = await admin.raw({ method: 'POST', url: `/api/v1/learning/lessons/${module.lessons[1]!.id}/files`, payload: body.payload, headers: { 'content-type': body.contentType } });
  expect(stored.statusCode, stored.body).toBe(201);
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

/** The focused element: its label, whether it is marked invalid, and whether it is inside the viewport. */
function focusedField(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el || el === document.body) return null;
    const box = el.getBoundingClientRect();
    const label = el.labels?.[0]?.textContent?.replace(/\s*\*\s*$/, '').trim() ?? el.getAttribute('aria-label');
    return { label, invalid: el.getAttribute('aria-invalid') === 'true', inView: box.top >= 0 && box.bottom <= window.innerHeight };
  });
}

describe('learning', () => {
  it('a CSO staff member enrols on a phone, reads the lessons in Georgian, passes the test, downloads the certificate and verifies it', async () => {
    const page = await newPage(e2e, 375);
    // The demo CSO manager is in the register, linked to her login: her learning, no registration form.
    await signIn(page, DEMO_EMAILS.cso_manager);
    await page.goto('/learning');
    await page.getByRole('heading', { name: 'ჩემი სწავლება' }).waitFor();
    await page.getByText('დაცვის პოლიტიკა პრაქტიკაში').first().waitFor();
    expect(await page.getByRole('heading', { name: 'თანამშრომელთა რეესტრში რეგისტრაცია' }).count()).toBe(0);
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);

    // The catalogue's link (her colleague's GESI enrolment, which she follows, links there too).
    await page.getByRole('link', { name: 'ინკლუზიური მომსახურების საფუძვლები' }).first().click();
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
    expect(text).toContain('ეკა ჯაფარიძე');
    expect(text).toContain('ინკლუზიური მომსახურების საფუძვლები');
    const code = /[A-Z0-9]{4}(-[A-Z0-9]{4}){3}/.exec(text)![0];

    await page.goto(`/verify/${code}`);
    await page.getByText('სერტიფიკატი ნამდვილია').waitFor();
    await page.getByText('ეკა ჯაფარიძე').waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });

  it('programme staff record a live training with attendance and pre/post tests and see the knowledge gain', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.programme_manager);
    // Programme staff keep the register of any CSO: they choose the organisation.
    await page.goto('/learning/staff');
    await page.getByRole('button', { name: 'პირის დამატება' }).click();
    const person = page.getByRole('dialog');
    await person.getByRole('textbox', { name: 'ორგანიზაცია' }).click();
    await page.getByRole('option', { name: 'თელავის ინკლუზიური განვითარების ცენტრი' }).click();
    await person.getByRole('textbox', { name: 'სახელი' }).fill('ანა');
    await person.getByRole('textbox', { name: 'გვარი' }).fill('გელაშვილი');
    await person.getByRole('textbox', { name: 'სქესი' }).click();
    await page.getByRole('option', { name: 'მდედრობითი' }).click();
    await expectAccessible(page);
    await person.getByRole('button', { name: 'შექმნა' }).click();
    await page.getByRole('cell', { name: 'ანა გელაშვილი', exact: true }).waitFor();

    await page.goto('/learning/trainings');
    await page.getByRole('button', { name: 'ახალი ტრენინგი' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'მოდული' }).click();
    await page.getByRole('option', { name: 'დაცვის პოლიტიკა პრაქტიკაში' }).click();
    await dialog.getByRole('textbox', { name: 'სათაური (ქართულად)' }).fill('დაცვის ტრენინგი ახმეტაში');
    await dialog.getByRole('textbox', { name: 'სათაური (ინგლისურად)' }).fill('Safeguarding training in Akhmeta');
    for (const [label, day] of [['პირველი დღე', '12.05.2026'], ['ბოლო დღე', '13.05.2026']] as const) {
      const field = dialog.getByRole('textbox', { name: label });
      await field.and(page.locator(':not([readonly])')).waitFor();
      await field.fill(day);
      await field.press('Tab');
    }
    await dialog.getByLabel('ონლაინ').check();
    await dialog.getByRole('textbox', { name: 'კმაყოფილების კითხვარი' }).click();
    await page.getByRole('option', { name: 'ტრენინგით კმაყოფილების კითხვარი' }).click();
    await dialog.getByRole('button', { name: 'შექმნა' }).click();
    await page.getByRole('heading', { name: 'დაცვის ტრენინგი ახმეტაში' }).waitFor();

    // Dates as people read them: Georgian month names, no ISO dates.
    await page.getByText('12 მაი 2026, 13 მაი 2026').waitFor();
    trainingPath = new URL(page.url()).pathname;
    for (const person of ['ეკა ჯაფარიძე', 'ლევან მაისურაძე', 'ანა გელაშვილი']) {
      await page.getByRole('textbox', { name: 'თანამშრომლის მოწვევა' }).click();
      await page.getByRole('option', { name: new RegExp(person) }).click();
      await page.getByRole('button', { name: 'დამატება' }).click();
      await page.getByRole('rowheader', { name: person }).waitFor();
    }
    for (const [person, pre, post] of [['ეკა ჯაფარიძე', '40', '90'], ['ლევან მაისურაძე', '50', '70']] as const) {
      const row = page.getByRole('row', { name: new RegExp(person) });
      await row.getByRole('checkbox', { name: `${person} დაესწრო 12 მაი 2026` }).check();
      await row.getByRole('checkbox', { name: `${person} დაესწრო 13 მაი 2026` }).check();
      await row.getByRole('textbox', { name: `${person} — წინასწარი ტესტის ქულა` }).fill(pre);
      await row.getByRole('textbox', { name: `${person} — შემდგომი ტესტის ქულა` }).fill(post);
      await row.getByRole('button', { name: 'შენახვა' }).click();
      await row.getByRole('cell', { name: `+${Number(post) - Number(pre)}` }).waitFor();
    }
    await page.getByText('ცოდნის საშუალო ზრდა: +35').waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'ჩატარებულად მონიშვნა და სერტიფიკატების გაცემა' }).click();
    await page.getByText('სერტიფიცირებული').first().waitFor();

    // The demo training in Telavi: six of seven participants filled in the satisfaction survey.
    await page.goto('/learning/trainings');
    await page.getByRole('link', { name: 'GESI ტრენინგი თელავში' }).click();
    await page.getByRole('heading', { name: 'კმაყოფილების კითხვარი' }).waitFor();
    await page.getByText('შევსებული კითხვარები: 6').waitFor();
    await page.getByRole('region', { name: 'საერთო შეფასება' }).waitFor();
    await expectAccessible(page);

    await page.goto('/learning/reports');
    await page.getByRole('heading', { name: 'სწავლების ანგარიშები' }).waitFor();
    await page.getByText('ცოდნის საშუალო ზრდა (ქულა)').waitFor();
    await expectAccessible(page);
    await page.context().close();
  });

  it('the donor sees hidden groups as hidden, not as fewer than 5 hours nor as zero bars', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.viewer);
    await page.goto('/learning/reports');
    const female = page.getByRole('row', { name: /^მდედრობითი/ });
    await female.getByRole('cell', { name: 'დამალულია: 5-ზე ნაკლები ადამიანი, ან ჯამი გამოავლენდა ასეთს' }).waitFor();
    expect(await female.getByRole('cell').count()).toBe(1);
    await page.getByText('ყველა ჯგუფი დამალულია, ამიტომ დიაგრამა არ ჩანს; ჯამები ზემოთაა.').waitFor();
    await page.getByText(/^ჯგუფი, სადაც 5-ზე ნაკლები ადამიანია, დამალულია/).waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });

  it('a participant fills in the satisfaction survey on a phone; programme staff see the results', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto(trainingPath);
    // The learner (the demo case worker, linked to his register entry) sees his own row only, with the survey to fill in.
    await page.getByRole('rowheader', { name: 'ლევან მაისურაძე' }).waitFor();
    expect(await page.getByRole('rowheader').count()).toBe(1);
    expect(await fitsViewport(page)).toBe(true);
    await page.getByRole('button', { name: 'კმაყოფილების კითხვარის შევსება: ლევან მაისურაძე' }).click();
    await page.waitForURL(/\/responses\//);
    for (let i = 0; i < 4; i++) await page.getByRole('radio', { name: 'ძალიან კარგი', exact: true }).nth(i).check();
    await page.getByRole('button', { name: 'გაგზავნა' }).click();
    await page.getByText('გაგზავნილი').first().waitFor();
    await page.context().close();

    const staff = await newPage(e2e);
    await signIn(staff, DEMO_EMAILS.programme_manager);
    await staff.goto(trainingPath);
    await staff.getByText('შევსებული კითხვარები: 1').waitFor();
    // One form: a reader inside the organisation sees it; the count is shown, not hidden.
    await staff.getByRole('region', { name: 'საერთო შეფასება' }).getByRole('cell', { name: '1', exact: true }).waitFor();
    await expectAccessible(staff);
    await staff.context().close();
  });

  it('keeps lessons and files a learner opened readable without a connection', async () => {
    const page = await newPage(e2e, 375);
    const context = page.context();
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // Opened online (the page is now controlled by the service worker): the module, a lesson and its file.
    await page.goto('/learning');
    await page.getByRole('link', { name: 'ინკლუზიური მომსახურების საფუძვლები' }).first().click();
    await page.getByRole('link', { name: 'დეზაგრეგირებული მონაცემები' }).click();
    const lessonUrl = page.url();
    await page.getByRole('heading', { name: 'დეზაგრეგირებული მონაცემები', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'სახელმძღვანელო.pdf' }).waitFor();
    const fileUrl = await page.getByRole('link', { name: 'სახელმძღვანელო.pdf' }).getAttribute('href');
    expect(await page.evaluate(async (url) => (await fetch(url!)).status, fileUrl)).toBe(200);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('heading', { name: 'დეზაგრეგირებული მონაცემები', level: 1 }).waitFor();
    await page.getByText('კავშირი არ არის: კითხულობთ ამ მოწყობილობაზე შენახულ ასლს.').waitFor();
    // The app says it is offline, and the lesson text and its file are there.
    await page.getByText('კავშირი არ არის', { exact: true }).first().waitFor();
    await page.getByText('სქესის, ასაკისა').first().waitFor();
    const offlineFile = await page.evaluate(async (url) => {
      const r = await fetch(url!);
      return { status: r.status, start: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) };
    }, fileUrl);
    expect(offlineFile).toEqual({ status: 200, start: '%PDF-' });
    // Back to the module outline and into the lesson again, all without a connection.
    await page.getByRole('link', { name: '← ინკლუზიური მომსახურების საფუძვლები' }).click();
    await page.getByRole('link', { name: 'დეზაგრეგირებული მონაცემები' }).click();
    await page.getByRole('heading', { name: 'დეზაგრეგირებული მონაცემები', level: 1 }).waitFor();
    expect(page.url()).toBe(lessonUrl);
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await context.setOffline(false);
    await context.close();
  });

  it('someone a manager already put in the register registers on a phone and gets that entry, not a second one', async () => {
    const f = await factories({ ...e2e, config: testConfig() }, await loginAs(e2e.app, 'admin'));
    const telavi = await organisationIdByName(e2e.database, 'Telavi Inclusive Development Centre');
    const person = await f.user(telavi, ['case_worker'], { displayName: 'მარიამ ნოზაძე' });
    await f.admin.post('/api/v1/learning/staff', { organisationId: telavi, givenName: 'მარიამ', surname: 'ნოზაძე', sex: 'female', position: 'ფსიქოლოგი', email: person.email });

    const page = await newPage(e2e, 375);
    await signIn(page, person.email, FACTORY_PASSWORD);
    await page.goto('/learning');
    await page.getByRole('heading', { name: 'თანამშრომელთა რეესტრში რეგისტრაცია' }).waitFor();
    await page.getByRole('textbox', { name: 'სახელი' }).fill('მარიამ');
    await page.getByRole('textbox', { name: 'გვარი' }).fill('ნოზაძე');
    await page.getByRole('textbox', { name: 'სქესი' }).click();
    await page.getByRole('option', { name: 'მდედრობითი' }).click();
    await page.getByRole('button', { name: 'რეგისტრაცია' }).click();
    await page.getByText('თქვენ უკვე იყავით თანამშრომელთა რეესტრში: თქვენი ჩანაწერი ახლა დაკავშირებულია თქვენს ანგარიშთან, მასში არსებული მონაცემებით.', { exact: false }).waitFor();
    await page.getByRole('heading', { name: 'ჩემი სწავლება' }).waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
    const register = (await f.admin.get(`/api/v1/learning/staff?organisationId=${telavi}&q=${encodeURIComponent('ნოზაძე')}`)).json() as { items: { userId: string | null }[] };
    expect(register.items).toEqual([expect.objectContaining({ userId: person.user.id })]);
  });

  it('a person whose entry is not surely theirs is sent to a manager, who links it to their login from the register', async () => {
    const f = await factories({ ...e2e, config: testConfig() }, await loginAs(e2e.app, 'admin'));
    const telavi = await organisationIdByName(e2e.database, 'Telavi Inclusive Development Centre');
    const person = await f.user(telavi, ['case_worker'], { displayName: 'ნიკა დვალი' });
    // Kept by the manager without an email: the same name may be a namesake.
    await f.admin.post('/api/v1/learning/staff', { organisationId: telavi, givenName: 'ნიკა', surname: 'დვალი', sex: 'male' });

    const page = await newPage(e2e, 375);
    expectErrorResponses(page, 409);
    await signIn(page, person.email, FACTORY_PASSWORD);
    await page.goto('/learning');
    await page.getByRole('textbox', { name: 'სახელი' }).fill('ნიკა');
    await page.getByRole('textbox', { name: 'გვარი' }).fill('დვალი');
    await page.getByRole('textbox', { name: 'სქესი' }).click();
    await page.getByRole('option', { name: 'მამრობითი' }).click();
    await page.getByRole('button', { name: 'რეგისტრაცია' }).click();
    await page.getByText(/სთხოვეთ თქვენი ორგანიზაციის მენეჯერს, ეს ჩანაწერი თქვენს ანგარიშს დაუკავშიროს/).waitFor();
    await expectAccessible(page);

    const manager = await newPage(e2e, 375);
    await signIn(manager, DEMO_EMAILS.cso_manager);
    await manager.goto('/learning/staff');
    await manager.getByRole('button', { name: 'რედაქტირება: ნიკა დვალი' }).click();
    const dialog = manager.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'ანგარიში' }).click();
    // Only logins not linked to another entry are offered (the manager's own is linked to hers).
    expect(await manager.getByRole('option', { name: new RegExp(DEMO_EMAILS.cso_manager) }).count()).toBe(0);
    await manager.getByRole('option', { name: `ნიკა დვალი (${person.email})` }).click();
    await expectAccessible(manager);
    await dialog.getByRole('button', { name: 'შენახვა' }).click();
    await dialog.waitFor({ state: 'detached' });
    await manager.context().close();

    await page.reload();
    await page.getByRole('heading', { name: 'ჩემი სწავლება' }).waitFor();
    await page.context().close();
  });

  it('a CSO manager keeps the staff register on a phone: adds a person, edits them, exports the list', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.cso_manager);
    await page.goto('/learning/staff');
    await page.getByRole('heading', { name: 'თანამშრომელთა რეესტრი' }).waitFor();
    await page.getByRole('link', { name: 'CSV ექსპორტი' }).waitFor();
    await page.getByRole('button', { name: 'პირის დამატება' }).click();
    const dialog = page.getByRole('dialog');
    expectErrorResponses(page, 400);
    // Saved empty (the server's field errors): focus goes to the first invalid field, in view.
    await dialog.getByRole('button', { name: 'შექმნა' }).click();
    await expect.poll(() => focusedField(page)).toEqual({ label: 'სახელი', invalid: true, inView: true });
    await dialog.getByRole('textbox', { name: 'სახელი' }).fill('ირაკლი');
    await dialog.getByRole('textbox', { name: 'გვარი' }).fill('წიკლაური');
    await dialog.getByRole('textbox', { name: 'სქესი' }).click();
    await page.getByRole('option', { name: 'მამრობითი' }).click();
    await dialog.getByRole('textbox', { name: 'დაბადების წელი' }).fill('1988');
    await dialog.getByRole('textbox', { name: 'ელფოსტა' }).fill('irakli@example');
    await dialog.getByRole('button', { name: 'შექმნა' }).click();
    // The server's message, in Georgian, on the field, which has the focus.
    await dialog.getByText('შეიყვანეთ სწორი ელფოსტის მისამართი').waitFor();
    await expect.poll(() => focusedField(page)).toEqual({ label: 'ელფოსტა', invalid: true, inView: true });
    await dialog.getByRole('textbox', { name: 'ელფოსტა' }).fill('irakli@example.ge');
    await dialog.getByRole('button', { name: 'შექმნა' }).click();
    // At 375 px the list is a column of cards.
    await page.getByText('ირაკლი წიკლაური').waitFor();
    await page.getByRole('button', { name: 'რედაქტირება: ირაკლი წიკლაური' }).click();
    const edit = page.getByRole('dialog');
    await edit.getByRole('textbox', { name: 'თანამდებობა' }).fill('კოორდინატორი');
    await expectAccessible(page);
    await edit.getByRole('button', { name: 'შენახვა' }).click();
    await page.getByText('კოორდინატორი').waitFor();
    expect(await fitsViewport(page)).toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });

  it('the staff register\'s dialogs, opened with the keyboard, take the focus and give it back to their button on Escape', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.cso_manager);
    await page.goto('/learning/staff');
    await page.getByRole('heading', { name: 'თანამშრომელთა რეესტრი' }).waitFor();
    const isFocused = (name: string) => page.getByRole('button', { name, exact: true }).first().evaluate((el) => el === document.activeElement);
    const edit = await page.getByRole('button', { name: /^რედაქტირება: / }).first().getAttribute('aria-label');
    for (const opener of ['პირის დამატება', edit!]) {
      await page.getByRole('button', { name: opener, exact: true }).first().focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await expect.poll(() => dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => isFocused(opener), { message: opener }).toBe(true);
    }
    await page.context().close();
  });

  it('the learning reports, with their chart, need no sideways scrolling at 320 CSS px (200 % zoom)', async () => {
    const page = await newPage(e2e, 320);
    await signIn(page, DEMO_EMAILS.programme_manager);
    await page.goto('/learning/reports');
    await page.locator('.recharts-wrapper').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await fitsViewport(page)).toBe(true);
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
