import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_EMAILS, loginAs, type Client } from '../support/app';
import { expectAccessible, expectErrorResponses, fitsViewport, newPage, signIn, startE2E, type E2E } from './support';

/**
 * Field work on a 375 px phone: a session recorded for a case without a connection waits on the
 * device, is sent when the connection returns and shows on the case; a conflict (the case was
 * closed meanwhile) is shown, not dropped. And a city hall answers a referral addressed to it.
 */
let e2e: E2E;
let worker: Client;
let manager: Client;
beforeAll(async () => {
  e2e = await startE2E();
  worker = await loginAs(e2e.app, 'case_worker');
  manager = await loginAs(e2e.app, 'cso_manager');
});
afterAll(() => e2e?.close());

const CONSENT = { givenBy: 'representative', representativeName: 'ეკა ბერიძე', givenOn: '2026-01-10', processing: true, referralSharing: true };

/** A child of the demo CSO with an open case in the demo case worker's caseload. */
async function childWithCase(givenName: string, surname: string): Promise<{ personId: string; caseId: string; version: number }> {
  const organisationId = (await worker.get('/api/v1/me')).json().user.organisation.id as string;
  const person = await worker.post('/api/v1/people', { organisationId, givenName, surname, sex: 'female', birthDate: '2018-09-30', phone: '+995 599 12 34 56', consent: CONSENT });
  expect(person.statusCode, person.body).toBe(201);
  const opened = await worker.post('/api/v1/cases', { personId: person.json().id });
  expect(opened.statusCode, opened.body).toBe(201);
  return { personId: person.json().id, caseId: opened.json().id, version: opened.json().version };
}

const sessionsOf = async (caseId: string) => (await worker.get(`/api/v1/cases/${caseId}`)).json().sessions.items as { id: string; notes: string; staffId: string; minutes: number }[];
const deviceSession = (page: Page, status: string) => page.getByTestId('device-session').filter({ hasText: status });

