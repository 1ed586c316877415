import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only: a trigger (migration 0001) rejects UPDATE and DELETE, and the application has no
 * code path that issues either.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorEmail: text('actor_email'),
    /** The organisation the touched record belongs to, when it belongs to one. */
    organisationId: uuid('organisation_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    ip: text('ip'),
    changes: jsonb('changes').$type<Record<string, { from?: unknown; to?: unknown }>>(),
  },
  (t) => [
    // The log lists newest first with the id breaking ties, optionally by record or by actor.
    index('audit_log_at_idx').on(t.at, t.id),
    index('audit_log_entity_idx').on(t.entityType, t.entityId, t.at, t.id),
    index('audit_log_actor_idx').on(t.actorUserId, t.at, t.id),
    index('audit_log_organisation_idx').on(t.organisationId, t.at, t.id),
  ],
);

export const appSettings = pgTable('app_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
