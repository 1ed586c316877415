import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import {
  CASE_STATUSES,
  APPROVAL_KINDS,
  APPROVAL_STATUSES,
  CONSENT_GIVERS,
  REFERRAL_DECISIONS,
  REFERRAL_URGENCIES,
  SESSION_KINDS,
  SERVICE_TYPES,
  SEXES,
  type PlanGoal,
  type GoalScore,
  type SharedField,
} from '../../../common/schemas/cases';
import { bySurname } from '../name-order';
import { recordColumns } from './columns';
import { municipalities } from './places';
import { organisations } from './organisations';
import { users } from './users';

/** A service a CSO delivers (day care, rehabilitation, ...): the catalogue results are counted by. */
export const services = pgTable(
  'services',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    type: text('type', { enum: SERVICE_TYPES }).notNull(),
    nameKa: text('name_ka').notNull(),
    nameEn: text('name_en').notNull().default(''),
    targetGroup: text('target_group').notNull().default(''),
    ageFrom: integer('age_from'),
    ageTo: integer('age_to'),
    capacity: integer('capacity'),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    stateFunded: boolean('state_funded').notNull().default(false),
    accessibility: text('accessibility').notNull().default(''),
    openingHours: text('opening_hours').notNull().default(''),
  },
  (t) => [index('services_organisation_idx').on(t.organisationId, t.nameKa, t.id), index('services_type_idx').on(t.organisationId, t.type, t.nameKa, t.id)],
);

/**
 * A person a CSO serves. Names stay in clear (the CSO finds people by them), with a derived Latin
 * spelling and a folded search key; the personal number is encrypted by the application and
 * findable only through a keyed hash (blind index).
 */
export const people = pgTable(
  'people',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    givenName: text('given_name').notNull(),
    surname: text('surname').notNull(),
    latinName: text('latin_name').notNull(),
    searchKey: text('search_key').notNull(),
    sex: text('sex', { enum: SEXES }).notNull(),
    birthDate: date('birth_date'),
    /** When only an age is known: the year of birth it implies. */
    estimatedBirthYear: integer('estimated_birth_year'),
    /** `keyId:iv:tag:ciphertext` (AES-256-GCM); null when not given or after erasure. */
    personalNumberSealed: text('personal_number_sealed'),
    personalNumberIndex: text('personal_number_index'),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    address: text('address').notNull().default(''),
    phone: text('phone').notNull().default(''),
    language: text('language').notNull().default('ka'),
    accessibilityNeeds: text('accessibility_needs').notNull().default(''),
    targetGroup: text('target_group').notNull().default(''),
    disability: boolean('disability'),
    /** The screening (a form about the person: Washington Group or Child Functioning Module) the disability result comes from. */
    disabilityScreeningId: uuid('disability_screening_id'),
    /** Its instrument's code (`wg_ss`, `cfm_2_4`, `cfm_5_17`). */
    disabilityInstrument: text('disability_instrument'),
    /** A child's legal representative (another person record of the same CSO). */
    representativeId: uuid('representative_id'),
    registeredBy: uuid('registered_by').references(() => users.id),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
  },
  (t) => [
    index('people_organisation_idx').on(t.organisationId, ...bySurname(t.surname, t.givenName), t.id),
    index('people_organisation_created_idx').on(t.organisationId, t.createdAt, t.id),
    // The list filtered by target group, in either order.
    index('people_target_group_idx').on(t.organisationId, t.targetGroup, ...bySurname(t.surname, t.givenName), t.id),
    index('people_target_group_created_idx').on(t.organisationId, t.targetGroup, t.createdAt, t.id),
    // A reader who also holds referral grants sees "own organisation OR granted": the planner cannot
    // seek by organisation then, and walks one of these in the list's order instead of sorting all.
    index('people_surname_idx').on(...bySurname(t.surname, t.givenName), t.id),
    index('people_created_idx').on(t.createdAt, t.id),
    index('people_target_group_surname_idx').on(t.targetGroup, ...bySurname(t.surname, t.givenName), t.id),
    index('people_target_group_created_only_idx').on(t.targetGroup, t.createdAt, t.id),
    index('people_personal_number_index_idx').on(t.personalNumberIndex),
    index('people_search_key_idx').on(t.searchKey),
  ],
);

/** Consent to processing, sharing on referral and photos; withdrawal is recorded, never deleted. */
export const consents = pgTable(
  'consents',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    givenBy: text('given_by', { enum: CONSENT_GIVERS }).notNull(),
    representativeName: text('representative_name').notNull().default(''),
    givenOn: date('given_on').notNull(),
    processing: boolean('processing').notNull(),
    referralSharing: boolean('referral_sharing').notNull().default(false),
    photos: boolean('photos').notNull().default(false),
    /** The signed form (a response attachment id or a document reference). */
    formReference: text('form_reference').notNull().default(''),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
  },
  (t) => [index('consents_person_idx').on(t.personId)],
);

