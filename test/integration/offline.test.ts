import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, multipartFile, startTestApp, type Client, type TestApp } from '../support/app';

// Forms filled on a device without a connection are sent later, perhaps more than once: each
// carries the id the device gave it, and the server treats the same id twice as once.
let t: TestApp;
let admin: Client;
let manager: Client;
let caseWorker: Client;
let mentor: Client;
let instrumentId: string;
let versionId: string;
let organisationId: string;

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4860000000049454e44ae426082', 'hex');
const definition = {
  items: [
    { kind: 'question', type: 'integer', name: 'n', label: { ka: 'რიცხვი', en: 'Number' }, required: true },
    { kind: 'question', type: 'image', name: 'photo', label: { ka: 'ფოტო', en: 'Photo' } },
  ],
  choiceLists: {},
  settings: {},
};

async function publish(id: string) {
  const instrument = (await admin.get(`/api/v1/instruments/${id}`)).json();
  let draft = instrument.versions.find((v: { status: string }) => v.status === 'draft');
  if (!draft) draft = (await admin.post(`/api/v1/instruments/${id}/draft`)).json();
  const saved = (await admin.request('PUT', `/api/v1/instruments/${id}/draft`, { definition, version: draft.version })).json();
  const published = await admin.post(`/api/v1/instruments/${id}/publish`, { version: saved.version });
  expect(published.statusCode).toBe(200);
  return published.json().id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
  const created = (await admin.post('/api/v1/instruments', { code: 'offline_visit', purpose: 'survey', titleKa: 'ვიზიტი', titleEn: 'Visit' })).json();
  instrumentId = created.id;
  versionId = await publish(instrumentId);
  manager = await loginAs(t.app, 'cso_manager');
  caseWorker = await loginAs(t.app, 'case_worker');
  mentor = await loginAs(t.app, 'mentor');
  organisationId = (await manager.get('/api/v1/me')).json().user.organisation.id;
});
afterAll(() => t?.close());

function upload(client: Client, responseId: string, clientId: string, data = PNG) {
  const { payload, contentType } = multipartFile(data, 'photo.png', 'image/png');
  return client.raw({ method: 'POST', url: `/api/v1/responses/${responseId}/attachments?question=photo&clientId=${clientId}`, payload, headers: { 'content-type': contentType } });
}

