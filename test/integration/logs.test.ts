import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { loggerOptions } from '../../server/logging';
import { buildApp } from '../../server/app';
import type { Database } from '../../server/db/client';
import { seedDemo } from '../../server/db/seed/demo';
import { freshDatabase } from '../support/database';
import { DEMO_PASSWORD, login, testConfig } from '../support/app';

const PERSON = 'Nino Beridze';
let database: Database;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  database = await freshDatabase();
  await seedDemo(database.db, DEMO_PASSWORD);
  const config = testConfig({ logLevel: 'info' });
  const logger = pino(loggerOptions(config), { write: (line: string) => void lines.push(line) }) as FastifyBaseLogger;
  app = await buildApp({ config, db: database.db, serveWeb: false, logger });
  // A query that fails with a personal name among its parameters, as a bug in a feature would.
  app.get('/test/failing-query', async () => database.db.execute(sql`select ${PERSON}::uuid as id, ${PERSON} as name`));
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the server log holds no personal data', () => {
  it('a failing database query is logged by code and statement, never its parameters or message', async () => {
    const r = await app.inject({ method: 'GET', url: '/test/failing-query' });
    expect(r.statusCode).toBe(500);
    const log = lines.join('');
    expect(log).toContain('"msg":"database error"');
    expect(log).toContain('"code":"22P02"');
    expect(log).toContain('"statement":"select"');
    expect(log).not.toContain('Nino');
    expect(log).not.toContain('Beridze');
  });

  it('search terms in query strings are not logged', async () => {
    const admin = await login(app, 'admin@demo.ertad.ge');
    expect((await admin.get(`/api/v1/users?q=${encodeURIComponent(PERSON)}`)).statusCode).toBe(200);
    const log = lines.join('');
    expect(log).toContain('"path":"/api/v1/users"');
    expect(log).not.toContain('Beridze');
  });
});
