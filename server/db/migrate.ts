import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsFolder, type Db } from './client';

interface Journal {
  entries: { tag: string }[];
}

export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal;
  return journal.entries.length;
}

/** Number of migrations in the repository that the database has not applied yet. */
export async function pendingMigrations(db: Db): Promise<number> {
  try {
    const result = await db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const applied = Number((result as unknown as { rows: { n: number }[] }).rows?.[0]?.n ?? 0);
    return expectedMigrationCount() - applied;
  } catch {
    return expectedMigrationCount();
  }
}
