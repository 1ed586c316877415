import { createWriteStream } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { inArray, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Language } from '../../../common/roles';
import { backgroundExportParams, type ExportKind, type exportRequest } from '../../../common/schemas/exports';
import type { Gateway } from '../../access/gateway';
import type { Permission } from '../../access/policy';
import { OWNED } from '../../access/registry';
import type { ExportFile } from '../../http/export';
import { HttpProblem } from '../../http/problem';
import type { JobQueue, PeriodicJob } from '../../jobs';
import { discard, newKey, type Storage } from '../../storage';
import { answersExportFile, responsesExportFile } from '../responses';
import { EXPORT_READS, present } from './queries';

interface Kind<P> {
  /** What the foreground export route requires. */
  permission: Permission;
  params: z.ZodType<P>;
  file(gw: Gateway, params: P, ctx: { lang: Language; origin: string }): Promise<ExportFile>;
}

/** The exports that may run in the background: each is its foreground route's file, written to storage. */
const KINDS: { [K in ExportKind]: Kind<z.output<(typeof backgroundExportParams)[K]>> } = {
  responses: { permission: 'responses.read', params: backgroundExportParams.responses, file: (gw, params, { lang }) => responsesExportFile(gw, params, lang) },
  answers: { permission: 'responses.read', params: backgroundExportParams.answers, file: (gw, params, ctx) => answersExportFile(gw, params, ctx) },
};

export const EXPORT_QUEUE = 'export';
export const EXPORT_CLEANUP_QUEUE = 'export-cleanup';

/**
 * Finished exports are kept this long, then removed (file and record): by the hourly cleanup job
 * (`exportCleanup`), and by the requester's next export.
 */
export const EXPORT_KEEP_DAYS = 7;

export interface ExportJobData {
  userId: string;
  exportId: string;
}

/**
 * Records the request and queues it; any server's worker writes the file. The request is checked
 * as the foreground route would (its permission); the scope is applied when the job runs.
 */
export async function requestExport(gw: Gateway, jobs: JobQueue, input: z.output<typeof exportRequest>, ctx: { lang: Language; origin: string }) {
  gw.require(KINDS[input.kind].permission);
  const row = await gw.insert(OWNED.exportJobs, {
    userId: gw.actor.userId,
    organisationId: gw.actor.organisationId,
    kind: input.kind,
    format: input.params.format,
    params: input.params as Record<string, unknown>,
    language: ctx.lang,
    origin: ctx.origin,
  });
  try {
    await jobs.send(EXPORT_QUEUE, { userId: gw.actor.userId, exportId: row.id } satisfies ExportJobData);
  } catch (error) {
    await finish(gw, row.id, { status: 'failed', error: 'exports.background.errors.failed' });
    throw error;
  }
  // Just queued: nothing written yet, so nothing outdated.
  return present(row, false);
}

function finish(gw: Gateway, id: string, set: Partial<typeof OWNED.exportJobs.table.$inferInsert>) {
  return gw.update(OWNED.exportJobs, id, { set: { ...set, finishedAt: new Date() } });
}

/** Why an export failed, as a catalogue key the list shows. */
function failureKey(error: unknown): string {
  if (error instanceof HttpProblem) {
    if (error.detailKey) return error.detailKey;
    if (error.kind === 'forbidden') return 'exports.background.errors.forbidden';
    if (error.kind === 'notFound') return 'exports.background.errors.notFound';
  }
  return 'exports.background.errors.failed';
}

/**
 * Runs one background export with the requester's gateway as it is now: their roles and reach
 * today (a deactivated account has none, so the job fails as forbidden), the same audit entry
 * as a download. The file goes to the storage module, shared by every app server, with the digest
 * of the access it was written with (`exportedFile` compares it at each download).
 */
export async function runExport(gw: Gateway, storage: Storage, exportId: string): Promise<void> {
  const job = await gw.find(OWNED.exportJobs, exportId);
  if (job.status === 'done') return;
  await gw.update(OWNED.exportJobs, exportId, { set: { status: 'running', startedAt: new Date(), error: null } });
  const tmp = join(storage.tmpDir, randomUUID());
  try {
    const kind = KINDS[job.kind] as Kind<unknown>;
    gw.require(kind.permission);
    // The access the file is written with, digested before the file is read: the gateway keeps
    // this reach and these grants for all its reads, so a change committed while the job runs
    // makes the file outdated. The row rule's other inputs are read again by the file's query: a
    // change to them in the moment between the two statements also makes the file outdated,
    // unless it is undone before the download is asked for.
    const accessDigest = await gw.accessDigest(EXPORT_READS[job.kind]);
    const file = await kind.file(gw, kind.params.parse(job.params), { lang: job.language as Language, origin: job.origin });
    await mkdir(storage.tmpDir, { recursive: true });
    await pipeline(file.stream, createWriteStream(tmp));
    const { size } = await stat(tmp);
    const storageKey = newKey('exports');
    await storage.putFile(storageKey, tmp, size, file.contentType);
    await finish(gw, exportId, { status: 'done', filename: file.filename, contentType: file.contentType, storageKey, size, accessDigest });
    await removeOld(gw, storage);
  } catch (error) {
    await discard(tmp);
    await finish(gw, exportId, { status: 'failed', error: failureKey(error) });
    // An unexpected failure is retried by the queue (once); a refusal is final.
    if (!(error instanceof HttpProblem)) throw error;
  }
}

const exportJobs = OWNED.exportJobs.table;
const REMOVE_BATCH = 100;

/** Exports past their keeping time (by then every one has finished: a job expires after hours). */
const expired = () => lt(exportJobs.createdAt, sql`now() - make_interval(days => ${EXPORT_KEEP_DAYS})`);

/** Up to a batch of the requester's exports older than EXPORT_KEEP_DAYS: their files leave the storage, then their records. */
async function removeOld(gw: Gateway, storage: Storage): Promise<number> {
  const old = await gw.select(OWNED.exportJobs, { id: exportJobs.id, storageKey: exportJobs.storageKey }, { where: expired(), limit: REMOVE_BATCH, purpose: 'check' });
  if (!old.length) return 0;
  for (const { storageKey } of old) if (storageKey) await storage.remove(storageKey);
  return gw.delete(OWNED.exportJobs, inArray(exportJobs.id, old.map((row) => row.id)));
}

/**
 * The hourly cleanup (pg-boss schedule, run by a server with export workers): every user's
 * expired exports go, file and record, through that user's gateway, whether or not they export again.
 */
export function exportCleanup(storage: Storage): PeriodicJob {
  return {
    queue: EXPORT_CLEANUP_QUEUE,
    owned: OWNED.exportJobs,
    due: expired,
    run: async (gw) => {
      while ((await removeOld(gw, storage)) === REMOVE_BATCH);
    },
  };
}
