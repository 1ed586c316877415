import { boolean, index, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { SEXES } from '../../../common/schemas/cases';
import { CERTIFICATE_KINDS, ENROLMENT_STATUSES, TRAINING_STATUSES, type LessonContent, type WgAnswers } from '../../../common/schemas/learning';
import { bySurname } from '../name-order';
import { recordColumns } from './columns';
import { instruments } from './instruments';
import { municipalities } from './places';
import { organisations } from './organisations';
import { users } from './users';

// ---- the catalogue: programme-wide, read by every signed-in user, written by consortium staff ----

/** A competence package (service design, financial management, GESI, ...): a set of modules. */
export const learningPackages = pgTable('learning_packages', {
  ...recordColumns,
  code: text('code').notNull().unique(),
  titleKa: text('title_ka').notNull(),
  titleEn: text('title_en').notNull(),
  descriptionKa: text('description_ka').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
  position: integer('position').notNull().default(0),
  published: boolean('published').notNull().default(false),
});

/** A training module: lessons, and optionally a test (an instrument of purpose "test") with a pass mark. */
export const learningModules = pgTable(
  'learning_modules',
  {
    ...recordColumns,
    packageId: uuid('package_id').notNull().references(() => learningPackages.id, { onDelete: 'cascade' }),
    code: text('code').notNull().unique(),
    titleKa: text('title_ka').notNull(),
    titleEn: text('title_en').notNull(),
    summaryKa: text('summary_ka').notNull().default(''),
    summaryEn: text('summary_en').notNull().default(''),
    /** Learning hours the certificate states. */
    hours: real('hours').notNull().default(1),
    testInstrumentId: uuid('test_instrument_id').references(() => instruments.id),
    /** The test's overall score (in the test's own scoring) needed to pass. */
    passMark: real('pass_mark').notNull().default(0),
    position: integer('position').notNull().default(0),
    published: boolean('published').notNull().default(false),
  },
  (t) => [index('learning_modules_package_idx').on(t.packageId, t.position)],
);

/**
 * A lesson: authors edit the draft columns; publishing copies them into `published`, which is
 * all a learner ever sees (null until first published).
 */
export const learningLessons = pgTable(
  'learning_lessons',
  {
    ...recordColumns,
    moduleId: uuid('module_id').notNull().references(() => learningModules.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    titleKa: text('title_ka').notNull(),
    titleEn: text('title_en').notNull(),
    bodyKa: text('body_ka').notNull().default(''),
    bodyEn: text('body_en').notNull().default(''),
    videoUrls: jsonb('video_urls').$type<string[]>().notNull().default([]),
    published: jsonb('published').$type<LessonContent>(),
    publishedNumber: integer('published_number').notNull().default(0),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [index('learning_lessons_module_idx').on(t.moduleId, t.position)],
);

/** A downloadable file of a lesson; the bytes live in the storage module under `storage_key`. */
export const learningFiles = pgTable(
  'learning_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    lessonId: uuid('lesson_id').notNull().references(() => learningLessons.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('learning_files_lesson_idx').on(t.lessonId)],
);

/** A live training event of the programme, for a module or a whole package. */
export const learningTrainings = pgTable(
  'learning_trainings',
  {
    ...recordColumns,
    moduleId: uuid('module_id').references(() => learningModules.id),
    packageId: uuid('package_id').references(() => learningPackages.id),
    titleKa: text('title_ka').notNull(),
    titleEn: text('title_en').notNull(),
    trainers: text('trainers').notNull().default(''),
    /** The training days, ISO dates in order. */
    days: jsonb('days').$type<string[]>().notNull(),
    hoursPerDay: real('hours_per_day').notNull().default(6),
    venue: text('venue').notNull().default(''),
    municipalityId: uuid('municipality_id').references(() => municipalities.id),
    online: boolean('online').notNull().default(false),
    status: text('status', { enum: TRAINING_STATUSES }).notNull().default('planned'),
    /** Post-test score (percent) a participant needs, with full attendance, for a certificate. */
    passMark: real('pass_mark').notNull().default(70),
    startsOn: text('starts_on').notNull(),
    /** The satisfaction survey participants fill in (an instrument, usually of purpose "survey"); none when null. */
    surveyInstrumentId: uuid('survey_instrument_id').references(() => instruments.id),
  },
  (t) => [index('learning_trainings_starts_idx').on(t.startsOn, t.id)],
);

// ---- owned by the CSO a person works at ----

/** A person who works at a CSO (with or without a login): the learner and training participant. */
export const learningStaff = pgTable(
  'learning_staff',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    givenName: text('given_name').notNull(),
    surname: text('surname').notNull(),
    sex: text('sex', { enum: SEXES }).notNull(),
    birthYear: integer('birth_year'),
    position: text('position').notNull().default(''),
    email: text('email').notNull().default(''),
    phone: text('phone').notNull().default(''),
    /** Self-declared Washington Group short set answers (1 no difficulty … 4 cannot do); null when not given. */
    wg: jsonb('wg').$type<WgAnswers>(),
    /** Derived from `wg`: some domain at "a lot of difficulty" or "cannot do at all". */
    disability: boolean('disability'),
    userId: uuid('user_id').references(() => users.id).unique(),
  },
  (t) => [
    index('learning_staff_organisation_idx').on(t.organisationId, ...bySurname(t.surname, t.givenName), t.id),
    index('learning_staff_surname_idx').on(...bySurname(t.surname, t.givenName), t.id),
    index('learning_staff_created_idx').on(t.createdAt, t.id),
  ],
);

/** A learner's enrolment in a self-paced module. */
export const learningEnrolments = pgTable(
  'learning_enrolments',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    staffId: uuid('staff_id').notNull().references(() => learningStaff.id),
    moduleId: uuid('module_id').notNull().references(() => learningModules.id),
    status: text('status', { enum: ENROLMENT_STATUSES }).notNull().default('active'),
    lastLessonId: uuid('last_lesson_id'),
    testResponseId: uuid('test_response_id'),
    testScore: real('test_score'),
    passed: boolean('passed'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    unique('learning_enrolments_staff_module_unique').on(t.staffId, t.moduleId),
    index('learning_enrolments_organisation_idx').on(t.organisationId, t.updatedAt, t.id),
    index('learning_enrolments_updated_idx').on(t.updatedAt, t.id),
  ],
);

/** Which lessons of an enrolment were opened and finished. */
export const learningProgress = pgTable(
  'learning_progress',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    enrolmentId: uuid('enrolment_id').notNull().references(() => learningEnrolments.id, { onDelete: 'cascade' }),
    lessonId: uuid('lesson_id').notNull().references(() => learningLessons.id, { onDelete: 'cascade' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [unique('learning_progress_enrolment_lesson_unique').on(t.enrolmentId, t.lessonId)],
);

/** A staff member invited to a live training: attendance per day and pre/post-test scores (percent). */
export const learningParticipants = pgTable(
  'learning_participants',
  {
    ...recordColumns,
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    trainingId: uuid('training_id').notNull().references(() => learningTrainings.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id').notNull().references(() => learningStaff.id),
    /** One entry per training day, in the order of the training's days. */
    attendance: jsonb('attendance').$type<boolean[]>().notNull().default([]),
    preScore: real('pre_score'),
    postScore: real('post_score'),
    /** The participant's satisfaction survey: a form about the participant (responses module). */
    surveyResponseId: uuid('survey_response_id'),
  },
  (t) => [unique('learning_participants_training_staff_unique').on(t.trainingId, t.staffId), index('learning_participants_organisation_idx').on(t.organisationId)],
);

/** A certificate: for a completed module or a live training attended with a passed post-test. */
export const learningCertificates = pgTable(
  'learning_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    staffId: uuid('staff_id').notNull().references(() => learningStaff.id),
    kind: text('kind', { enum: CERTIFICATE_KINDS }).notNull(),
    enrolmentId: uuid('enrolment_id').references(() => learningEnrolments.id).unique(),
    participantId: uuid('participant_id').references(() => learningParticipants.id).unique(),
    /** Random, unguessable: what /verify/<code> looks up. */
    code: text('code').notNull().unique(),
    holderName: text('holder_name').notNull(),
    courseKa: text('course_ka').notNull(),
    courseEn: text('course_en').notNull(),
    hours: real('hours').notNull(),
    issuedOn: text('issued_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('learning_certificates_staff_idx').on(t.staffId),
    index('learning_certificates_organisation_idx').on(t.organisationId, t.issuedOn, t.id),
    index('learning_certificates_issued_idx').on(t.issuedOn, t.id),
  ],
);