/**
 * Keyed hashes of identifying values (personal number, folded name + birth date), one per
 * person, with no organisation or person in clear: lets registration say "a possible match
 * exists elsewhere" without saying who or where.
 */
export const personMatchKeys = pgTable(
  'person_match_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    keyHash: text('key_hash').notNull(),
    /** A keyed hash of the person id, so erasure can remove the person's keys. */
    holder: text('holder').notNull(),
  },
  (t) => [index('person_match_keys_hash_idx').on(t.keyHash), index('person_match_keys_holder_idx').on(t.holder)],
);

export const cases = pgTable(
  'cases',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    caseWorkerId: uuid('case_worker_id').notNull().references(() => users.id),
    status: text('status', { enum: CASE_STATUSES }).notNull().default('intake'),
    closureReason: text('closure_reason').notNull().default(''),
    openedOn: date('opened_on').notNull(),
    closedOn: date('closed_on'),
    nextFollowUp: date('next_follow_up'),
  },
  (t) => [
    index('cases_organisation_idx').on(t.organisationId, t.openedOn, t.id),
    index('cases_organisation_status_idx').on(t.organisationId, t.status, t.openedOn, t.id),
    index('cases_person_idx').on(t.personId, t.openedOn, t.id),
    index('cases_worker_idx').on(t.caseWorkerId),
    // Retention: closed cases by closing date.
    index('cases_closed_idx').on(t.organisationId, t.closedOn, t.id).where(sql`${t.status} = 'closed'`),
  ],
);

/** An individual service plan: goals with services, frequency and responsible staff. */
export const casePlans = pgTable(
  'case_plans',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    goals: jsonb('goals').$type<PlanGoal[]>().notNull(),
    reviewOn: date('review_on').notNull(),
  },
  (t) => [index('case_plans_case_idx').on(t.caseId)],
);

export const caseSessions = pgTable(
  'case_sessions',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    serviceId: uuid('service_id').references(() => services.id),
    kind: text('kind', { enum: SESSION_KINDS }).notNull(),
    heldOn: date('held_on').notNull(),
    minutes: integer('minutes').notNull(),
    staffId: uuid('staff_id').references(() => users.id),
    attended: boolean('attended').notNull(),
    /** Case notes, sealed like the personal number. */
    notesSealed: text('notes_sealed'),
  },
  // The case file pages its sessions newest first along this index (case, date, id).
  (t) => [index('case_sessions_case_held_idx').on(t.caseId, t.heldOn, t.id)],
);

/** A periodic review with a goal-attainment score per plan goal. */
export const caseReviews = pgTable(
  'case_reviews',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    reviewedOn: date('reviewed_on').notNull(),
    scores: jsonb('scores').$type<GoalScore[]>().notNull(),
    notesSealed: text('notes_sealed'),
  },
  (t) => [index('case_reviews_case_idx').on(t.caseId)],
);

/** Supervision: a plan or a closure waits for a CSO manager other than the requester. */
export const caseApprovals = pgTable(
  'case_approvals',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    kind: text('kind', { enum: APPROVAL_KINDS }).notNull(),
    planId: uuid('plan_id').references(() => casePlans.id),
    closureReason: text('closure_reason').notNull().default(''),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    requestedBy: uuid('requested_by').notNull().references(() => users.id),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    comment: text('comment').notNull().default(''),
  },
  (t) => [index('case_approvals_case_idx').on(t.caseId), index('case_approvals_organisation_idx').on(t.organisationId, t.status)],
);

/**
 * A referral from the serving CSO to another organisation. The receiver reads it through a
 * grant made when it is sent; the person becomes readable to the receiver only when it accepts.
 */
export const referrals = pgTable(
  'referrals',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    toOrganisationId: uuid('to_organisation_id').notNull().references(() => organisations.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    reason: text('reason').notNull(),
    urgency: text('urgency', { enum: REFERRAL_URGENCIES }).notNull(),
    sharedFields: jsonb('shared_fields').$type<SharedField[]>().notNull(),
    /** The grant on the person, offered on sending and live once the receiver accepts. */
    personGrantId: uuid('person_grant_id'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    sentBy: uuid('sent_by').references(() => users.id),
  },
  (t) => [index('referrals_case_idx').on(t.caseId), index('referrals_from_idx').on(t.organisationId, t.createdAt, t.id), index('referrals_to_idx').on(t.toOrganisationId, t.createdAt, t.id)],
);

/** The receiver's answer (accept, decline, complete), owned by the receiver and shared back with the sender. */
export const referralDecisions = pgTable(
  'referral_decisions',
  {
    id: recordColumns.id,
    createdAt: recordColumns.createdAt,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    referralId: uuid('referral_id').notNull().references(() => referrals.id),
    decision: text('decision', { enum: REFERRAL_DECISIONS }).notNull(),
    reason: text('reason').notNull().default(''),
    decidedBy: uuid('decided_by').references(() => users.id),
  },
  (t) => [index('referral_decisions_referral_idx').on(t.referralId)],
);
