import { finished, type Readable } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';

// PostgreSQL's COPY writes a query's rows as CSV itself, far faster than reading the rows and
// formatting them here (no round trip per batch, no row objects). It holds one connection for the
// whole file, so it is used only where the pool has others for the rest of the app (not on the
// embedded database, which has one), and only for files written to storage at disk speed
// (background exports), never for a download that a slow client could hold open.

/** Whether holding one of `pool`'s connections for a whole export leaves others for the app. */
export function canCopy(client: unknown): client is pg.Pool {
  return client instanceof pg.Pool && (client.options.max ?? 10) > 1;
}

/** `select`'s rows as CSV (every value quoted, NULL as nothing, rows ended by LF), streamed. */
export async function copyCsv(pool: pg.Pool, select: string): Promise<Readable> {
  const client = await pool.connect();
  const stream = client.query(copyTo(`copy (${select}) to stdout with (format csv, force_quote *)`));
  // A connection left mid-COPY (the reader stopped early, an error) cannot be reused: destroyed.
  finished(stream, (error) => client.release(error ?? undefined));
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
