import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, multipartFile, startTestApp, type Client, type TestApp } from '../support/app';

// Limits kept small here so they are reached quickly: 3 files per response, 1 MiB per organisation.
let t: TestApp;
let manager: Client;
let instrumentId: string;
let organisationId: string;
beforeAll(async () => {
  t = await startTestApp({ attachmentsPerResponse: 3, attachmentMbPerOrganisation: 1 });
  const admin = await loginAs(t.app, 'admin');
  const created = (await admin.post('/api/v1/instruments', { code: 'attachment_rules', purpose: 'survey', titleKa: 'ფაილები', titleEn: 'Files' })).json();
  const definition = {
    items: [
      { kind: 'question', type: 'file', name: 'report', label: { ka: 'ანგარიში', en: 'Report' } },
      { kind: 'question', type: 'image', name: 'photo', label: { ka: 'ფოტო', en: 'Photo' } },
    ],
    choiceLists: {},
    settings: {},
  };
  const draft = (await admin.request('PUT', `/api/v1/instruments/${created.id}/draft`, { definition, version: 1 })).json();
  expect((await admin.post(`/api/v1/instruments/${created.id}/publish`, { version: draft.version })).statusCode).toBe(200);
  instrumentId = created.id;
  manager = await loginAs(t.app, 'cso_manager');
  organisationId = (await manager.get('/api/v1/me')).json().user.organisation.id;
});
afterAll(() => t?.close());

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4860000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const GZIP = Buffer.from('1f8b0800000000000003010000ffff0000000000000000', 'hex');

async function newResponse() {
  return (await manager.post('/api/v1/responses', { instrumentId, organisationId })).json().response as { id: string; version: number };
}
function send(responseId: string, question: string, data: Buffer, name: string, claimed: string) {
  const { payload, contentType } = multipartFile(data, name, claimed);
  return manager.raw({ method: 'POST', url: `/api/v1/responses/${responseId}/attachments?question=${question}`, payload, headers: { 'content-type': contentType } });
}

describe('attachments', () => {
  it('the stored content type is what the bytes are, from an allowlist, not what the client claims', async () => {
    const response = await newResponse();
    const png = await send(response.id, 'photo', PNG, 'evil.html', 'text/html');
    expect(png.statusCode).toBe(201);
    expect(png.json().contentType).toBe('image/png');
    const pdf = await send(response.id, 'report', PDF, 'report.png', 'image/png');
    expect(pdf.json().contentType).toBe('application/pdf');
    // Markup claimed to be a photo is text: refused for a photo question, and never stored as HTML.
    const markup = await send(response.id, 'photo', Buffer.from('<svg onload="alert(1)"/>'), 'x.png', 'image/png');
    expect(markup.statusCode).toBe(400);
    expect(markup.json().errors[0].field).toBe('file');
    const archive = await send(response.id, 'report', GZIP, 'notes.txt', 'text/plain');
    expect(archive.statusCode).toBe(400);
    expect(archive.json().errors[0]).toMatchObject({ field: 'file', message: expect.stringContaining('PDF') });

    const download = await manager.get(`/api/v1/attachments/${png.json().id}`);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['cache-control']).toBe('no-store');
  });

  it('a file name with a NUL byte → 400 on the file field', async () => {
    const response = await newResponse();
    const r = await send(response.id, 'report', PDF, 'a\u0000b.pdf', 'application/pdf');
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].field).toBe('file');
  });

  it('a submitted response takes no new files (409)', async () => {
    const response = await newResponse();
    expect((await manager.post(`/api/v1/responses/${response.id}/submit`, { answers: {}, version: response.version })).statusCode).toBe(200);
    const late = await send(response.id, 'report', PDF, 'late.pdf', 'application/pdf');
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe('გაგზავნილ ფორმას ფაილებს ვეღარ დაურთავთ');
    expect((await manager.get(`/api/v1/responses/${response.id}/attachments`)).json()).toEqual([]);
  });

  it('a response holds at most ERTAD_ATTACHMENTS_PER_RESPONSE files', async () => {
    const response = await newResponse();
    for (let i = 0; i < 3; i++) expect((await send(response.id, 'report', PDF, `r${i}.pdf`, 'application/pdf')).statusCode).toBe(201);
    const fourth = await send(response.id, 'report', PDF, 'r3.pdf', 'application/pdf');
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().detail).toBe('ამ ფორმას უკვე დართული აქვს დასაშვები რაოდენობის ფაილი');
  });

  it('an organisation holds at most ERTAD_ATTACHMENT_MB_PER_ORGANISATION of files', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(400 * 1024, 0x20)]);
    const first = await newResponse();
    expect((await send(first.id, 'report', big, 'a.pdf', 'application/pdf')).statusCode).toBe(201);
    expect((await send(first.id, 'report', big, 'b.pdf', 'application/pdf')).statusCode).toBe(201);
    const second = await newResponse();
    const full = await send(second.id, 'report', big, 'c.pdf', 'application/pdf');
    expect(full.statusCode).toBe(409);
    expect(full.json().detail).toBe('თქვენმა ორგანიზაციამ ფაილების საცავი ამოწურა. სთხოვეთ პროგრამის გუნდს ლიმიტის გაზრდა');
  });
});
