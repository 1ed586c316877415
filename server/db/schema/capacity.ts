import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import {
  ASSESSMENT_STATUSES,
  BUDGET_BANDS,
  CURRENCIES,
  DOCUMENT_KINDS,
  MENTORING_FORMATS,
  PLAN_STATUSES,
  PREMISES_ACCESSIBILITY,
  ROUND_KINDS,
  SUPERVISION_TYPES,
  SUPPORT_CATEGORIES,
} from '../../../common/schemas/capacity';
import { recordColumns } from './columns';
import { instrumentVersions, responses } from './instruments';
import { organisations } from './organisations';
import { users } from './users';

/** Programme-wide: the assessment rounds (baseline, midline, endline) every CSO is assessed in. */
export const assessmentRounds = pgTable('assessment_rounds', {
  ...recordColumns,
  kind: text('kind', { enum: ROUND_KINDS }).notNull(),
  nameKa: text('name_ka').notNull(),
  nameEn: text('name_en').notNull(),
  startsOn: date('starts_on').notNull(),
  endsOn: date('ends_on').notNull(),
});

/** A CSO's profile beyond its contact card (one row per CSO). */
export const csoProfiles = pgTable('cso_profiles', {
  organisationId: uuid('organisation_id').primaryKey().references(() => organisations.id, { onDelete: 'cascade' }),
  mission: text('mission').notNull().default(''),
  legalForm: text('legal_form').notNull().default(''),
  yearFounded: integer('year_founded'),
  targetGroups: jsonb('target_groups').$type<string[]>().notNull().default([]),
  services: text('services').notNull().default(''),
  staff: jsonb('staff').$type<{ women: number; men: number; volunteersWomen: number; volunteersMen: number }>().notNull().default({ women: 0, men: 0, volunteersWomen: 0, volunteersMen: 0 }),
  budgetBand: text('budget_band', { enum: BUDGET_BANDS }),
  premisesAccessibility: text('premises_accessibility', { enum: PREMISES_ACCESSIBILITY }),
  keyDocuments: text('key_documents').notNull().default(''),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A key document of a CSO (statute, policies): the bytes in the storage module, the row here. */
export const csoDocuments = pgTable(
  'cso_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    kind: text('kind', { enum: DOCUMENT_KINDS }).notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cso_documents_organisation_idx').on(t.organisationId, t.createdAt, t.id)],
);

/** One CSO's assessment in one round; its consensus is itself a GESI-OCA response. */
export const capacityAssessments = pgTable(
  'capacity_assessments',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    roundId: uuid('round_id').notNull().references(() => assessmentRounds.id),
    instrumentVersionId: uuid('instrument_version_id').notNull().references(() => instrumentVersions.id),
    facilitators: text('facilitators').notNull().default(''),
    participants: text('participants').notNull().default(''),
    status: text('status', { enum: ASSESSMENT_STATUSES }).notNull().default('rating'),
    consensusResponseId: uuid('consensus_response_id').references(() => responses.id),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [unique('capacity_assessments_round_unique').on(t.organisationId, t.roundId), index('capacity_assessments_round_idx').on(t.roundId)],
);

/** A rater's independent scoring: a GESI-OCA response linked to the assessment. */
export const capacityRatings = pgTable(
  'capacity_ratings',
  {
    assessmentId: uuid('assessment_id').notNull().references(() => capacityAssessments.id, { onDelete: 'cascade' }),
    responseId: uuid('response_id').notNull().references(() => responses.id),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    raterName: text('rater_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.responseId] })],
);

export const capacityPlanActions = pgTable(
  'capacity_plan_actions',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    assessmentId: uuid('assessment_id').references(() => capacityAssessments.id),
    subArea: text('sub_area').notNull(),
    baselineScore: numeric('baseline_score', { mode: 'number' }),
    targetScore: numeric('target_score', { mode: 'number' }),
    priority: integer('priority').notNull().default(2),
    action: text('action').notNull(),
    responsible: text('responsible').notNull().default(''),
    responsibleUserId: uuid('responsible_user_id').references(() => users.id),
    resources: text('resources').notNull().default(''),
    deadline: date('deadline'),
    status: text('status', { enum: PLAN_STATUSES }).notNull().default('planned'),
    evidence: text('evidence').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [
    index('capacity_plan_actions_org_idx').on(t.organisationId, t.priority, sql`coalesce(${t.baselineScore}, 'infinity'::numeric)`, sql`coalesce(${t.deadline}, 'infinity'::date)`, t.id),
    index('capacity_plan_actions_deadline_idx').on(t.organisationId, sql`coalesce(${t.deadline}, 'infinity'::date)`, t.priority, t.id),
  ],
);

export const mentoringSessions = pgTable(
  'mentoring_sessions',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    mentorUserId: uuid('mentor_user_id').references(() => users.id),
    mentorName: text('mentor_name').notNull(),
    heldOn: date('held_on').notNull(),
    participants: text('participants').notNull().default(''),
    format: text('format', { enum: MENTORING_FORMATS }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    topics: text('topics').notNull().default(''),
    planActionIds: jsonb('plan_action_ids').$type<string[]>().notNull().default([]),
    followUps: jsonb('follow_ups').$type<{ text: string; dueOn: string | null }[]>().notNull().default([]),
    notes: text('notes').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('mentoring_sessions_org_idx').on(t.organisationId, t.heldOn, t.id), index('mentoring_sessions_held_idx').on(t.heldOn, t.id)],
);

export const supervisionSessions = pgTable(
  'supervision_sessions',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    // A user picked (its name read as it is now), or only a name typed for someone without an
    // account; the typed name also keeps a picked user's name for readers who cannot see them.
    supervisor: text('supervisor').notNull(),
    supervisorUserId: uuid('supervisor_user_id').references(() => users.id),
    supervisee: text('supervisee').notNull(),
    superviseeUserId: uuid('supervisee_user_id').references(() => users.id),
    heldOn: date('held_on').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    type: text('type', { enum: SUPERVISION_TYPES }).notNull(),
    themes: text('themes').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('supervision_sessions_org_idx').on(t.organisationId, t.heldOn, t.id), index('supervision_sessions_held_idx').on(t.heldOn, t.id)],
);

export const supportItems = pgTable(
  'support_items',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    category: text('category', { enum: SUPPORT_CATEGORIES }).notNull(),
    description: text('description').notNull(),
    value: numeric('value', { precision: 14, scale: 2, mode: 'number' }).notNull(),
    currency: text('currency', { enum: CURRENCIES }).notNull(),
    deliveredOn: date('delivered_on'),
    planActionId: uuid('plan_action_id').references(() => capacityPlanActions.id),
    need: text('need').notNull().default(''),
    acceptanceDocument: text('acceptance_document').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
  },
  (t) => [index('support_items_org_idx').on(t.organisationId, sql`coalesce(${t.deliveredOn}, 'infinity'::date)`, t.id)],
);
