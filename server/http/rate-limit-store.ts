import { sql } from 'drizzle-orm';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { queryRows, type Db } from '../db/client';

/** Share of increments that also clear long-expired counters, so the table stays small. */
const CLEANUP_SHARE = 0.01;

/**
 * A @fastify/rate-limit store on the `rate_limits` table: one counter per key and window, in the
 * database every app server shares (the plugin's default store lives in one process's memory).
 */
export function databaseRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  class DatabaseStore implements FastifyRateLimitStore {
    constructor(
      _options: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const id = `${this.prefix}${key}`;
      queryRows<{ hits: number; ttl: number }>(db, sql`
        insert into rate_limits (key, hits, expires_at) values (${id}, 1, now() + ${timeWindow} * interval '1 millisecond')
        on conflict (key) do update set
          hits = case when rate_limits.expires_at <= now() then 1 else rate_limits.hits + 1 end,
          expires_at = case when rate_limits.expires_at <= now() then excluded.expires_at else rate_limits.expires_at end
        returning hits, greatest(0, ceil(extract(epoch from expires_at - now()) * 1000))::int as ttl`)
        .then(([row]) => callback(null, { current: row!.hits, ttl: row!.ttl }))
        .catch((error: Error) => callback(error));
      if (Math.random() < CLEANUP_SHARE) {
        db.execute(sql`delete from rate_limits where expires_at < now() - interval '1 hour'`).catch(() => {
          // Cleanup is best effort; the next one retries.
        });
      }
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin passes the route as `routeInfo` (as its Redis store reads it): one counter per route.
      const route = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      const method = Array.isArray(route.method) ? route.method.join(',') : (route.method ?? '');
      return new DatabaseStore(undefined, `${method} ${route.url ?? ''}:`);
    }
  }
  return DatabaseStore as unknown as FastifyRateLimitStoreCtor;
}
