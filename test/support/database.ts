import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client';
import { onServer } from './database-template';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a throwaway
 * database on the PostgreSQL server named by TEST_DATABASE_URL (dropped again by `close`). Both
 * start as a copy of the run's migrated template (`database-template.ts`); `migrate` then finds
 * nothing to do, and would catch up a template older than the migrations.
 */
export async function freshDatabase(): Promise<Database & { url?: string }> {
  // The global setup picked the template's kind from TEST_DATABASE_URL: it says which database to open.
  const template = inject('databaseTemplate');
  if (template.kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(template.path)]) });
    await database.migrate();
    return database;
  }
  const { serverUrl } = template;
  const name = `ertad_t_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name} template ${template.name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), dataDir: '' });
  await database.migrate();
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
