import { sql } from 'drizzle-orm';
import type { AuditEntity } from '../../server/audit/catalogue';
import type { Database } from '../../server/db/client';

/**
 * Runs `work` while the audit log refuses every read entry about `entityType` (a trigger that
 * raises), as when the log's storage fails: what the app answers then. The trigger is gone after.
 * (A function body takes no parameters; the entity type is one of the catalogue's names.)
 */
export async function whileAuditRefusesReadsOf<T>(database: Database, entityType: AuditEntity, work: () => Promise<T>): Promise<T> {
  await database.db.execute(sql`create function refuse_reads() returns trigger language plpgsql as $$
    begin
      if new.action = 'read' and new.entity_type = ${sql.raw(`'${entityType}'`)} then raise exception 'audit log unavailable'; end if;
      return new;
    end $$`);
  await database.db.execute(sql`create trigger refuse_reads before insert on audit_log for each row execute function refuse_reads()`);
  try {
    return await work();
  } finally {
    await database.db.execute(sql`drop trigger refuse_reads on audit_log`);
    await database.db.execute(sql`drop function refuse_reads()`);
  }
}