describe('forms sent from a device', () => {
  it('the same id sent twice is one form: created, uploaded and submitted once', async () => {
    const id = randomUUID();
    const body = { instrumentVersionId: versionId, organisationId, label: 'village visit' };
    const first = await manager.request('PUT', `/api/v1/responses/${id}`, body);
    expect(first.statusCode).toBe(201);
    expect(first.json().response).toMatchObject({ id, status: 'draft', version: 1 });
    const again = await manager.request('PUT', `/api/v1/responses/${id}`, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().response.id).toBe(id);

    const photoId = randomUUID();
    expect((await upload(manager, id, photoId)).statusCode).toBe(201);
    const retried = await upload(manager, id, photoId);
    expect(retried.statusCode).toBe(200);
    expect(retried.json().id).toBe(photoId);
    expect((await manager.get(`/api/v1/responses/${id}/attachments`)).json()).toHaveLength(1);

    const answers = { n: 7, photo: photoId };
    const submitted = await manager.post(`/api/v1/responses/${id}/submit`, { answers, version: 1 });
    expect(submitted.statusCode).toBe(200);
    // The answer to the first send was lost: every step is sent again, and nothing changes.
    expect((await manager.request('PUT', `/api/v1/responses/${id}`, body)).statusCode).toBe(200);
    expect((await upload(manager, id, photoId)).statusCode).toBe(200);
    const resubmitted = await manager.post(`/api/v1/responses/${id}/submit`, { answers, version: 1 });
    expect(resubmitted.statusCode).toBe(200);
    expect(resubmitted.json().response).toMatchObject({ id, status: 'submitted', version: submitted.json().response.version });
    const listed = (await manager.get(`/api/v1/responses?instrumentId=${instrumentId}&pageSize=100`)).json();
    expect(listed.items.filter((r: { id: string }) => r.id === id)).toHaveLength(1);
    // Different answers under the same id are not a repeat: the submitted form is locked.
    const changed = await manager.post(`/api/v1/responses/${id}/submit`, { answers: { n: 8, photo: photoId }, version: 1 });
    expect(changed.statusCode).toBe(409);
  });

  it('someone else’s id is never returned nor overwritten', async () => {
    const id = randomUUID();
    expect((await manager.request('PUT', `/api/v1/responses/${id}`, { instrumentVersionId: versionId, organisationId, label: 'mine' })).statusCode).toBe(201);
    // A colleague in the same organisation: a conflict, without the form.
    const colleague = await caseWorker.request('PUT', `/api/v1/responses/${id}`, { instrumentVersionId: versionId, organisationId, label: 'theirs' });
    expect(colleague.statusCode).toBe(409);
    expect(colleague.json().response).toBeUndefined();
    expect(colleague.json().detail).toBeTruthy();
    // A form the caller cannot see at all (the mentor's consortium organisation, out of the CSO manager's reach): as if absent.
    const mentorOrg = (await mentor.get('/api/v1/me')).json().user.organisation.id;
    const hidden = randomUUID();
    expect((await admin.request('PUT', `/api/v1/responses/${hidden}`, { instrumentVersionId: versionId, organisationId: mentorOrg })).statusCode).toBe(201);
    const outsider = await manager.request('PUT', `/api/v1/responses/${hidden}`, { instrumentVersionId: versionId, organisationId });
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json().response).toBeUndefined();
    expect((await manager.get(`/api/v1/responses/${id}`)).json().response.label).toBe('mine');
    // The same file id on someone else's form is not stored twice.
    const photoId = randomUUID();
    expect((await upload(manager, id, photoId)).statusCode).toBe(201);
    const other = randomUUID();
    await caseWorker.request('PUT', `/api/v1/responses/${other}`, { instrumentVersionId: versionId, organisationId });
    expect((await upload(caseWorker, other, photoId)).statusCode).toBe(409);
  });

  it('a draft changed on the server meanwhile is a conflict, not overwritten', async () => {
    const id = randomUUID();
    await manager.request('PUT', `/api/v1/responses/${id}`, { instrumentVersionId: versionId, organisationId });
    // Someone edits the draft online (version 1 → 2) while the device still holds version 1.
    expect((await manager.patch(`/api/v1/responses/${id}`, { answers: { n: 1 }, version: 1 })).statusCode).toBe(200);
    const stale = await manager.post(`/api/v1/responses/${id}/submit`, { answers: { n: 5 }, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect((await manager.get(`/api/v1/responses/${id}`)).json().response).toMatchObject({ status: 'draft', answers: { n: 1 } });
  });

  it('a form filled against a version retired meanwhile is a conflict', async () => {
    const created = (await admin.post('/api/v1/instruments', { code: 'offline_retired', purpose: 'survey', titleKa: 'ძველი', titleEn: 'Old' })).json();
    const old = await publish(created.id);
    await publish(created.id);
    const id = randomUUID();
    const sent = await manager.request('PUT', `/api/v1/responses/${id}`, { instrumentVersionId: old, organisationId });
    expect(sent.statusCode).toBe(409);
    expect(sent.json().detail).toBeTruthy();
    expect((await manager.get(`/api/v1/responses/${id}`)).statusCode).toBe(404);
  });

  it('a device pulls the version to fill and the organisations the user may fill it for, nothing else', async () => {
    const pack = await manager.get(`/api/v1/instruments/${instrumentId}/offline`);
    expect(pack.statusCode).toBe(200);
    expect(pack.json().version).toMatchObject({ id: versionId, definition: { items: expect.any(Array) } });
    expect(pack.json().organisations.map((o: { id: string }) => o.id)).toEqual([organisationId]);
    // Programme managers fill in everywhere; the donor fills in nothing and pulls nothing.
    const programme = await loginAs(t.app, 'programme_manager');
    expect((await programme.get(`/api/v1/instruments/${instrumentId}/offline`)).json().organisations.length).toBeGreaterThan(1);
    const donor = await loginAs(t.app, 'viewer');
    expect((await donor.get(`/api/v1/instruments/${instrumentId}/offline`)).statusCode).toBe(403);
    const unpublished = (await admin.post('/api/v1/instruments', { code: 'offline_draft', purpose: 'survey', titleKa: 'მონახაზი', titleEn: 'Draft' })).json();
    expect((await manager.get(`/api/v1/instruments/${unpublished.id}/offline`)).statusCode).toBe(404);
  });
});

describe('refreshing a kept pack on a weak connection', () => {
  const packOf = (client: Client, id: string, etag?: string) =>
    client.raw({ method: 'GET', url: `/api/v1/instruments/${id}/offline`, headers: etag ? { 'if-none-match': etag } : {} });

  it('a pack that has not changed comes back as 304 without a body; a new version, or another user’s pack, under another tag', async () => {
    const created = (await admin.post('/api/v1/instruments', { code: 'offline_refresh', purpose: 'survey', titleKa: 'განახლება', titleEn: 'Refresh' })).json();
    const first = await publish(created.id);
    const kept = await packOf(manager, created.id);
    expect(kept.statusCode).toBe(200);
    const etag = kept.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    // Personal data (names of the organisations the user fills in for): never in the browser's cache.
    expect(kept.headers['cache-control']).toBe('no-store');

    // The device asks again with the tag it kept: nothing to download.
    const again = await packOf(manager, created.id, etag);
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('no-store');
    expect(again.headers['content-length']).toBeUndefined();
    // Any of a list, and a weak form of the same tag, match too (RFC 9110); another tag does not.
    expect((await packOf(manager, created.id, `"other", W/${etag}`)).statusCode).toBe(304);
    expect((await packOf(manager, created.id, '"other"')).statusCode).toBe(200);

    // The same instrument for someone who fills it in elsewhere is another body, so another tag.
    const programme = await loginAs(t.app, 'programme_manager');
    const theirs = await packOf(programme, created.id, etag);
    expect(theirs.statusCode).toBe(200);
    expect(theirs.headers.etag).not.toBe(etag);

    // A new version is published (the kept one is retired): the old tag brings the new pack, the
    // one a conflict's "keep as a new form" then fills in.
    const second = await publish(created.id);
    expect(second).not.toBe(first);
    const fresh = await packOf(manager, created.id, etag);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json().version).toMatchObject({ id: second, number: 2 });
    expect(fresh.headers.etag).not.toBe(etag);
    expect((await packOf(manager, created.id, fresh.headers.etag as string)).statusCode).toBe(304);
  });
});

