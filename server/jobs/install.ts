import { PGlite } from '@electric-sql/pglite';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { Db } from '../db/client';

// pg-boss's schema and the app's queues (run while migrating), and pg-boss's way to the database.
// Kept apart from index.ts so that the database client can install them without the gateway.

export const QUEUES = { export: { expireInHours: 6, retryLimit: 1, retryDelay: 30 } } as const;
export type QueueName = keyof typeof QUEUES;

type Executor = PgBoss.Db['executeSql'];

/** pg-boss's door to the database: the app's own pool (or in-process PGlite), no second pool. */
export function bossDb(db: Db): PgBoss.Db {
  const client = (db as unknown as { $client: unknown }).$client;
  let executeSql: Executor;
  if (client instanceof pg.Pool) {
    executeSql = (text, values) => client.query(text, values) as Promise<{ rows: unknown[] }>;
  } else if (client instanceof PGlite) {
    // pg-boss sends its migrations and locks as several statements in one text without
    // parameters: those go through `exec` (the simple protocol), the rest through `query`.
    executeSql = async (text, values) => (values?.length ? client.query(text, values) : { rows: (await client.exec(text)).at(-1)?.rows ?? [] });
  } else {
    throw new Error('background jobs: unknown database client');
  }
  return { executeSql };
}

/**
 * Creates (or upgrades) pg-boss's schema and the app's queues; part of migrating, so it runs as
 * the tables' owner and the application role only gets rights on what exists (server/db/roles.ts).
 */
export async function installJobQueues(db: Db): Promise<void> {
  const boss = new PgBoss({ db: bossDb(db), supervise: false, schedule: false, migrate: true });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    for (const [name, options] of Object.entries(QUEUES)) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name, { name, ...options });
    }
  } finally {
    await boss.stop({ graceful: false, close: false, wait: true });
  }
}
