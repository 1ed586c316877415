import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * Request counters of the rate limits (e.g. sign-in attempts per address and minute), in the
 * database so that every app server behind a proxy counts the same attempts.
 */
export const rateLimits = pgTable(
  'rate_limits',
  {
    key: text('key').primaryKey(),
    hits: integer('hits').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('rate_limits_expires_idx').on(t.expiresAt)],
);

/**
 * The first answer to a POST sent with an `Idempotency-Key` (server/http/idempotency.ts), per
 * user and key: a phone whose answer was lost on the way back sends the same request again, and
 * gets this answer instead of a second referral. The row is written in the same transaction as
 * the request's first write, so it exists exactly when that write does; `status` stays empty
 * until the answer is known. `body` is sealed (it may hold personal data). Kept for a day.
 */
export const idempotentRequests = pgTable(
  'idempotent_requests',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** Method and path (with query) the key was first used for: another request under it is refused. */
    request: text('request').notNull(),
    /** Keyed hash (HMAC) of the body the key was first used with. */
    bodyHash: text('body_hash').notNull(),
    status: integer('status'),
    contentType: text('content_type'),
    body: text('body'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * When the stored answer was withdrawn (its body dropped) because a person it may hold was
     * erased: the claim stays, so a repeat is still not run, and is told the answer is gone.
     */
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    /**
     * What the user reached when the answer was stored (`Gateway.reachDigest`: organisation, roles,
     * organisations reached, live grants): a repeat after any of it changed is not answered with it.
     */
    accessDigest: text('access_digest'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index('idempotent_requests_created_idx').on(t.createdAt)],
);
