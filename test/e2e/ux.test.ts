import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCapacity } from '../../server/db/seed/capacity';
import { DEMO_EMAILS, login, organisationIdByName } from '../support/app';
import { scoreQuestions } from '../support/capacity';
import { linkIn, startSmtp, type TestSmtp } from '../support/smtp';
import { expectAccessible, expectErrorResponses, fitsViewport, newPage, signIn, startE2E, type E2E } from './support';

let smtp: TestSmtp;
let e2e: E2E;
beforeAll(async () => {
  smtp = await startSmtp();
  e2e = await startE2E({ smtp: { url: smtp.url, from: 'Ertad <no-reply@ertad.example.test>', publicUrl: 'https://ertad.example.test' } });
});
afterAll(async () => {
  await e2e?.close();
  await smtp?.close();
});

/** The demo CSO, with the demo programme's capacity data (seeded on a first start with the demo: two rounds per CSO). */
async function demoCso(): Promise<string> {
  await seedDemoCapacity(e2e.database.db);
  return organisationIdByName(e2e.database, 'Telavi Inclusive Development Centre');
}

describe('forgot password (375 px)', () => {
  it('a user asks for a link on the sign-in page, follows the emailed link and signs in with the new password', async () => {
    const page = await newPage(e2e, 375);
    const email = DEMO_EMAILS.viewer;
    await page.goto('/login');
    await page.getByRole('link', { name: 'დაგავიწყდათ პაროლი?' }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByLabel(/ელფოსტა/).fill(email);
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: 'test-results/forgot-password-375.png' }).catch(() => undefined);
    await page.getByRole('button', { name: 'ბმულის გაგზავნა' }).click();
    await page.getByRole('status').getByText(/ბმული უკვე გზაშია/).waitFor();

    const mail = await smtp.nextMail(email);
    const link = linkIn(mail);
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByLabel(/^ახალი პაროლი/).fill('a-brand-new-password-1');
    await page.getByLabel(/^გაიმეორეთ/).fill('a-brand-new-password-1');
    await page.getByRole('button', { name: 'პაროლის დაყენება' }).click();
    await page.getByRole('status').waitFor();
    await signIn(page, email, 'a-brand-new-password-1');
    await page.context().close();
  });
});

describe('designer', () => {
  it('builds a condition by picking question, operator and value, shows a live preview, adds a template list and warns before leaving unsaved', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/instruments');
    await page.getByRole('link', { name: /ვაშინგტონის ჯგუფის/ }).click();
    await page.getByRole('button', { name: 'ახალი სამუშაო ვერსიის გახსნა' }).click();
    await page.getByRole('link', { name: 'სამუშაო ვერსიის რედაქტირება' }).click();
    await page.waitForURL('**/design');
    const preview = page.getByTestId('live-preview');
    await preview.waitFor();

    // The second question of the tree; its "shown only when" gets a condition on the first.
    const tree = page.getByRole('list', { name: 'სექციები და კითხვები' });
    const questions = tree.getByRole('button');
    await questions.nth(2).click();
    const builder = page.getByTestId('condition-builder-relevant');
    await builder.getByRole('textbox', { name: 'კითხვა' }).click();
    await page.getByRole('option').first().click();
    await builder.getByRole('textbox', { name: 'მნიშვნელობა' }).click();
    await page.getByRole('option').first().click();
    await builder.getByRole('button', { name: 'პირობის დამატება' }).click();
    const relevant = page.getByRole('textbox', { name: /^ჩანს მხოლოდ, როცა/ });
    await expect(relevant.inputValue()).resolves.toMatch(/^\$\{\w+\} = '[\w-]+'$/);
    // The raw expression stays editable.
    await relevant.fill(`${await relevant.inputValue()} or 1 = 1`);
    await expect(relevant.inputValue()).resolves.toMatch(/or 1 = 1$/);
    await expectAccessible(page);

    await page.getByRole('tab', { name: 'პასუხების სიები' }).click();
    await page.getByRole('button', { name: 'შაბლონიდან დამატება' }).click();
    await page.getByRole('menuitem', { name: 'თანხმობის სკალა (5)' }).click();
    await expect(page.getByRole('textbox', { name: 'ქართული 1', exact: true }).inputValue()).resolves.toBe('სრულიად არ ვეთანხმები');

    // Unsaved changes: leaving asks first; saying no stays.
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.dismiss();
    });
    await page.getByRole('link', { name: /ინსტრუმენტზე დაბრუნება/ }).click();
    expect(asked).toContain('ცვლილებები არ არის შენახული');
    expect(page.url()).toMatch(/\/design$/);
    await page.context().close();
  });
});

