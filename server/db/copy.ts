import { finished, type Readable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

// PostgreSQL's COPY writes a query's rows as CSV itself, far faster than reading the rows and
// formatting them here (no round trip per batch, no row objects). It holds one connection for the
// whole file, for as long as the reader takes (a slow download too), so it is used only where the
// pool has others for the rest of the app (not on the embedded database, which has one), and by
// at most a quarter of the pool's connections at once: an export that finds them all taken reads
// its rows in batches instead, which give the connection back between batches.

/** Whether holding one of `pool`'s connections for a whole export leaves others for the app. */
export function canCopy(client: unknown): client is pg.Pool {
  return client instanceof pg.Pool && (client.options.max ?? 10) > 1;
}

/** COPYs running per pool. */
const running = new WeakMap<pg.Pool, number>();

/** How many exports may hold one of `pool`'s connections at once. */
export function copySlots(pool: pg.Pool): number {
  return Math.max(1, Math.floor((pool.options.max ?? 10) / 4));
}

/**
 * `select`'s rows as CSV (every value quoted, NULL as nothing, rows ended by LF), streamed; or
 * `undefined` when `copySlots` exports already hold a connection each.
 */
export async function copyCsv(pool: pg.Pool, select: string): Promise<Readable | undefined> {
  const busy = running.get(pool) ?? 0;
  if (busy >= copySlots(pool)) return undefined;
  running.set(pool, busy + 1);
  const free = () => running.set(pool, (running.get(pool) ?? 1) - 1);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    free();
    throw error;
  }
  const stream = client.query(copyTo(`copy (${select}) to stdout with (format csv, force_quote *)`));
  // A connection left mid-COPY (the reader stopped early, an error) cannot be reused: destroyed.
  finished(stream, (error) => {
    free();
    client.release(error ?? undefined);
  });
  return stream;
}

/**
 * A statement with its parameters written in as literals (COPY takes no parameters), or
 * `undefined` when a parameter is not a plain value (a list, an object): never guessed at; the
 * caller reads the rows the usual way instead.
 */
export function inlineParams(text: string, params: unknown[]): string | undefined {
  const literals = params.map(literal);
  if (literals.some((value) => value === undefined)) return undefined;
  return text.replace(/\$(\d+)/g, (_, n: string) => literals[Number(n) - 1]!);
}

function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  return undefined;
}
