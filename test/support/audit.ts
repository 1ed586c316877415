import { sql } from 'drizzle-orm';
import type { AuditEntity } from '../../server/audit/catalogue';
import type { Database } from '../../server/db/client';

/**
 * Runs `work` while the audit log refuses every `action` entry (a read, or a list) about
 * `entityType` (a trigger that raises), as when the log's storage fails: what the app answers
 * then. The trigger is gone after. (A function body takes no parameters; both are the catalogue's
 * names.)
 */
export async function whileAuditRefuses<T>(database: Database, refused: { action: 'read' | 'list'; entityType: AuditEntity }, work: () => Promise<T>): Promise<T> {
  await database.db.execute(sql`create function refuse_reads() returns trigger language plpgsql as $$
    begin
      if new.action = ${sql.raw(`'${refused.action}'`)} and new.entity_type = ${sql.raw(`'${refused.entityType}'`)} then raise exception 'audit log unavailable'; end if;
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