describe('lists on a phone', () => {
  it('shows organisations as cards at 375 px, with a sort select and no sideways scrolling', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/organisations');
    const cards = page.getByRole('list', { name: /ორგანიზაციები/ }).first();
    await cards.getByRole('listitem').first().waitFor();
    expect(await page.getByRole('table').count()).toBe(0);
    const firstBefore = await cards.getByRole('listitem').first().textContent();
    await page.getByRole('button', { name: 'ზრდადობით' }).click();
    await page.getByRole('button', { name: 'კლებადობით' }).waitFor();
    await expect.poll(() => cards.getByRole('listitem').first().textContent()).not.toBe(firstBefore);
    expect(await fitsViewport(page)).toBe(true);
    await expectAccessible(page);
    await page.screenshot({ path: 'test-results/organisations-cards-375.png', fullPage: false }).catch(() => undefined);
    await page.context().close();
  });
});

describe('Georgian dates', () => {
  it('takes a date typed as dd.mm.yyyy and shows the calendar with Georgian month names (375 px)', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/audit');
    const from = page.getByRole('textbox', { name: 'დან', exact: true });
    await from.and(page.locator(':not([readonly])')).waitFor();
    await from.fill('01.11.2026');
    await from.press('Tab');
    await expect.poll(() => from.inputValue()).toBe('01.11.2026');
    // A day that does not exist is not silently undone: the field says so, and keeps its date.
    await from.fill('31.02.2026');
    await from.press('Tab');
    await page.getByText('ასეთი თარიღი არ არსებობს', { exact: false }).waitFor();
    await expect.poll(() => from.inputValue()).toBe('01.11.2026');
    await from.click();
    await page.getByText('ნოემბერი 2026').waitFor();
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: 'test-results/date-field-375.png' }).catch(() => undefined);
    await page.keyboard.press('Escape');
    await page.context().close();
  });
});

describe('the audit log on a phone', () => {
  it("shows what a list was searched and filtered by as 'label: value' in Georgian, not as JSON (375 px)", async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/users');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const searched = page.waitForResponse((r) => r.url().includes('/api/v1/users?') && new URL(r.url()).searchParams.get('q') === 'ნინო');
    await page.getByRole('searchbox', { name: 'ძიება' }).fill('ნინო');
    await searched;
    await page.goto('/audit');
    await page.getByRole('heading', { level: 1 }).waitFor();
    // The admin's search of the logins: its filter in words, then how many rows it gave.
    await page.getByText(/ძიება: ნინო\s+სტრიქონები: 1/).first().waitFor();
    const changes = await page.locator('pre, code').allTextContents();
    expect(changes.some((text) => text.includes('{"'))).toBe(false);
    expect(await fitsViewport(page)).toBe(true);
    await expectAccessible(page);
    await page.screenshot({ path: 'test-results/audit-filters-375.png' }).catch(() => undefined);
    await page.context().close();
  });
});

