import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/db/client';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * A migrated database that each test file's fresh database starts as a copy of
     * (`freshDatabase`): a PGlite data directory dumped to a file, or a template database on
     * TEST_DATABASE_URL's server. An empty PGlite cluster costs seconds of `initdb` each time.
     */
    databaseTemplate: { kind: 'pglite'; path: string } | { kind: 'postgres'; serverUrl: string; name: string };
  }
}

/** Vitest global setup: migrates the template once per run; the returned teardown removes it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await database.migrate();
    // drizzle's PGlite database exposes its client as `$client`; the shared `Db` type does not name it.
    const dump = await (database.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
    await database.close();
    const dir = mkdtempSync(join(tmpdir(), 'ertad-test-template-'));
    const path = join(dir, 'pgdata.tar');
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
    project.provide('databaseTemplate', { kind: 'pglite', path });
    return async () => rmSync(dir, { recursive: true, force: true });
  }

  const name = `ertad_template_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), dataDir: '' });
  await database.migrate();
  // A database is copied only while nobody is connected to it.
  await database.close();
  project.provide('databaseTemplate', { kind: 'postgres', serverUrl, name });
  return () => onServer(serverUrl, `drop database if exists ${name} with (force)`);
}

/** One statement on a PostgreSQL server, on a connection of its own (creating and dropping databases). */
export async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