describe('a test is taken in its training, never about nobody', () => {
  it('starting a test from the instrument or a device is refused with where tests are taken, and nothing is stored', async () => {
    const [demoTest] = (await admin.get('/api/v1/instruments?purpose=test')).json().items as { id: string }[];
    expect(demoTest).toBeDefined();
    const detail = (await admin.get(`/api/v1/instruments/${demoTest!.id}`)).json() as { versions: { id: string; status: string }[] };
    const testVersionId = detail.versions.find((v) => v.status === 'published')!.id;
    const before = (await admin.get(`/api/v1/responses?instrumentId=${demoTest!.id}&pageSize=1`)).json().total;

    // A case worker filled it in (online or offline) and got "not found" for a form they had just filled.
    const online = await caseWorker.post('/api/v1/responses', { instrumentId: demoTest!.id, organisationId });
    expect(online.statusCode, online.body).toBe(400);
    expect(online.json().errors).toEqual([{ field: 'instrumentId', message: expect.stringContaining('ტრენინგიდან ივსება') }]);
    const offline = await caseWorker.request('PUT', `/api/v1/responses/${randomUUID()}`, { instrumentVersionId: testVersionId, organisationId, label: '' });
    expect(offline.statusCode, offline.body).toBe(400);
    expect(offline.json().errors[0].field).toBe('instrumentVersionId');
    // The device is not handed a pack to fill it offline in the first place.
    const pack = await caseWorker.get(`/api/v1/instruments/${demoTest!.id}/offline`);
    expect(pack.statusCode, pack.body).toBe(400);
    // Nor may anyone else start a test about nobody, the administrator included.
    const byAdmin = await admin.post('/api/v1/responses', { instrumentId: demoTest!.id, organisationId });
    expect(byAdmin.statusCode, byAdmin.body).toBe(400);
    expect((await admin.get(`/api/v1/responses?instrumentId=${demoTest!.id}&pageSize=1`)).json().total).toBe(before);
  });
});
