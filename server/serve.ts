import { buildApp } from './app';
import type { Config } from './config';
import { openDatabase } from './db/client';
import type { EmbeddedServer } from './db/embedded';
import { auditTamperRisk, migrateAsOwner } from './db/roles';
import { hasDemoAccounts, listenHost, seedDemo } from './db/seed/demo';
import { seedDemoLearning } from './db/seed/learning';
import { seedDemoCapacity } from './db/seed/capacity';
import { keyRingFor } from './crypto/sealed';
import { seedDemoPeople } from './db/seed/people';
import { seedBuiltInInstruments } from './features/instruments/seed';
import { createLogger } from './logging';

// database → migrate → (demo seed) → listen, and a clean stop on SIGTERM/SIGINT. Loaded by
// `main.ts` once the embedded database (when there is one) is already starting.

export async function serve(config: Config, embedded?: Promise<EmbeddedServer>) {
  const log = createLogger(config);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, embedded });
  await migrateAsOwner(database, config.databaseMigrationUrl);
  if (database.kind === 'postgres') {
    const risk = await auditTamperRisk(database.db);
    if (risk) {
      const message = `DATABASE_URL connects as a ${risk === 'superuser' ? 'superuser' : 'table owner'}, which could switch off the audit log's append-only trigger. Connect as a plain role and migrate with DATABASE_MIGRATION_URL (see README, Security).`;
      if (config.env === 'production') throw new Error(message);
      log.warn(`Warning: ${message}`);
    }
  }
  await seedBuiltInInstruments(database.db);

  if (config.demo) {
    const seeded = await seedDemo(database.db, config.demoPassword);
    if (seeded) {
      await seedDemoCapacity(database.db);
      await seedDemoPeople(database.db, await keyRingFor(database.db, config));
      log.info(demoMessage(config.demoPassword ? undefined : seeded.password));
    }
    // Learning arrived after the first demo databases: added to any demo programme that has none.
    if (await hasDemoAccounts(database.db)) await seedDemoLearning(database.db);
  }
  // An optional read replica for read-heavy reports: its own pool, never migrated nor written.
  const replica = config.databaseReadUrl ? await openDatabase({ url: config.databaseReadUrl, dataDir: '' }) : undefined;
  const app = await buildApp({ config, db: database.db, readDb: replica?.db, logger: log });

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
    // A keep-alive connection whose request was in flight at the signal would hold the close
    // open until its idle timeout; close each one as soon as its last response is out.
    const idle = setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await app.close();
      clearInterval(idle);
      await replica?.close();
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

  const listen = await listenHost(database.db, config.host);
  await app.listen({ port: config.port, host: listen.host });
  const where = {
    demo: `listening on ${listen.host} only, because the demo accounts exist; HOST=0.0.0.0 opens it to the network`,
    configured: `listening on ${listen.host} (HOST)`,
    default: `listening on ${listen.host}, every interface`,
  }[listen.reason];
  log.info(`Ertad is serving at http://localhost:${config.port} (database: ${database.kind}; ${where})`);
}

/** Says where the demo users' password comes from: the environment, or generated (shown here only). */
function demoMessage(generatedPassword: string | undefined): string {
  const users = 'admin@demo.ertad.ge (or programme@, mentor@, cso.manager@, caseworker@, monitor@, donor@demo.ertad.ge)';
  return generatedPassword
    ? `Demo programme seeded. Sign in as ${users} with the generated password ${generatedPassword} (shown only this once; set ERTAD_DEMO_PASSWORD to choose it).`
    : `Demo programme seeded. Sign in as ${users} with the password set in ERTAD_DEMO_PASSWORD.`;
}
