import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { pendingMigrations } from '../../db/migrate';
import { typed } from '../../http/route-helpers';

const status = z.object({ status: z.enum(['ok', 'unavailable']), database: z.string().optional(), pendingMigrations: z.number().optional() });

/** Liveness says the process answers; readiness says it can serve (database up, schema current). */
export async function healthRoutes(app: FastifyInstance, opts: { db: Db }) {
  const r = typed(app);
  const config = { public: true } as const;
  r.get('/health', { config, schema: { tags: ['health'], response: { 200: status } } }, () => ({ status: 'ok' as const }));
  r.get('/ready', { config, schema: { tags: ['health'], response: { 200: status, 503: status } } }, async (_req, reply) => {
    try {
      await opts.db.execute(sql`select 1`);
      const pending = await pendingMigrations(opts.db);
      if (pending > 0) return reply.code(503).send({ status: 'unavailable', database: 'ok', pendingMigrations: pending });
      return { status: 'ok' as const, database: 'ok', pendingMigrations: 0 };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
    }
  });
}
