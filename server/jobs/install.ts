import { PGlite } from '@electric-sql/pglite';
import PgBoss from 'pg-boss';
import pg from 'pg';
import type { Db } from '../db/client';

// pg-boss's schema and the app's queues (run while migrating), and pg-boss's way to the database.
// Kept apart from index.ts so that the database client can install them without the gateway.

export const QUEUES = {
  export: { expireInHours: 6, retryLimit: 1, retryDelay: 30 },
  /** Removes finished exports past their keeping time (SCHEDULES). */
  'export-cleanup': { expireInHours: 1, retryLimit: 0, retryDelay: 0 },
} as const;
export type QueueName = keyof typeof QUEUES;

/**
 * Periodic queues and their cron schedules (UTC): pg-boss's timekeeper, on the servers that run
 * workers, sends one job per occurrence (one server sends it, one worker takes it).
 */
export const SCHEDULES: Partial<Record<QueueName, string>> = { 'export-cleanup': '23 * * * *' };

/** The timekeeper's own queue (pg-boss creates it at start, which the application role may not). */
const TIMEKEEPER_QUEUE = '__pgboss__send-it';

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
    if (!(await boss.getQueue(TIMEKEEPER_QUEUE))) await boss.createQueue(TIMEKEEPER_QUEUE);
    for (const [name, cron] of Object.entries(SCHEDULES)) await boss.schedule(name, cron, {}, { tz: 'UTC' });
  } finally {
    await boss.stop({ graceful: false, close: false, wait: true });
  }
}
