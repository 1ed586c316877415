import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client} from '../support/app';
import { DEMO_PASSWORD, loginAs, organisationIdByName, startTestApp, type TestApp } from '../support/app';
import { whileAuditRefuses } from '../support/audit';
import { capture } from '../support/queries';

let t: TestApp;
let admin: Client;
beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t.app, 'admin');
});
afterAll(() => t?.close());

describe('audit log', () => {
  it('records who changed which fields of which record, from where', async () => {
    const manager = await loginAs(t.app, 'cso_manager');
    const orgId = (await manager.get('/api/v1/me')).json().user.organisation.id;
    const { version, phone } = (await manager.get(`/api/v1/organisations/${orgId}`)).json();
    await manager.patch(`/api/v1/organisations/${orgId}`, { version, phone: '+995 350 27 00 00' });
    const entries = (await admin.get(`/api/v1/audit?entityType=organisation&entityId=${orgId}`)).json().items;
    expect(entries[0]).toMatchObject({
      action: 'update',
      actorEmail: 'cso.manager@demo.ertad.ge',
      organisationId: orgId,
      ip: '127.0.0.1',
      changes: { phone: { from: phone, to: '+995 350 27 00 00' } },
    });
  });

  it('never records passwords or tokens', async () => {
    const client = await loginAs(t.app, 'viewer');
    await client.post('/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'secret-new-password' });
    await client.post('/api/v1/me/password', { currentPassword: 'secret-new-password', newPassword: DEMO_PASSWORD });
    const dump = (await admin.get('/api/v1/audit/export?format=csv')).body;
    expect(dump).toContain('პაროლი შეიცვალა'); // the change_password entry, labelled
    expect(dump).not.toContain('secret-new-password');
    expect(dump).not.toContain(DEMO_PASSWORD);
    expect(dump).not.toContain('scrypt$');
  });

  it('is written in the same transaction as the change: a failed change leaves no entry', async () => {
    const userEntries = async () => (await admin.get('/api/v1/audit?pageSize=1&entityType=user&action=create')).json().total;
    const before = await userEntries();
    const bad = await admin.post('/api/v1/users', { email: 'x@example.ge', displayName: 'X', organisationId: await organisationIdByName(t.database, 'ANIKA'), roles: ['case_worker'] });
    expect(bad.statusCode).toBe(400);
    expect(await userEntries()).toBe(before);
  });

  it('cannot be changed or deleted, even with direct SQL', async () => {
    await expect(t.database.db.execute(sql`update audit_log set action = 'nothing'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
    expect((await admin.get('/api/v1/audit?pageSize=1')).json().total).toBeGreaterThan(0);
  });

  it('has no write endpoints', () => {
    expect(t.app.apiRoutes.filter((r) => r.includes('/audit') && !r.startsWith('GET '))).toEqual([]);
  });

  it("records a request's reads together in one insert, before its answer leaves", async () => {
    const manager = await loginAs(t.app, 'cso_manager');
    const [form] = (await manager.get('/api/v1/responses?pageSize=1')).json().items as { id: string }[];
    const read = await capture(t.database, manager, `/api/v1/responses/${form!.id}`);
    expect(read.status).toBe(200);
    expect(read.statements.filter((s) => /^insert into "audit_log"/i.test(s.sql))).toHaveLength(1);
    const entries = (await admin.get(`/api/v1/audit?entityType=response&entityId=${form!.id}&action=read`)).json().items;
    expect(entries[0]).toMatchObject({ action: 'read', actorEmail: 'cso.manager@demo.ertad.ge' });
  });

  it('answers with an error, not the record, when the read cannot be recorded', async () => {
    const manager = await loginAs(t.app, 'cso_manager');
    const [form] = (await manager.get('/api/v1/responses?pageSize=1')).json().items as { id: string }[];
    await whileAuditRefuses(t.database, { action: 'read', entityType: 'response' }, async () => {
      const res = await manager.get(`/api/v1/responses/${form!.id}`);
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).not.toContain(form!.id);
    });
    expect((await manager.get(`/api/v1/responses/${form!.id}`)).statusCode).toBe(200);
  });

  it("answers a list with an error, not its rows, when the list's entry cannot be recorded (the entry is written while the total is counted)", async () => {
    const manager = await loginAs(t.app, 'cso_manager');
    const listed = (await manager.get('/api/v1/responses?pageSize=5')).json().items as { id: string }[];
    expect(listed.length).toBeGreaterThan(0);
    await whileAuditRefuses(t.database, { action: 'list', entityType: 'response' }, async () => {
      const res = await manager.get('/api/v1/responses?pageSize=5');
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toContain('application/problem+json');
      for (const form of listed) expect(res.body).not.toContain(form.id);
    });
    expect((await manager.get('/api/v1/responses?pageSize=5')).statusCode).toBe(200);
  });

  it('filters by action and time', async () => {
    const logins = (await admin.get('/api/v1/audit?action=login&pageSize=200')).json();
    expect(logins.total).toBeGreaterThan(0);
    expect(logins.items.every((e: { action: string }) => e.action === 'login')).toBe(true);
    const future = (await admin.get(`/api/v1/audit?from=${new Date(Date.now() + 60_000).toISOString()}`)).json();
    expect(future.total).toBe(0);
  });

  it("writes a list read's filters in the export as 'label: value' in the reader's language, not as JSON", async () => {
    const manager = await loginAs(t.app, 'programme_manager');
    expect((await manager.get('/api/v1/responses?q=ბერიძე&status=draft&pageSize=5')).statusCode).toBe(200);
    // The API keeps the structured record.
    const [entry] = (await admin.get('/api/v1/audit?action=list&entityType=response&q=programme@&pageSize=1')).json().items;
    expect(entry.changes.filter.to).toMatchObject({ q: 'ბერიძე', status: 'draft' });
    const cellOf = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n')[1]!.split('","').at(-1)!.replace(/"$/, '');
    const ka = (await admin.get('/api/v1/audit/export?format=csv&action=list&entityType=response&q=programme@')).body;
    expect(cellOf(ka)).toMatch(/^ძიება: ბერიძე\nსტატუსი: სამუშაო ვერსია\nსტრიქონები: \d+$/);
    expect(ka).not.toContain('{"');
    // In English for an administrator who reads English.
    expect((await admin.patch('/api/v1/me', { language: 'en' })).statusCode).toBe(200);
    try {
      const en = (await admin.get('/api/v1/audit/export?format=csv&action=list&entityType=response&q=programme@')).body;
      expect(cellOf(en)).toMatch(/^Search: ბერიძე\nStatus: Draft\nRows: \d+$/);
    } finally {
      await admin.patch('/api/v1/me', { language: 'ka' });
    }
  });
});