describe('the audit log names what a list was filtered by', () => {
  it('shows the organisation a list of filled-in forms was filtered by by its name, not its id', async () => {
    const telavi = await organisationIdByName(e2e.database, 'Telavi Inclusive Development Centre');
    const pm = await login(e2e.app, DEMO_EMAILS.programme_manager);
    expect((await pm.get(`/api/v1/responses?organisationId=${telavi}`)).statusCode).toBe(200);
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/audit');
    await page.getByText('ორგანიზაცია: თელავის ინკლუზიური განვითარების ცენტრი').first().waitFor();
    expect(await page.getByText(`ორგანიზაცია: ${telavi}`).count()).toBe(0);
    await page.context().close();
  });
});

describe('export progress', () => {
  it('streams a list export with its progress shown, and a slow one can be cancelled', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/organisations');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV ექსპორტი' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^organisations-.*\.csv$/);

    // A slow server: the progress shows with a cancel button, and cancelling downloads nothing.
    let release: () => void = () => undefined;
    await page.route('**/api/v1/organisations/export**', async (route) => {
      await new Promise<void>((resolve) => { release = resolve; });
      // The page may be gone by the time the export answers (the test closes it): then the
      // fetch fails as well as the fulfil, and neither matters.
      await route
        .fetch()
        .then((response) => route.fulfill({ response }))
        .catch(() => undefined);
    });
    let downloads = 0;
    page.on('download', () => { downloads += 1; });
    await page.getByRole('link', { name: 'XLSX ექსპორტი' }).click();
    const progress = page.getByTestId('export-progress');
    await progress.getByText(/იტვირთება/).waitFor();
    await progress.getByRole('button', { name: 'გაუქმება' }).click();
    await progress.waitFor({ state: 'detached' });
    release();
    await page.waitForTimeout(500);
    expect(downloads).toBe(0);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.context().close();
  });
});

describe('organisation hub', () => {
  it("shows a CSO's latest scores as a chart with its table and its filled-in forms to the programme manager, and its people to the admin (375 px)", async () => {
    const telavi = await demoCso();
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.programme_manager);
    await page.goto(`/organisations/${telavi}`);
    const scores = page.getByRole('region', { name: 'შესაძლებლობების ბოლო ქულები' });
    await scores.getByRole('table').waitFor();
    expect(await scores.locator('.recharts-surface').count()).toBe(1);
    // The domains' names (three or four lines each on a phone) stand apart, not line against line.
    const ticks = await scores.locator('.recharts-yAxis .recharts-cartesian-axis-tick text').evaluateAll((texts) => texts.map((t) => t.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })));
    expect(ticks.length).toBeGreaterThan(5);
    for (let i = 1; i < ticks.length; i += 1) expect(ticks[i]!.top).toBeGreaterThanOrEqual(ticks[i - 1]!.bottom + 12);
    await scores.getByRole('link', { name: 'შესაძლებლობების ყველა შედეგი' }).waitFor();
    await page.getByRole('list', { name: 'ბოლოს შევსებული ფორმები' }).getByRole('listitem').first().waitFor();
    // Its development plan (from the demo rounds), its services and its staff's learning.
    await page.getByRole('list', { name: 'განვითარების გეგმა' }).getByRole('listitem').first().waitFor();
    await page.getByRole('region', { name: 'სერვისები' }).getByRole('heading', { name: 'სერვისები' }).waitFor();
    await page.getByRole('region', { name: 'თანამშრომლების სწავლება' }).getByRole('link', { name: 'სწავლება' }).waitFor();
    // People are the admin's business.
    expect(await page.getByRole('region', { name: 'ადამიანები (მომხმარებლები)' }).count()).toBe(0);
    expect(await fitsViewport(page)).toBe(true);
    await expectAccessible(page);
    await scores.screenshot({ path: 'test-results/organisation-hub-375.png' }).catch(() => undefined);
    await page.context().close();

    const admin = await newPage(e2e, 375);
    await signIn(admin, DEMO_EMAILS.admin);
    await admin.goto(`/organisations/${telavi}`);
    await admin.getByRole('list', { name: 'ადამიანები (მომხმარებლები)' }).getByRole('listitem').first().waitFor();
    await admin.context().close();
  });
});

