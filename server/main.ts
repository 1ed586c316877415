import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase } from './db/client';
import { keyRingFor } from './crypto/sealed';
import { seedDemo } from './db/seed/demo';
import { seedDemoPeople } from './db/seed/people';
import { seedBuiltInInstruments } from './features/instruments/seed';

// config → database → migrate → (demo seed) → listen, and a clean stop on SIGTERM/SIGINT.

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function main() {
  const config = readConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  await database.migrate();
  await seedBuiltInInstruments(database.db);
  if (config.demo) {
    const seeded = await seedDemo(database.db, config.demoPassword);
    if (seeded) {
      await seedDemoPeople(database.db, await keyRingFor(database.db, config));
      const shown = config.demoPassword ? '(from ERTAD_DEMO_PASSWORD)' : seeded.password;
      console.log(`\nErtad demo programme seeded. Sign in as admin@demo.ertad.ge, programme@, mentor@, cso.manager@,\ncaseworker@, monitor@ or donor@demo.ertad.ge with the password: ${shown}\n(This password is shown only once.)\n`);
    }
  }
  const app = await buildApp({ config, db: database.db });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    // Fastify stops accepting, waits for in-flight requests, then the database closes cleanly,
    // so PGlite's data directory is never left mid-write.
    const timer = setTimeout(() => {
      console.error('shutdown took too long; exiting');
      process.exit(1);
    }, 15_000);
    try {
      await app.close();
      await database.close();
      clearTimeout(timer);
      process.exit(0);
    } catch (error) {
      console.error('error during shutdown', error);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  console.log(`Ertad is serving at http://localhost:${config.port} (database: ${database.kind})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
