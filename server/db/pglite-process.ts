import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

// Runs in a child process forked by `openDatabase` (server/db/client.ts): PGlite executes every
// query synchronously inside WebAssembly, so on the server's own thread one long query would freeze
// every request. Here it serves the PostgreSQL wire protocol on a Unix socket, and the app talks to
// it with `pg`, the same driver as for a PostgreSQL server.
//   argv: <dataDir> <socketPath>. Messages to the parent: {ready:true} | {error:string}.

async function main() {
  const [dataDir, socketPath] = process.argv.slice(2);
  if (!dataDir || !socketPath) throw new Error('usage: pglite-process <dataDir> <socketPath>');

  const opened = (async () => {
    if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
    // pg_trgm: similarity search on people's folded names (the migration creates the extension).
    const db = await PGlite.create(dataDir, { extensions: { pg_trgm } });
    // Several connections are accepted (the app's pool, a reconnect after an error); the server
    // queues their queries onto PGlite's single backend.
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 8 });
    await server.start();
    return { db, server };
  })();

  // The parent may stop at any time, even while the data directory is being created (the server
  // starts this process before it has read its configuration): then close once it is open, so the
  // data directory is never left half-written, and do not linger.
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    const open = await opened.catch(() => undefined);
    if (open) {
      await open.server.stop();
      await open.db.close(); // flushes the data directory, so it is never left mid-write
    }
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'close') void close();
  });
  process.on('disconnect', () => void close());
  // A parent that exits while this process is still loading (a bad setting stops the server in
  // milliseconds; loading PGlite takes seconds) can leave no 'disconnect' to hear: an orphan that
  // held its memory and data directory for good. So check the channel now, and now and then.
  if (!process.connected) void close();
  setInterval(() => {
    if (!process.connected) void close();
  }, 2000).unref();
  process.on('SIGTERM', () => void close());
  process.on('SIGINT', () => {
    // The terminal's Ctrl-C reaches the whole process group; the parent closes us in order.
  });

  await opened;
  if (process.connected) process.send?.({ ready: true });
}

main().catch((error: unknown) => {
  if (process.connected) process.send?.({ error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
