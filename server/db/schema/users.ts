import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { LANGUAGES, ROLES } from '../../../common/roles';
import { byName } from '../name-order';
import { recordColumns } from './columns';
import { organisations } from './organisations';

export const users = pgTable(
  'users',
  {
    ...recordColumns,
    /** Stored lower-cased; login compares lower-cased input. */
    email: text('email').notNull().unique(),
    displayName: text('display_name').notNull(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id),
    roles: text('roles', { enum: ROLES }).array().notNull(),
    language: text('language', { enum: LANGUAGES }).notNull().default('ka'),
    /** Null until the user sets a password through a one-time link. */
    passwordHash: text('password_hash'),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    active: boolean('active').notNull().default(true),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  // The list filters by organisation and sorts by name (Georgian first: `byName`; or sign-up,
  // last sign-in), ties by id.
  (t) => [
    index('users_organisation_name_idx').on(t.organisationId, ...byName(t.displayName), t.id),
    index('users_name_idx').on(...byName(t.displayName), t.id),
    index('users_created_idx').on(t.createdAt, t.id),
    index('users_email_idx').on(t.email, t.id),
    // The list sorts "never signed in" first by this expression (keyset columns cannot be NULL).
    index('users_last_login_idx').on(sql`coalesce(${t.lastLoginAt}, '-infinity'::timestamptz)`, t.id),
  ],
);

/** Consortium mentors see the CSOs they are assigned to. */
export const mentorAssignments = pgTable(
  'mentor_assignments',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organisationId] })],
);

/** One-time set-password links; only the SHA-256 of the token is stored. */
export const passwordTokens = pgTable('password_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
});

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie token, so a database dump cannot be replayed as a login. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Failed sign-ins per email and client address, for growing delays. Kept in the database (not in
 * process memory) so that several servers share it. Keyed by the email as typed, so an unknown
 * address is throttled exactly like a real one.
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    email: text('email').notNull(),
    ip: text('ip').notNull(),
    failures: integer('failures').notNull().default(0),
    blockedUntil: timestamp('blocked_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.email, t.ip] })],
);
