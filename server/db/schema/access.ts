import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { GRANT_PURPOSES } from '../../../common/schemas/access';
import { organisations } from './organisations';
import { users } from './users';

/**
 * A record shared beyond its organisation's scope: with a named organisation (an accepted
 * referral) or a named user (break-glass), for a purpose, until it expires or is revoked. The
 * gateway reads the actor's live grants once per request and adds their record ids to the
 * organisation scope, so a grant widens exactly one record and nothing else.
 */
export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The registered record type (`response`, later `case`, ...) and its id. */
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    /** The organisation that owns the record (and so may revoke the grant). */
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    granteeOrganisationId: uuid('grantee_organisation_id').references(() => organisations.id),
    granteeUserId: uuid('grantee_user_id').references(() => users.id),
    purpose: text('purpose', { enum: GRANT_PURPOSES }).notNull(),
    reason: text('reason').notNull(),
    grantedBy: uuid('granted_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** An offered grant (a referral not yet accepted) is live only once the grantee accepts it. */
    acceptedAt: timestamp('accepted_at', { withTimezone: true }).defaultNow(),
  },
  (t) => [
    index('grants_entity_idx').on(t.entityType, t.entityId),
    index('grants_grantee_organisation_idx').on(t.granteeOrganisationId, t.entityType),
    index('grants_grantee_user_idx').on(t.granteeUserId, t.entityType),
    index('grants_organisation_idx').on(t.organisationId),
  ],
);