describe('controls on a phone', () => {
  it("shows a long button's whole label on two lines at 375 px, and rings the field being typed into", async () => {
    const telavi = await demoCso();
    const mentor = await login(e2e.app, DEMO_EMAILS.mentor);
    const assessments = (await mentor.get(`/api/v1/capacity/assessments?organisationId=${telavi}`)).json().items as { id: string; status: string }[];
    const final = assessments.find((a) => a.status === 'final')!;
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.mentor);
    await page.goto(`/capacity/assessments/${final.id}`);
    const propose = page.getByRole('button', { name: 'ქმედებების შეთავაზება დაბალი ქულებიდან' });
    await propose.waitFor();
    // Nothing of the label is cut off: the button is as wide as its text needs or grows taller.
    const cut = await propose.evaluate((button) => {
      const label = button.querySelector('.mantine-Button-label') as HTMLElement;
      return label.scrollWidth > label.clientWidth || label.getBoundingClientRect().right > button.getBoundingClientRect().right + 0.5;
    });
    expect(cut).toBe(false);
    expect(await fitsViewport(page)).toBe(true);
    await propose.screenshot({ path: 'test-results/long-button-375.png' }).catch(() => undefined);

    // A focused field has a ring of its own, not only a border one pixel wide of another colour.
    await page.goto('/organisations');
    const search = page.getByRole('searchbox').first();
    await search.focus();
    const ring = await search.evaluate((field) => {
      const style = getComputedStyle(field);
      return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await page.context().close();
  });
});

describe('a hub keeps its tab', () => {
  it('Back from a mentoring record to the capacity hub opens the tab it was left on', async () => {
    const telavi = await demoCso();
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.mentor);
    await page.goto(`/organisations/${telavi}/capacity`);
    await page.getByRole('tab', { name: 'შეფასებები' }).click();
    await page.getByRole('table').getByRole('link').first().click();
    await page.waitForURL(/\/capacity\/assessments\//);
    await page.goBack();
    await expect.poll(() => page.getByRole('tab', { name: 'შეფასებები' }).getAttribute('aria-selected')).toBe('true');
    await page.context().close();
  });
});

describe('raters who disagree, on a phone', () => {
  it('lists every sub-area they scored differently as a card with the scores and the spread, widest first (375 px)', async () => {
    const telavi = await demoCso();
    const admin = await login(e2e.app, DEMO_EMAILS.admin);
    const round = (await admin.post('/api/v1/capacity/rounds', { kind: 'endline', nameKa: 'საბოლოო 2028', nameEn: 'Endline 2028', startsOn: '2028-01-10', endsOn: '2028-03-31' })).json();
    const mentor = await login(e2e.app, DEMO_EMAILS.mentor);
    const assessment = (await mentor.post('/api/v1/capacity/assessments', { organisationId: telavi, roundId: round.id })).json();
    await mentor.post(`/api/v1/capacity/assessments/${assessment.id}/ratings`, { raterName: 'ნინო' });
    const raters = (await mentor.post(`/api/v1/capacity/assessments/${assessment.id}/ratings`, { raterName: 'გიორგი' })).json().ratings as { responseId: string; raterName: string }[];
    // ნინო scores every sub-area 1; გიორგი scores the first two 4 and 3, and agrees on the rest.
    for (const rater of raters) {
      const form = (await mentor.get(`/api/v1/responses/${rater.responseId}`)).json();
      const answers = Object.fromEntries(scoreQuestions(form.definition).map((name, i) => [name, rater.raterName === 'გიორგი' && i < 2 ? String(4 - i) : '1']));
      expect((await mentor.post(`/api/v1/responses/${rater.responseId}/submit`, { answers, version: form.response.version })).statusCode).toBe(200);
    }

    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.mentor);
    await page.goto(`/capacity/assessments/${assessment.id}`);
    const cards = page.getByRole('list', { name: 'სადაც შემფასებლები ყველაზე მეტად განსხვავდებიან' }).getByRole('listitem');
    await cards.first().waitFor();
    await expect(cards.count()).resolves.toBe(2);
    await expect(cards.first().innerText()).resolves.toMatch(/შემფასებელთა ქულები.*4, 1.*სხვაობა.*3/s);
    await expect(cards.nth(1).innerText()).resolves.toMatch(/3, 1.*სხვაობა.*2/s);
    expect(await fitsViewport(page)).toBe(true);
    await expectAccessible(page);
    await page.context().close();
  });
});

