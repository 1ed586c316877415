import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_MAX_BYTES } from '../../common/schemas/capacity';
import { loginAs, multipartFile, startTestApp, type Client, type TestApp } from '../support/app';
import { TINY_PDF } from './access/capacity.rows';

// A CSO's key documents (issue: capacity, "key documents as attachments"): kept in the storage
// module, checked by their bytes, read by those who read the CSO's capacity, removed whole.

let t: TestApp;
let manager: Client;
let organisationId: string;
beforeAll(async () => {
  t = await startTestApp();
  manager = await loginAs(t.app, 'cso_manager');
  organisationId = ((await manager.get('/api/v1/me')).json() as { user: { organisation: { id: string } } }).user.organisation.id;
}, 120_000);
afterAll(() => t?.close());

const upload = (client: Client, data: Buffer, filename: string, kind = 'statute') => {
  const { payload, contentType } = multipartFile(data, filename, 'application/pdf');
  return client.raw({ method: 'POST', url: `/api/v1/capacity/organisations/${organisationId}/documents?kind=${kind}`, payload, headers: { 'content-type': contentType } });
};

describe('key documents of a CSO', () => {
  it('stores a PDF, lists it, serves it whole and by range, and deletes it (404 after, both in the audit log)', async () => {
    const created = await upload(manager, TINY_PDF, 'წესდება 2026.pdf');
    expect(created.statusCode, created.body).toBe(201);
    const document = created.json() as { id: string; filename: string; contentType: string; size: number; kind: string };
    expect(document).toMatchObject({ filename: 'წესდება 2026.pdf', contentType: 'application/pdf', size: TINY_PDF.length, kind: 'statute' });
    expect(JSON.stringify(created.json())).not.toContain('storage');

    const listed = (await manager.get(`/api/v1/capacity/organisations/${organisationId}/documents`)).json() as { id: string }[];
    expect(listed.map((d) => d.id)).toContain(document.id);

    const whole = await manager.get(`/api/v1/capacity/documents/${document.id}`);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('application/pdf');
    expect(whole.rawPayload.equals(TINY_PDF)).toBe(true);
    const part = await manager.raw({ method: 'GET', url: `/api/v1/capacity/documents/${document.id}`, headers: { range: 'bytes=0-7' } });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.toString()).toBe('%PDF-1.4');

    const mentor = await loginAs(t.app, 'mentor');
    expect((await mentor.get(`/api/v1/capacity/documents/${document.id}`)).statusCode, 'the assigned mentor reads it').toBe(200);
    expect((await (await loginAs(t.app, 'municipal_monitor')).get(`/api/v1/capacity/documents/${document.id}`)).statusCode, 'aggregates only').toBe(403);

    const removed = await manager.request('DELETE', `/api/v1/capacity/documents/${document.id}`);
    expect(removed.statusCode).toBe(204);
    expect((await manager.get(`/api/v1/capacity/documents/${document.id}`)).statusCode).toBe(404);
    const audit = (await (await loginAs(t.app, 'admin')).get(`/api/v1/audit?entityType=cso_document&pageSize=200`)).json() as { items: { action: string; entityId: string }[] };
    expect(audit.items.filter((e) => e.entityId === document.id).map((e) => e.action).sort()).toEqual(['attach', 'delete']);
  });

  it('refuses a file that is not what it claims (415, in Georgian) and one that is too large (413), storing neither', async () => {
    const before = ((await manager.get(`/api/v1/capacity/organisations/${organisationId}/documents`)).json() as unknown[]).length;
    const html = await upload(manager, Buffer.from('<html><script>alert(1)</script></html>'), 'policy.pdf', 'policy');
    expect(html.statusCode).toBe(415);
    expect(html.headers['content-type']).toContain('application/problem+json');
    expect(html.body).toContain('PDF');
    expect(html.body).toMatch(/[\u10D0-\u10FF]/);
    const big = await upload(manager, Buffer.concat([TINY_PDF, Buffer.alloc(DOCUMENT_MAX_BYTES)]), 'big.pdf');
    expect(big.statusCode).toBe(413);
    const after = ((await manager.get(`/api/v1/capacity/organisations/${organisationId}/documents`)).json() as unknown[]).length;
    expect(after).toBe(before);
  });

  it('names a missing or unknown kind as a field error', async () => {
    const response = await upload(manager, TINY_PDF, 'x.pdf', 'secret');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('kind');
  });
});
