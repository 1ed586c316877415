import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAudit } from '../../server/audit/log';
import { buildApp } from '../../server/app';
import { openDatabase, type Database } from '../../server/db/client';
import { auditTamperRisk, migrateAsOwner } from '../../server/db/roles';
import { seedDemo } from '../../server/db/seed/demo';
import { DEMO_PASSWORD, login, testConfig } from '../support/app';
import { onServer } from '../support/database-template';
import { runCli } from '../support/server-process';

// PostgreSQL only (embedded PGlite has a single all-powerful user): vitest.config.ts includes
// test/postgres only when TEST_DATABASE_URL is set, as in CI's PostgreSQL pass.
const serverUrl = process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('test/postgres needs TEST_DATABASE_URL');
// The command line runs in processes of its own (tsx compiling the CLI): seconds each on a busy machine.
const BUDGET = { timeout: 120_000 };

describe('the application connects as a role that cannot switch off the audit trigger', () => {
  const suffix = randomBytes(5).toString('hex');
  const dbName = `ertad_roles_${suffix}`;
  const role = `ertad_app_${suffix}`;
  let owner: Database;
  let app: Database;
  const ownerUrl = new URL(serverUrl);
  ownerUrl.pathname = `/${dbName}`;
  const appUrl = new URL(ownerUrl);
  appUrl.username = role;
  appUrl.password = `app-role-password-${suffix}`;

  const asServerAdmin = (statement: string) => onServer(serverUrl, statement);
  const backupDir = mkdtempSync(join(tmpdir(), 'ertad-roles-backup-'));

  beforeAll(async () => {
    await asServerAdmin(`create database ${dbName}`);
    await asServerAdmin(`create role ${role} login password 'app-role-password-${suffix}'`);
    // DATABASE_URL: the application's own role.
    app = await openDatabase({ url: appUrl.toString(), dataDir: '' });
    // DATABASE_MIGRATION_URL: migrate as the owner and grant the application role its rights, as
    // the server's start and the command line do.
    await migrateAsOwner(app, ownerUrl.toString());
    owner = await openDatabase({ url: ownerUrl.toString(), dataDir: '' });
  });
  afterAll(async () => {
    await app?.close();
    await owner?.close();
    await asServerAdmin(`drop database if exists ${dbName} with (force)`);
    await asServerAdmin(`drop database if exists ${dbName}_empty with (force)`);
    await asServerAdmin(`drop role if exists ${role}`);
    rmSync(backupDir, { recursive: true, force: true });
  });

  it('the application role is neither superuser nor owner; the migration role is', async () => {
    expect(await auditTamperRisk(app.db)).toBeNull();
    expect(await auditTamperRisk(owner.db)).not.toBeNull();
  });

  it('it appends to the audit log but cannot change, empty or unguard it', async () => {
    await writeAudit(app.db, { action: 'login', entityType: 'user', entityId: null, actorEmail: 'someone@example.ge' });
    const refused = (statement: ReturnType<typeof sql>) => expect(app.db.execute(statement)).rejects.toThrow();
    await refused(sql`update audit_log set action = 'forged'`);
    await refused(sql`delete from audit_log`);
    await refused(sql`truncate audit_log`);
    await refused(sql`alter table audit_log disable trigger user`);
    await refused(sql`set session_replication_role = replica`);
    const result = await owner.db.execute(sql`select count(*)::int as n from audit_log where action = 'forged'`);
    const [row] = (result as unknown as { rows: { n: number }[] }).rows;
    expect(row?.n).toBe(0);
  });

  it('the whole application works over that role', async () => {
    await seedDemo(app.db, DEMO_PASSWORD);
    const server = await buildApp({ config: testConfig(), db: app.db, serveWeb: false });
    try {
      expect((await server.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
      const admin = await login(server, 'admin@demo.ertad.ge');
      const created = await admin.post('/api/v1/regions', { code: 'RL', nameKa: 'რეგიონი', nameEn: 'Region' });
      expect(created.statusCode).toBe(201);
      expect((await admin.get('/api/v1/audit?action=create')).json().total).toBeGreaterThan(0);
      // Background jobs: pg-boss's schema and queue were made by the owner; the role runs them.
      const asked = await admin.post('/api/v1/exports', { kind: 'responses', params: { format: 'csv' } });
      expect(asked.statusCode, asked.body).toBe(202);
      let status = 'queued';
      for (let tries = 0; tries < 300 && (status === 'queued' || status === 'running'); tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await admin.get('/api/v1/exports')).json().items[0].status;
      }
      expect(status).toBe('done');
    } finally {
      await server.close();
    }
  });

  it("the command line with the server's environment backs up as the owner; as the plain role alone it fails with PostgreSQL's reason", BUDGET, async () => {
    const file = join(backupDir, 'ertad.sql');
    const withOwner = await runCli(['backup', '--file', file], { DATABASE_URL: appUrl.toString(), DATABASE_MIGRATION_URL: ownerUrl.toString() }, '');
    expect(withOwner.code, withOwner.output).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('CREATE TABLE public.audit_log');

    // The plain role may not read the migration history's sequence, which pg_dump reads.
    const asApp = await runCli(['backup', '--file', join(backupDir, 'refused.sql')], { DATABASE_URL: appUrl.toString() }, '');
    expect(asApp.code).toBe(1);
    expect(asApp.output).toContain('permission denied');

    // Migrating an empty database the plain role may not create in: the statement and the reason.
    await asServerAdmin(`create database ${dbName}_empty`);
    const emptyUrl = new URL(appUrl);
    emptyUrl.pathname = `/${dbName}_empty`;
    const migrated = await runCli(['migrate'], { DATABASE_URL: emptyUrl.toString() }, '');
    expect(migrated.code).toBe(1);
    expect(migrated.output).toMatch(/Failed query: CREATE SCHEMA[\s\S]*permission denied for database/);
  });
});