describe('a conflict at the foot of a long form', () => {
  it("brings the 'changed meanwhile' message into view when a mentoring visit is saved on a phone, and opened again it is the version saved meanwhile (375 px)", async () => {
    const telavi = await demoCso();
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.mentor);
    await page.goto(`/organisations/${telavi}/capacity`);
    await page.getByRole('tab', { name: 'მენტორინგი' }).click();
    await page.getByRole('button', { name: 'სესიის რედაქტირება: 15 მაი 2025' }).click();
    const visit = page.getByRole('dialog', { name: 'სესიის რედაქტირება' });
    await expect.poll(() => visit.getByLabel('თემები').inputValue()).not.toBe('');
    // Someone else corrects the same visit meanwhile.
    const mentor = await login(e2e.app, DEMO_EMAILS.mentor);
    const same = (await mentor.get(`/api/v1/capacity/mentoring?organisationId=${telavi}&pageSize=50`)).json().items.find((m: { heldOn: string }) => m.heldOn === '2025-05-15');
    expect((await mentor.patch(`/api/v1/capacity/mentoring/${same.id}`, { notes: 'სხვა მოწყობილობიდან', version: same.version })).statusCode).toBe(200);
    expectErrorResponses(page, 409);
    const save = visit.getByRole('button', { name: 'შენახვა' });
    await save.scrollIntoViewIfNeeded();
    await save.click();
    const alert = visit.getByRole('alert').filter({ hasText: 'ეს ჩანაწერი ამასობაში სხვამ შეცვალა' });
    await alert.waitFor();
    await expect.poll(async () => {
      const box = await alert.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 800;
    }).toBe(true);
    // Opened again, the visit is the one saved meanwhile, and saving it works.
    await page.keyboard.press('Escape');
    await visit.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'სესიის რედაქტირება: 15 მაი 2025' }).click();
    await expect.poll(() => visit.getByLabel('შენიშვნები').inputValue()).toBe('სხვა მოწყობილობიდან');
    await visit.getByLabel('შენიშვნები').fill('სხვა მოწყობილობიდან; შევათანხმეთ');
    await visit.getByRole('button', { name: 'შენახვა' }).click();
    await visit.waitFor({ state: 'detached' });
    await page.context().close();
  });
});

describe('signing in', () => {
  it('Back to the sign-in page after signing in leads home, not to the form', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.programme_manager);
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('navigation', { name: 'მთავარი ნავიგაცია' }).waitFor();
    expect(await page.getByRole('button', { name: 'შესვლა' }).count()).toBe(0);
    await page.context().close();
  });
});

describe('a record that is not there', () => {
  it('is the "page not found" page with a way on, for an organisation, a filled-in form and an instrument', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.admin);
    expectErrorResponses(page, 404);
    for (const path of ['/organisations', '/responses', '/instruments']) {
      await page.goto(`${path}/00000000-0000-4000-8000-000000000000`);
      await page.getByRole('heading', { level: 1, name: 'გვერდი ვერ მოიძებნა' }).waitFor();
      await page.getByRole('main').getByRole('link', { name: 'მთავარ გვერდზე გადასვლა' }).waitFor();
      await expect(page.title()).resolves.toBe('გვერდი ვერ მოიძებნა · ერთად');
    }
    await page.context().close();
  });
});

