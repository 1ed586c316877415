import { DEFAULT_DATA_DIR, startEmbeddedServer } from './db/embedded';
import { failureMessage } from './failure';

// The server's entry, kept light on purpose: the embedded database's process is started first, so
// that it compiles PGlite and opens the data directory while the rest of the server's code loads
// (each takes a second or more; on two cores they run side by side). `serve.ts` does the rest.

function fail(error: unknown): never {
  console.error(failureMessage(error));
  process.exit(1);
}

// Where the embedded database is, read before the configuration is validated (that needs code
// still to load); the guess is used only when the validated configuration agrees with it. On a
// configuration error the process exits, and the database's process closes when it sees that.
const dataDir = process.env.ERTAD_DATA_DIR ?? DEFAULT_DATA_DIR;
const guessedDataDir = process.env.DATABASE_URL || !dataDir ? undefined : dataDir;
const early = guessedDataDir === undefined ? undefined : startEmbeddedServer(guessedDataDir);
// Awaited by `serve`; a start that fails before then must not surface as an unhandled rejection.
early?.catch(() => undefined);

const { ConfigError, loadConfig } = await import('./config');
let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error);
  throw error;
}
const embedded = !config.databaseUrl && config.dataDir === guessedDataDir ? early : undefined;
if (early && !embedded) void early.then((server) => server.stop(), () => undefined);

const { serve } = await import('./serve');
await serve(config, embedded).catch(fail);
