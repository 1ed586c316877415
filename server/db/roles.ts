import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type Db } from './client';

/**
 * PostgreSQL roles. The application connects (DATABASE_URL) as a role that is neither superuser
 * nor owner of the tables; migrations run as the owner (DATABASE_MIGRATION_URL). Only an owner or
 * a superuser can disable a trigger (ALTER TABLE … DISABLE TRIGGER, session_replication_role), so
 * the audit log's append-only trigger holds even against the application's own connection.
 */

/** Run over the migration (owner) connection after migrating: what the application role may do. */
export async function grantApplicationRole(db: Db, role: string): Promise<void> {
  const r = sql.identifier(role);
  await db.execute(sql`grant usage on schema public to ${r}`);
  await db.execute(sql`grant select, insert, update, delete on all tables in schema public to ${r}`);
  await db.execute(sql`grant usage, select on all sequences in schema public to ${r}`);
  // The audit log is append-only for the application, by privilege as well as by trigger.
  await db.execute(sql`revoke update, delete, truncate on audit_log from ${r}`);
  // /ready compares the applied migrations with the repository's.
  await db.execute(sql`grant usage on schema drizzle to ${r}`);
  await db.execute(sql`grant select on all tables in schema drizzle to ${r}`);
  // Background jobs (pg-boss): the owner created its schema and queues while migrating; the
  // application sends, takes and completes jobs, and pg-boss's upkeep archives and deletes them.
  await db.execute(sql`grant usage on schema pgboss to ${r}`);
  await db.execute(sql`grant select, insert, update, delete on all tables in schema pgboss to ${r}`);
  await db.execute(sql`grant execute on all functions in schema pgboss to ${r}`);
}

/**
 * Brings the schema up to date the same way for the server's start and for the command line:
 * with a migration URL (the owner, DATABASE_MIGRATION_URL), migrate over it and grant the
 * application's role (the one `database` connects as) its rights; without one, migrate over the
 * application's own connection.
 */
export async function migrateAsOwner(database: Database, migrationUrl: string | undefined): Promise<void> {
  if (!migrationUrl || database.kind !== 'postgres') {
    await database.migrate();
    return;
  }
  const owner = await openDatabase({ url: migrationUrl, dataDir: '' });
  try {
    await owner.migrate();
    await grantApplicationRole(owner.db, await currentRole(database.db));
  } finally {
    await owner.close();
  }
}

function rows<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export async function currentRole(db: Db): Promise<string> {
  return rows<{ role: string }>(await db.execute(sql`select current_user as role`))[0]!.role;
}

/** Why the connection's role could switch off the audit trigger (superuser, or owner of audit_log); null when it cannot. */
export async function auditTamperRisk(db: Db): Promise<'superuser' | 'owner' | null> {
  const [row] = rows<{ superuser: boolean; owner: boolean }>(
    await db.execute(sql`
      select r.rolsuper as superuser, pg_has_role(current_user, c.relowner, 'USAGE') as owner
      from pg_roles r, pg_class c
      where r.rolname = current_user and c.oid = 'public.audit_log'::regclass`),
  );
  if (row?.superuser) return 'superuser';
  if (row?.owner) return 'owner';
  return null;
}
