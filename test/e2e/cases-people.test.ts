import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cases } from '../../server/db/schema';
import { DEMO_EMAILS, loginAs } from '../support/app';
import { expectAccessible, expectErrorResponses, fitsViewport, newPage, signIn, startE2E, type E2E } from './support';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(() => e2e?.close());

describe('people served', () => {
  it('lists people a page at a time with a target-group filter, on a phone and on a desktop', async () => {
    const worker = await loginAs(e2e.app, 'case_worker');
    const organisationId = (await worker.get('/api/v1/me')).json().user.organisation.id as string;
    const consent = { givenBy: 'representative', representativeName: 'თამარ ჩხეიძე', givenOn: '2026-01-10', processing: true };
    const born = [{ birthDate: '2017-09-14' }, { estimatedAge: 8 }, { estimatedAge: 40 }];
    for (const [i, givenName] of ['ელენე', 'გიგა', 'ქეთევან'].entries()) {
      const targetGroup = i < 2 ? 'children_with_disabilities' : 'families_at_risk';
      expect((await worker.post('/api/v1/people', { organisationId, givenName, surname: 'ჩხეიძე', sex: 'female', ...born[i], targetGroup, consent })).statusCode).toBe(201);
    }
    for (const width of [375, 1280]) {
      const page = await newPage(e2e, width);
      await signIn(page, DEMO_EMAILS.case_worker);
      await page.goto('/people');
      await page.getByRole('searchbox').fill('Chkheidze');
      await page.getByRole('button', { name: 'ძიება' }).click();
      await page.getByText('3 ჩანაწერი · გვერდი 1 / 1').waitFor();
      await page.getByRole('textbox', { name: 'სამიზნე ჯგუფით გაფილტვრა' }).click();
      await page.getByRole('option', { name: 'შშმ ბავშვები' }).click();
      await page.getByText('2 ჩანაწერი · გვერდი 1 / 1').waitFor();
      // Dates with the month names shipped with the app; an estimated age as "~N years".
      await page.getByText('14 სექ 2017').waitFor();
      await page.getByText('~8 წლის').waitFor();
      expect(await page.locator('main').innerText()).not.toContain('ქეთევან');
      await expectAccessible(page);
      expect(await fitsViewport(page)).toBe(true);
      await page.screenshot({ path: `/tmp/casespeople-list-${width}.png`, fullPage: false });
      // Back from a person: the search and the filter as they were, not an empty search.
      await page.getByRole('main').getByRole('link', { name: /ელენე ჩხეიძე/ }).click();
      await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
      await page.goBack();
      await page.getByText('2 ჩანაწერი · გვერდი 1 / 1').waitFor();
      expect(await page.getByRole('searchbox').inputValue()).toBe('Chkheidze');
      await page.context().close();
    }
  });

  it("pages through who viewed or changed a person's record, newest first, on a phone", async () => {
    const worker = await loginAs(e2e.app, 'case_worker');
    const manager = await loginAs(e2e.app, 'cso_manager');
    const organisationId = (await worker.get('/api/v1/me')).json().user.organisation.id as string;
    const consent = { givenBy: 'person', givenOn: '2026-01-10', processing: true };
    const person = (await worker.post('/api/v1/people', { organisationId, givenName: 'სოსო', surname: 'მაისურაძე', sex: 'male', estimatedAge: 30, targetGroup: 'families_at_risk', consent })).json();
    // Each read by the manager is one more entry: the registration, 30 reads, and the worker's own look (two pages of 25).
    for (let i = 0; i < 30; i++) expect((await manager.get(`/api/v1/people/${person.id}`)).statusCode).toBe(200);
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto(`/people/${person.id}`);
    const history = page.getByRole('region', { name: 'ვინ ნახა ან შეცვალა ეს ჩანაწერი' });
    const counted = history.getByText(/(\d+) ჩანაწერი · გვერდი 1 \/ 2/);
    await counted.waitFor();
    const total = Number(/(\d+) ჩანაწერი/.exec(await counted.innerText())![1]);
    expect(total).toBeGreaterThanOrEqual(31);
    expect(await history.getByRole('listitem').count()).toBe(25);
    await history.getByRole('button', { name: 'შემდეგი გვერდი' }).click();
    await history.getByText(/გვერდი 2 \/ 2/).waitFor();
    expect(await history.getByRole('listitem').count()).toBe(total - 25);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: '/tmp/casespeople-history-375.png', fullPage: true });
    // A person who is not there (or not in reach): said plainly, with the way back to the list.
    expectErrorResponses(page, 404);
    await page.goto('/people/00000000-0000-4000-8000-000000000000');
    await page.getByRole('heading', { level: 1, name: 'გვერდი ვერ მოიძებნა' }).waitFor();
    await page.getByRole('link', { name: 'ბენეფიციარების სიაში დაბრუნება' }).click();
    await page.waitForURL('**/people');
    await page.context().close();
  });

  it('registers a child of 3 with the Child Functioning Module filled in on the registration form; the result and the answers are kept', async () => {
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto('/people');
    await page.getByRole('searchbox').fill('ანი ქავთარაძე');
    await page.getByRole('button', { name: 'ძიება' }).click();
    await page.getByRole('textbox', { name: 'სახელი' }).fill('ანი');
    await page.getByRole('textbox', { name: 'გვარი' }).fill('ქავთარაძე');
    await page.locator('label', { hasText: 'მხოლოდ სავარაუდო ასაკია ცნობილი' }).click();
    await page.getByRole('textbox', { name: 'სავარაუდო ასაკი' }).fill('3');
    await page.getByLabel('თანხმობა მონაცემთა დამუშავებაზე').check();
    await page.getByRole('textbox', { name: 'კანონიერი წარმომადგენელი' }).fill('ლანა ქავთარაძე');
    await page.getByLabel('სკრინინგის ჩატარება').check();
    await page.getByText('ბავშვის ფუნქციონირების მოდული, 2–4 წლის (მონახაზი)').waitFor();
    for (const domain of ['seeing', 'hearing', 'walking', 'fine_motor', 'communication', 'learning', 'playing', 'controlling_behaviour']) {
      await page.locator(`#q-${domain}`).getByRole('radio', { name: domain === 'walking' ? 'დიდი სირთულე' : 'არანაირი სირთულე' }).check();
    }
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: '/tmp/casespeople-screening-375.png', fullPage: true });
    await page.getByRole('button', { name: 'შემოწმება და გაგრძელება' }).click();
    await page.getByRole('button', { name: 'რეგისტრაცია' }).click();
    await page.getByRole('heading', { name: 'ანი ქავთარაძე' }).waitFor();
    await page.getByText('~3 წლის').waitFor();
    await expect.poll(() => page.getByRole('row', { name: /შეზღუდული შესაძლებლობა/ }).first().innerText()).toContain('კი');
    await page.getByRole('link', { name: 'სკრინინგის პასუხები' }).click();
    await page.waitForURL(/\/responses\//);
    await page.getByText('დიდი სირთულე').first().waitFor();
    await page.context().close();
  });

  it('a CSO manager lists closed cases past the retention period and anonymises one after confirming', async () => {
    // Three people of the demo CSO whose cases closed long ago.
    const worker = await loginAs(e2e.app, 'case_worker');
    const organisationId = (await worker.get('/api/v1/me')).json().user.organisation.id as string;
    const ids: string[] = [];
    for (const givenName of ['ნუცა', 'დაჩი', 'საბა']) {
      const person = await worker.post('/api/v1/people', { organisationId, givenName, surname: 'ძნელაძე', sex: 'female', estimatedAge: 9, consent: { givenBy: 'person', givenOn: '2015-01-10', processing: true } });
      expect(person.statusCode, person.body).toBe(201);
      ids.push((await worker.post('/api/v1/cases', { personId: person.json().id })).json().id);
    }
    await e2e.database.db.update(cases).set({ status: 'closed', closedOn: '2016-03-01', closureReason: 'მიზნები მიღწეულია' }).where(inArray(cases.id, ids));

    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.cso_manager);
    // The menu (behind the burger on a phone) leads there.
    expect(await page.getByRole('navigation', { name: 'მთავარი ნავიგაცია' }).getByRole('link', { name: 'შენახვის ვადა' }).getAttribute('href')).toBe('/retention');
    await page.goto('/retention');
    await page.getByRole('heading', { name: 'შენახვის ვადაგასული შემთხვევები', level: 1 }).waitFor();
    const first = page.getByRole('button', { name: /^ანონიმიზაცია: / }).first();
    await first.waitFor();
    const label = (await first.getAttribute('aria-label'))!;
    const name = label.replace(/^ანონიმიზაცია: /, '');
    await page.getByText('1 მარ 2016').first().waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: '/tmp/casespeople-retention-375.png', fullPage: true });

    // Nothing happens before the confirmation; cancelling keeps the person.
    await first.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('ეს შეუქცევადია. გავაგრძელოთ?').waitFor();
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'გაუქმება' }).click();
    await page.getByRole('button', { name: label }).waitFor();
    await page.getByRole('button', { name: label }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'დიახ, ანონიმიზაცია' }).click();
    await page.getByText('ანონიმიზებულია').first().waitFor();
    await expect.poll(() => page.getByRole('button', { name: label }).count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain(name);

    // A longer period: nothing closed that long ago.
    await page.getByRole('textbox', { name: 'შენახვის ვადა (წელი)' }).fill('50');
    await page.getByText('ამ ვადაზე ძველი დახურული შემთხვევა არ არის').waitFor();
    await expectAccessible(page);
    await page.context().close();
  });
});