describe('paging with the keyboard', () => {
  it('takes the focus to the list it pages, from its first page to the last (where "next" turns off) and back', async () => {
    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.admin);
    await page.goto('/organisations');
    const status = page.getByText(/ჩანაწერი · გვერდი \d+ \/ \d+/);
    await status.waitFor();
    const pages = Number(/\/ (\d+)/.exec((await status.textContent())!)![1]);
    expect(pages).toBeGreaterThan(1);
    const listHasFocus = () => page.evaluate(() => !!document.activeElement?.querySelector('table'));
    await page.getByRole('button', { name: 'შემდეგი გვერდი' }).focus();
    for (let n = 2; n <= pages; n++) {
      await page.keyboard.press('Enter');
      await page.getByText(new RegExp(`გვერდი ${n} / ${pages}`)).waitFor();
      await expect.poll(listHasFocus, { message: `page ${n}` }).toBe(true);
      if (n < pages) await page.getByRole('button', { name: 'შემდეგი გვერდი' }).focus();
    }
    expect(await page.getByRole('button', { name: 'შემდეგი გვერდი' }).isDisabled()).toBe(true);
    // Tab goes on from the list's top: its column headers' sort buttons, then its rows.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('table'))).toBe(true);
    await page.getByRole('button', { name: 'წინა გვერდი' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(new RegExp(`გვერდი ${pages - 1} / ${pages}`)).waitFor();
    await expect.poll(listHasFocus).toBe(true);
    await page.context().close();
  });
});

describe('a form\'s server messages (375 px)', () => {
  it('a wrong current password is said once, under its field, not again in the alert above the form', async () => {
    const page = await newPage(e2e, 375);
    expectErrorResponses(page, 400);
    await signIn(page, DEMO_EMAILS.mentor);
    await page.goto('/profile');
    await page.getByLabel(/^მიმდინარე პაროლი/).fill('not-my-password');
    await page.getByLabel(/^ახალი პაროლი/).fill('a-brand-new-password-2');
    await page.getByLabel(/^გაიმეორეთ ახალი პაროლი/).fill('a-brand-new-password-2');
    await page.getByRole('button', { name: 'პაროლის შეცვლა' }).click();
    await page.getByText('მიმდინარე პაროლი არასწორია').waitFor();
    expect(await page.getByText('მიმდინარე პაროლი არასწორია').count()).toBe(1);
    expect(await page.getByRole('alert').getByRole('listitem').count()).toBe(0);
    await page.context().close();
  });
});

describe('export buttons', () => {
  it('are disabled, with the reason said, while their list loads and when it failed to load, and work once it has loaded', async () => {
    const page = await newPage(e2e);
    expectErrorResponses(page, 503);
    await signIn(page, DEMO_EMAILS.admin);
    // The list answers late: until it has, there is no known total to export.
    let release: () => void = () => undefined;
    const answered = new Promise<void>((resolve) => { release = resolve; });
    await page.route((url) => url.pathname === '/api/v1/audit', async (route) => {
      await answered;
      await route.continue().catch(() => undefined);
    });
    await page.goto('/audit');
    await page.getByRole('heading', { level: 1, name: 'აუდიტის ჟურნალი' }).waitFor();
    const csv = page.getByRole('button', { name: 'CSV ექსპორტი' });
    await csv.waitFor();
    expect(await csv.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'XLSX ექსპორტი' }).isDisabled()).toBe(true);
    expect(await page.getByRole('link', { name: 'CSV ექსპორტი' }).count()).toBe(0);
    // The reason is the buttons' description, read with each by a screen reader.
    await expect.poll(() => csv.evaluate((b) => document.getElementById(b.getAttribute('aria-describedby') ?? '')?.textContent)).toBe('ექსპორტი შესაძლებელი იქნება სიის ჩატვირთვის შემდეგ.');
    await expectAccessible(page);
    release();
    await page.getByRole('link', { name: 'CSV ექსპორტი' }).waitFor();
    expect(await page.getByText('ექსპორტი შესაძლებელი იქნება სიის ჩატვირთვის შემდეგ.').count()).toBe(0);

    // The list fails (after its retries): no export of a list the page could not show.
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.route((url) => url.pathname === '/api/v1/audit', (route) =>
      route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'urn:ertad:problem:internal', title: 'ჩვენს მხარეს რაღაც შეფერხდა', status: 503 }) }),
    );
    await page.getByLabel('ძიება').fill('nobody-at-all');
    await page.getByText('საექსპორტო არაფერია: სია ვერ ჩაიტვირთა.').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('button', { name: 'CSV ექსპორტი' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'XLSX ექსპორტი' }).isDisabled()).toBe(true);
    expect(await page.getByRole('link', { name: /ექსპორტი$/ }).count()).toBe(0);
    await expectAccessible(page);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.context().close();
  });
});

