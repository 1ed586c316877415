import { sql } from 'drizzle-orm';
import type { Db } from './client';

// PGlite has no autovacuum daemon: without this, the embedded database's statistics would stay as
// they were when it was created, and the planner would pick its plans for a nearly empty
// database. The time of the last run is kept in the database, so a server that is stopped every
// evening (a laptop) still gets its maintenance, and a start never waits for it.

/** How often the embedded database is vacuumed and analysed. */
export const PGLITE_MAINTENANCE_MS = 6 * 60 * 60 * 1000;
/** The first run after a start waits at least this long, so it never delays the start itself. */
export const MAINTENANCE_AFTER_START_MS = 60 * 1000;

const MAINTAINED_AT = 'embedded_maintained_at';

/** Milliseconds from `now` until the next run is due, given when the last one ran (if ever). */
export function untilNextMaintenance(lastRun: Date | undefined, now: Date): number {
  if (!lastRun) return MAINTENANCE_AFTER_START_MS;
  return Math.max(MAINTENANCE_AFTER_START_MS, lastRun.getTime() + PGLITE_MAINTENANCE_MS - now.getTime());
}

/** When maintenance last ran on this database, if it ever did. */
export async function lastMaintenance(db: Db): Promise<Date | undefined> {
  const result = (await db.execute(sql`select value from app_settings where key = ${MAINTAINED_AT}`)) as unknown as { rows: { value: string }[] };
  const value = result.rows[0]?.value;
  return value ? new Date(value) : undefined;
}

/** Vacuums and analyses the whole database, and records when. */
export async function maintain(db: Db): Promise<void> {
  await db.execute(sql`vacuum analyze`);
  await db.execute(
    sql`insert into app_settings (key, value) values (${MAINTAINED_AT}, ${new Date().toISOString()}) on conflict (key) do update set value = excluded.value`,
  );
}

/** Runs `maintain` whenever it falls due, from now on; the returned function stops it. */
export function scheduleMaintenance(db: Db): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runAfter = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      maintain(db)
        .catch((error: Error) => console.warn(`vacuum analyze failed: ${error.message}`))
        .finally(() => runAfter(PGLITE_MAINTENANCE_MS));
    }, ms);
    timer.unref();
  };
  lastMaintenance(db)
    .then((last) => runAfter(untilNextMaintenance(last, new Date())))
    .catch(() => runAfter(MAINTENANCE_AFTER_START_MS));
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
