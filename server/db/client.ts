import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql, type Logger, type SQL } from 'drizzle-orm';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { installJobQueues } from '../jobs/install';
import { startEmbeddedServer, type EmbeddedServer } from './embedded';
import { scheduleMaintenance } from './maintenance';
import { migratePostgresOnce, migrationsFolder, pendingMigrations } from './migrate';
import * as schema from './schema';

export type Schema = typeof schema;
/** The one database type the app codes against; PGlite and node-postgres both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  /**
   * `pglite` is the embedded database in a child process (spoken to over the wire protocol with
   * `pg`, like PostgreSQL); `pglite-inline` is in-process PGlite, used for `memory://` test databases.
   */
  kind: 'pglite' | 'pglite-inline' | 'postgres';
  migrate(): Promise<void>;
  /** Calls `listener` with every query the app sends (tests count them per request); returns the unsubscribe. */
  onQuery(listener: QueryListener): () => void;
  close(): Promise<void>;
}

export { migrationsFolder };

/** Rows of a raw SQL query; both drivers answer `{ rows }`, which the shared `Db` type leaves unknown. */
export async function queryRows<Row>(db: Db, query: SQL): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

export type QueryListener = (sql: string, params: unknown[]) => void;

class QueryListeners implements Logger {
  private readonly listeners = new Set<QueryListener>();
  logQuery(query: string, params: unknown[]) {
    for (const listener of this.listeners) listener(query, params);
  }
  add(listener: QueryListener) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}

function openPool(config: pg.PoolConfig, kind: 'pglite' | 'postgres', stop?: () => Promise<void>): Database {
  const pool = new pg.Pool(config);
  // An idle connection dropped by the server (restart, failover, admin) must not crash the
  // process; the pool replaces it, and the next query reports any real outage.
  pool.on('error', (error) => console.warn(`database connection lost: ${error.message}`));
  const listeners = new QueryListeners();
  const db = drizzlePg(pool, { schema, logger: listeners }) as unknown as Db;
  let stopMaintenance: (() => void) | undefined;
  return {
    db,
    kind,
    migrate: async () => {
      // On a server, instances starting together take an advisory lock and migrate once; the
      // embedded database has this one process as its only client.
      if (kind === 'postgres') {
        await migratePostgresOnce(pool, () => installJobQueues(db));
        return;
      }
      const pending = await pendingMigrations(db);
      if (pending > 0) await migratePg(drizzlePg(pool), { migrationsFolder });
      await installJobQueues(db);
      // New tables or indexes get their statistics at once, so the planner uses them from the
      // first request; otherwise statistics are kept fresh on a schedule, never during a start
      // (analysing a database of some size takes seconds).
      if (pending > 0) await db.execute(sql`analyze`);
      stopMaintenance ??= scheduleMaintenance(db);
    },
    onQuery: (listener) => listeners.add(listener),
    close: async () => {
      stopMaintenance?.();
      await pool.end();
      await stop?.();
    },
  };
}

/**
 * Opens PostgreSQL at `url` when given, otherwise the embedded PGlite in `dataDir`, served from a
 * child process so that no query runs on the request thread. `memory://` (tests) and `inProcess`
 * (command-line tools, which serve no requests) keep PGlite in process: no second process to start.
 */
export async function openDatabase(opts: {
  url?: string;
  dataDir: string;
  inProcess?: boolean;
  /** The embedded database's process, when the caller has already started it on `dataDir`. */
  embedded?: Promise<EmbeddedServer>;
  /**
   * In process only: start from this copy of a data directory (PGlite's `dumpDataDir`) instead of
   * creating an empty cluster. The tests' migrated template: loading it takes a quarter of the
   * time of `initdb` and the migrations.
   */
  loadDataDir?: Blob;
}): Promise<Database> {
  if (opts.url) {
    const database = openPool({ connectionString: opts.url, max: 10 }, 'postgres');
    await database.db.execute('select 1');
    return database;
  }
  if (opts.dataDir.startsWith('memory://') || opts.inProcess) return openInline(opts.dataDir, opts.loadDataDir);

  const embedded = await (opts.embedded ?? startEmbeddedServer(opts.dataDir));
  // PGlite has one backend: one connection keeps a transaction's statements together (the socket
  // server would otherwise interleave two clients' extended-protocol messages).
  const database = openPool({ host: embedded.socketDir, port: 5432, user: 'postgres', database: 'postgres', max: 1 }, 'pglite', embedded.stop);
  try {
    await database.db.execute('select 1');
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

async function openInline(dataDir: string, loadDataDir?: Blob): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  // pg_trgm: similarity search on people's folded names (the migration creates the extension).
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm }, ...(loadDataDir && { loadDataDir }) });
  const listeners = new QueryListeners();
  const db = drizzlePglite(client, { schema, logger: listeners }) as unknown as Db;
  let migrating: Promise<void> = Promise.resolve();
  return {
    db,
    kind: 'pglite-inline',
    // PGlite belongs to this one process; migrations asked for at once run one after the other.
    migrate: () =>
      (migrating = migrating
        .catch(() => undefined)
        .then(() => migratePglite(drizzlePglite(client), { migrationsFolder }))
        .then(() => installJobQueues(db))),
    onQuery: (listener) => listeners.add(listener),
    close: () => client.close(),
  };
}
