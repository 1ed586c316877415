import PgBoss from 'pg-boss';
import { and, isNotNull, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FastifyBaseLogger } from 'fastify';
import { Gateway } from '../access/gateway';
import type { OwnedTable } from '../access/registry';
import { actorOfUser } from '../auth/sessions';
import type { Db } from '../db/client';
import { bossDb, QUEUES, type QueueName } from './install';

export { QUEUES, SCHEDULES, type QueueName } from './install';

/*
 * Background jobs on pg-boss: a queue kept in PostgreSQL tables (schema `pgboss`), so every app
 * server on one database takes jobs from the same queue, and a job asked for on one server may
 * run on another. It works the same on the embedded PGlite: pg-boss speaks to it through the
 * app's own connection (the child process's wire protocol, or in-process PGlite in tests), and
 * needs nothing PGlite lacks (no LISTEN/NOTIFY: workers poll; plpgsql, partitioned tables,
 * advisory locks and SKIP LOCKED are all there).
 *
 * A job always acts for a user: its data carries the user's id, and the worker re-creates that
 * user's gateway when it runs, with the roles they hold then (none once deactivated), so a job
 * never reaches more than its requester may see at that moment.
 */

/** What every job carries: the user it acts for (and whatever its handler needs). */
export interface JobData {
  userId: string;
}

export interface JobQueue {
  /** Queues a job; any server's worker may run it. */
  send<D extends JobData>(queue: QueueName, data: D): Promise<string>;
  /**
   * Runs `handler` for each job of `queue` on this server, `concurrency` at a time (0: this
   * server only queues). The handler gets the gateway of the user the job acts for.
   */
  work<D extends JobData>(queue: QueueName, concurrency: number, handler: (gw: Gateway, data: D) => Promise<void>): Promise<void>;
  /** Takes this server's share of a periodic job (its schedule is in SCHEDULES): see `runPeriodic`. */
  periodic(job: PeriodicJob): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Upkeep on a schedule (pg-boss cron), for rows kept per user (`byUser` in the access registry):
 * when it fires, one server's worker runs `run` once for each user owning rows of `owned` that
 * match `due`, with that user's gateway, so the upkeep goes through the same scoped gateway as
 * the user's own requests.
 */
export interface PeriodicJob {
  queue: QueueName;
  owned: OwnedTable;
  due: () => SQL;
  run: (gw: Gateway) => Promise<void>;
}

/** One run of a periodic job (what its worker does when the schedule fires; tests call it directly). */
export async function runPeriodic(db: Db, job: PeriodicJob): Promise<void> {
  const byUser = job.owned.byUser as AnyPgColumn | undefined;
  if (!byUser) throw new Error(`${job.owned.entity}: a periodic job needs rows kept per user`);
  const owners = await db.selectDistinct({ userId: byUser }).from(job.owned.table).where(and(isNotNull(byUser), job.due()));
  for (const { userId } of owners) {
    const actor = await actorOfUser(db, String(userId));
    // A deactivated account keeps its id (and its rows, for upkeep); a deleted one took them along.
    if (actor) await job.run(new Gateway(db, actor, null));
  }
}

/**
 * `schedule`: this server also keeps the schedules (pg-boss's timekeeper; on the servers that run
 * workers: whichever of them looks first sends the occurrence's job).
 */
export async function startJobQueue(db: Db, log: FastifyBaseLogger, opts: { schedule: boolean }): Promise<JobQueue> {
  const boss = new PgBoss({ db: bossDb(db), migrate: false, schedule: opts.schedule, cronWorkerIntervalSeconds: 30, supervise: true });
  boss.on('error', (error) => log.warn({ err: error }, 'background jobs'));
  await boss.start();
  const workers = new Map<QueueName, string[]>();
  return {
    async send(queue, data) {
      const id = await boss.send(queue, data, QUEUES[queue]);
      if (!id) throw new Error(`job not queued on ${queue}`);
      // A worker of this server looks at once rather than at its next poll.
      for (const worker of workers.get(queue) ?? []) boss.notifyWorker(worker);
      return id;
    },
    async work<D extends JobData>(queue: QueueName, concurrency: number, handler: (gw: Gateway, data: D) => Promise<void>) {
      const ids: string[] = [];
      for (let i = 0; i < concurrency; i += 1) {
        ids.push(
          await boss.work<D>(queue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
            if (!job) return;
            const actor = await actorOfUser(db, job.data.userId);
            if (!actor) return; // the account is gone, and its exports with it
            await handler(new Gateway(db, actor, null), job.data);
          }),
        );
      }
      workers.set(queue, ids);
    },
    async periodic(job) {
      await boss.work(job.queue, { batchSize: 1, pollingIntervalSeconds: 5 }, () => runPeriodic(db, job));
    },
    async stop() {
      // Jobs in flight finish (up to the timeout); unfinished ones are taken again after expiry.
      await boss.stop({ graceful: true, close: false, wait: true, timeout: 30_000 });
    },
  };
}