describe('field work on a phone (375 px, Georgian)', () => {
  it('records a session without a connection; it waits on the device and reaches the case when the connection returns', async () => {
    const { caseId, personId } = await childWithCase('მარიამ', 'წიკლაური');
    const staff = (await worker.get('/api/v1/case-staff')).json() as { id: string; displayName: string }[];
    const managerId = (await manager.get('/api/v1/me')).json().user.id as string;
    const managerName = staff.find((s) => s.id === managerId)!.displayName;

    let page = await newPage(e2e, 375);
    const context = page.context();
    await signIn(page, DEMO_EMAILS.case_worker);
    // Home opens on the case worker's own cases, above the drafts and the capacity work.
    await page.getByRole('heading', { level: 2, name: 'ჩემი შემთხვევები' }).waitFor();
    expect(await page.getByRole('main').getByRole('heading', { level: 2 }).first().textContent()).toBe('ჩემი შემთხვევები');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));

    // The person's page and the case page fit the phone, with dates in words.
    await page.goto(`/people/${personId}`);
    await page.getByRole('heading', { name: 'მარიამ წიკლაური' }).waitFor();
    await page.getByText('30 სექ 2018').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: '/tmp/casesfield-person-375.png', fullPage: true });

    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { name: 'მარიამ წიკლაური' }).waitFor();
    // A long file on a phone: its list of parts jumps to the sessions, which take the focus.
    await page.getByRole('navigation', { name: 'შემთხვევის ნაწილები' }).getByRole('link', { name: 'სესიები' }).click();
    const sessions = page.getByRole('region', { name: 'სესიები' });
    await expect.poll(() => sessions.evaluate((section) => section === document.activeElement)).toBe(true);
    const top = (await sessions.boundingBox())!.y;
    expect(top).toBeGreaterThanOrEqual(56);
    expect(top).toBeLessThan(200);
    await page.getByRole('switch', { name: 'ამ შემთხვევის ხაზგარეშე გამოყენება' }).click();
    await expect.poll(() => page.getByRole('switch', { name: 'ამ შემთხვევის ხაზგარეშე გამოყენება' }).isChecked()).toBe(true);
    expect(await page.locator('main').innerText()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: '/tmp/casesfield-case-375.png', fullPage: true });

    // In the field: no connection, the page opened again from the device.
    await context.setOffline(true);
    await page.reload();
    await page.getByText('კავშირი არ არის: ეს არის ის, რაც ამ მოწყობილობას შემთხვევიდან აქვს შენახული', { exact: false }).waitFor();
    await page.getByRole('textbox', { name: 'თანამშრომელი' }).click();
    await page.getByRole('option', { name: managerName }).click();
    await page.getByRole('textbox', { name: 'ხანგრძლივობა (წუთი)' }).fill('40');
    await page.getByLabel('ჩანაწერები').fill('ვიზიტი სოფელში: მეტყველების ვარჯიში');
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: '/tmp/casesfield-session-form-375.png', fullPage: true });
    await page.getByRole('button', { name: 'სესიის ჩაწერა' }).click();
    await deviceSession(page, 'ელოდება გაგზავნას').waitFor();
    expect(await sessionsOf(caseId)).toHaveLength(0);

    // The tab is closed and opened again, still offline: the session is on the device, and in the outbox.
    await page.close();
    page = await context.newPage();
    await page.goto('/offline');
    await deviceSession(page, 'ელოდება').waitFor();
    await page.getByText('მარიამ წიკლაური').first().waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.getByRole('link', { name: 'შემთხვევის გახსნა' }).click();
    await deviceSession(page, 'ელოდება გაგზავნას').waitFor();

    // The connection returns: sent by itself, and the case shows it as sent.
    await context.setOffline(false);
    await page.getByRole('list', { name: 'ჩატარებული სესიები' }).getByText('ვიზიტი სოფელში: მეტყველების ვარჯიში').waitFor();
    await page.getByRole('list', { name: 'ჩატარებული სესიები' }).getByText('გაგზავნილია').waitFor();
    const stored = await sessionsOf(caseId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ notes: 'ვიზიტი სოფელში: მეტყველების ვარჯიში', staffId: managerId, minutes: 40 });
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await context.close();
  });

  it('a send cut off after the server stored the session is repeated, and the case still has it once', async () => {
    const { caseId } = await childWithCase('თამთა', 'ბერიძე');
    let page = await newPage(e2e, 375);
    const context = page.context();
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { name: 'თამთა ბერიძე' }).waitFor();
    // The server stores the session; the answer never reaches the page (the tab is closed first).
    let reached: () => void = () => undefined;
    const stored = new Promise<void>((resolve) => (reached = resolve));
    await context.route('**/api/v1/cases/*/sessions/*', async (route) => {
      await route.fetch();
      reached();
    });
    await page.getByLabel('ჩანაწერები').fill('პასუხი გზაში დაიკარგა');
    await page.getByRole('button', { name: 'სესიის ჩაწერა' }).click();
    await stored;
    await page.close();
    await context.unrouteAll({ behavior: 'ignoreErrors' });
    expect(await sessionsOf(caseId)).toHaveLength(1);

    // Opened again: the outbox repeats the send; the server answers with the session it has.
    page = await context.newPage();
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('list', { name: 'ჩატარებული სესიები' }).getByText('გაგზავნილია').waitFor();
    expect(await sessionsOf(caseId)).toHaveLength(1);
    await context.close();
  });

  it('shows a conflict when the case was closed meanwhile, and keeps the session until the worker discards it', async () => {
    const { caseId, version } = await childWithCase('ნუცა', 'გოგოლაძე');
    const page = await newPage(e2e, 375);
    const context = page.context();
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { name: 'ნუცა გოგოლაძე' }).waitFor();

    await context.setOffline(true);
    await page.getByLabel('ჩანაწერები').fill('სესია, რომელიც დახურვის შემდეგ მივა');
    await page.getByRole('button', { name: 'სესიის ჩაწერა' }).click();
    await deviceSession(page, 'ელოდება გაგზავნას').waitFor();

    // Meanwhile the case is closed at the office.
    const request = (await worker.post(`/api/v1/cases/${caseId}/approvals`, { kind: 'closure', closureReason: 'ოჯახი გადავიდა' })).json();
    expect((await manager.post(`/api/v1/approvals/${request.id}/decide`, { approve: true, version: request.version })).statusCode).toBe(200);
    expect((await worker.post(`/api/v1/cases/${caseId}/close`, { version })).statusCode).toBe(200);

    expectErrorResponses(page, 409);
    await context.setOffline(false);
    const conflict = deviceSession(page, 'კონფლიქტი');
    await conflict.waitFor();
    await conflict.getByText('შემთხვევა დახურულია', { exact: false }).waitFor();
    await conflict.getByText('სესია, რომელიც დახურვის შემდეგ მივა').waitFor();
    expect(await sessionsOf(caseId)).toHaveLength(0);
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: '/tmp/casesfield-conflict-375.png', fullPage: true });

    // Still there after a reload, and in the outbox, until the worker decides.
    await page.reload();
    await deviceSession(page, 'კონფლიქტი').waitFor();
    await page.goto('/offline');
    await deviceSession(page, 'კონფლიქტი').waitFor();
    await page.getByRole('link', { name: 'შემთხვევის გახსნა' }).first().click();
    await deviceSession(page, 'კონფლიქტი').getByRole('button', { name: 'წაშლა' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'წაშლა' }).click();
    await expect.poll(() => page.getByTestId('device-session').count()).toBe(0);
    await context.close();
  });

  it('records a session with the keyboard alone at 320 px (200 % zoom): the focus stays on the button while it is sent', async () => {
    const { caseId } = await childWithCase('ნინო', 'კლავიატურაძე');
    const page = await newPage(e2e, 320);
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto(`/cases/${caseId}`);
    await page.getByRole('heading', { name: 'ნინო კლავიატურაძე' }).waitFor();
    await page.getByLabel('ჩანაწერები', { exact: true }).focus();
    await page.keyboard.type('ვიზიტი, ჩაწერილი კლავიატურით');
    await page.keyboard.press('Tab');
    const record = page.getByRole('button', { name: 'სესიის ჩაწერა' });
    const hasFocus = () => record.evaluate((el) => el === document.activeElement);
    expect(await hasFocus()).toBe(true);
    await page.keyboard.press('Enter');
    // While it is sent the button is busy (disabled), which drops the focus; it comes back after.
    await page.getByRole('list', { name: 'ჩატარებული სესიები' }).getByText('ვიზიტი, ჩაწერილი კლავიატურით').waitFor();
    await expect.poll(hasFocus).toBe(true);
    expect((await sessionsOf(caseId)).map((s) => s.notes)).toContain('ვიზიტი, ჩაწერილი კლავიატურით');
    expect(await fitsViewport(page)).toBe(true);
    await page.context().close();
  });

  it('pages through a long case\'s sessions, newest first, from the case file', async () => {
    const { caseId } = await childWithCase('ნატა', 'გოგიძე');
    // 27 sessions, one a day in March: the file shows the newest 25, the next page the last two.
    for (let day = 1; day <= 27; day++) {
      const sent = await worker.post(`/api/v1/cases/${caseId}/sessions`, { kind: 'individual', heldOn: `2026-03-${String(day).padStart(2, '0')}`, minutes: day, attended: true, notes: `ვიზიტი ${day}` });
      expect(sent.statusCode, sent.body).toBe(201);
    }
    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.case_worker);
    await page.goto(`/cases/${caseId}`);
    const held = page.getByRole('list', { name: 'ჩატარებული სესიები' }).getByRole('listitem');
    await held.first().getByText('ვიზიტი 27').waitFor();
    expect(await held.count()).toBe(25);
    await page.getByText('27 ჩანაწერი · გვერდი 1 / 2').waitFor();
    await page.getByRole('button', { name: 'შემდეგი გვერდი' }).click();
    await held.first().getByText('ვიზიტი 2').waitFor();
    await expect.poll(() => held.count()).toBe(2);
    await held.last().getByText('ვიზიტი 1').waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: '/tmp/casesfield-sessions-page2-375.png', fullPage: true });
    await page.getByRole('button', { name: 'წინა გვერდი' }).click();
    await held.first().getByText('ვიზიტი 27').waitFor();
    await page.context().close();
  });

  it('a city hall\'s monitor accepts a referral addressed to it and sees only the agreed subset', async () => {
    const { caseId, personId } = await childWithCase('ანი', 'მაისურაძე');
    const monitor = await loginAs(e2e.app, 'municipal_monitor');
    const cityHallId = (await monitor.get('/api/v1/me')).json().user.organisation.id as string;
    const sent = await worker.post(`/api/v1/cases/${caseId}/referrals`, { toOrganisationId: cityHallId, reason: 'სოციალური პაკეტის დანიშვნა', urgency: 'routine', sharedFields: ['name', 'birthDate'] });
    expect(sent.statusCode, sent.body).toBe(201);

    const page = await newPage(e2e, 375);
    await signIn(page, DEMO_EMAILS.municipal_monitor);
    await page.goto('/referrals');
    await page.getByText('სოციალური პაკეტის დანიშვნა').waitFor();
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.getByRole('button', { name: 'მიღება', exact: true }).click();
    await page.getByRole('link', { name: 'გაზიარებული ჩანაწერის ნახვა' }).click();
    await page.getByRole('heading', { name: 'ანი მაისურაძე' }).waitFor();
    await page.getByText('გადამისამართებით გაზიარებული ნაწილი').waitFor();
    await page.getByText('30 სექ 2018').waitFor();
    const body = await page.locator('main').innerText();
    expect(body).not.toContain('599 12 34 56');
    expect(body).not.toContain('ეკა ბერიძე');
    await expectAccessible(page);
    expect(await fitsViewport(page)).toBe(true);
    await page.screenshot({ path: '/tmp/casesfield-cityhall-person-375.png', fullPage: true });
    expect((await worker.get(`/api/v1/referrals/${sent.json().id}`)).json().status).toBe('accepted');
    expect((await monitor.get(`/api/v1/people/${personId}`)).statusCode).toBe(200);
    expect((await monitor.get(`/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    await page.context().close();
  });
});