describe('scores of filled-in forms', () => {
  it('reads a decimal score as the reader writes it, in the forms list and on the form (2,5 in Georgian, 2.5 in English)', async () => {
    const admin = await login(e2e.app, DEMO_EMAILS.admin);
    const created = (await admin.post('/api/v1/instruments', { code: 'decimal_score_visit', purpose: 'survey', titleKa: 'ქულიანი ვიზიტი', titleEn: 'Scored visit' })).json();
    const definition = {
      items: [
        {
          kind: 'group',
          name: 'practice',
          label: { ka: 'პრაქტიკა', en: 'Practice' },
          items: [
            { kind: 'question', type: 'integer', name: 'a', label: { ka: 'პირველი', en: 'First' }, required: true, scored: true },
            { kind: 'question', type: 'integer', name: 'b', label: { ka: 'მეორე', en: 'Second' }, required: true, scored: true },
          ],
        },
      ],
      choiceLists: {},
      settings: {},
    };
    const draft = (await admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition, version: 1 })).json();
    expect((await admin.post(`/api/v1/instruments/${created.id}/publish`, { version: draft.version })).statusCode).toBe(200);
    const manager = await login(e2e.app, DEMO_EMAILS.cso_manager);
    const me = (await manager.get('/api/v1/me')).json();
    const started = (await manager.post('/api/v1/responses', { instrumentId: created.id, organisationId: me.user.organisation.id })).json();
    const submitted = await manager.post(`/api/v1/responses/${started.response.id}/submit`, { answers: { a: '2', b: '3' }, version: started.response.version });
    expect(submitted.json().response.score).toMatchObject({ overall: 2.5 });

    const page = await newPage(e2e);
    await signIn(page, DEMO_EMAILS.cso_manager);
    await page.goto('/responses');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'ქულიანი ვიზიტი' }) });
    await row.waitFor();
    expect(await row.getByRole('cell', { name: '2,5', exact: true }).count()).toBe(1);
    expect(await row.getByText('2.5').count()).toBe(0);
    await row.getByRole('link', { name: 'ქულიანი ვიზიტი' }).click();
    await page.waitForURL(`**/responses/${started.response.id}`);
    const summary = page.getByRole('heading', { name: 'ქულა', level: 2 }).locator('..');
    await summary.getByRole('cell', { name: 'პრაქტიკა' }).waitFor();
    expect(await summary.getByText('2,5', { exact: true }).count()).toBe(2);
    expect(await summary.getByText(/2\.5/).count()).toBe(0);
    await expectAccessible(page);

    // In English, the English decimal point.
    await page.getByText('English').click();
    const english = page.getByRole('heading', { name: 'Score', level: 2 }).locator('..');
    await english.getByRole('cell', { name: 'Practice' }).waitFor();
    expect(await english.getByText('2.5', { exact: true }).count()).toBe(2);
    // The language is remembered for the user: back to Georgian for the other tests.
    await page.getByText('ქართული').click();
    await page.getByRole('heading', { name: 'ქულა', level: 2 }).waitFor();
    await page.context().close();
  });
});
