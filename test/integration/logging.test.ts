import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import type { Database } from '../../server/db/client';
import { loggerOptions } from '../../server/logging';
import { testConfig } from '../support/app';
import { freshDatabase } from '../support/database';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database?.close());

/** The app with its log written to an array of parsed JSON lines, as in production. */
async function appWithCapturedLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const config = testConfig({ logLevel: 'info' });
  const logger = pino(loggerOptions(config), stream) as FastifyBaseLogger;
  const app = await buildApp({ config, db: database.db, serveWeb: false, logger });
  await app.ready();
  return { app, lines };
}

describe('request logs', () => {
  it('write one JSON line per request: method, path without the query, status, time; nothing about the person', async () => {
    const { app, lines } = await appWithCapturedLog();
    try {
      await app.inject({ method: 'GET', url: '/api/v1/organisations?q=nino.beridze%40example.ge', remoteAddress: '203.0.113.7' });
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: 'nino.beridze@example.ge', password: 'her-secret-password' },
        remoteAddress: '203.0.113.7',
        headers: { 'user-agent': 'NinoPhone/1.0' },
      });
      await app.inject({ method: 'GET', url: '/no-such-page?name=Nino' });
      // Malformed JSON: a client error, still one line.
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"email": "nino', headers: { 'content-type': 'application/json' } });

      const requests = lines.filter((line) => 'status' in line);
      expect(requests.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
        { method: 'GET', path: '/api/v1/organisations', status: 401 },
        { method: 'POST', path: '/api/v1/auth/login', status: 401 },
        { method: 'GET', path: '/no-such-page', status: 404 },
        { method: 'POST', path: '/api/v1/auth/login', status: 400 },
      ]);
      expect(lines).toHaveLength(requests.length);
      for (const line of requests) expect(typeof line.ms).toBe('number');
      const everything = JSON.stringify(lines);
      for (const personal of ['nino', 'Nino', '203.0.113.7', 'her-secret-password', 'NinoPhone', 'remoteAddress']) {
        expect(everything).not.toContain(personal);
      }
    } finally {
      await app.close();
    }
  });
});
