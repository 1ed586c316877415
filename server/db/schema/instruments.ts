import { boolean, customType, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { Definition } from '../../../common/instruments/definition';
import type { ScoreResult } from '../../../common/instruments/scoring';
import type { Value } from '../../../common/instruments/expression-evaluator';
import { SUBJECT_TYPES } from '../../../common/schemas/access';
import { INSTRUMENT_PURPOSES } from '../../../common/schemas/instrument';
import { recordColumns } from './columns';
import { organisations } from './organisations';
import { users } from './users';

/** Programme-wide definitions (not owned by an organisation): everyone reads, designers edit. */
export const instruments = pgTable('instruments', {
  ...recordColumns,
  code: text('code').notNull().unique(),
  purpose: text('purpose', { enum: INSTRUMENT_PURPOSES }).notNull(),
  titleKa: text('title_ka').notNull(),
  titleEn: text('title_en').notNull(),
  descriptionKa: text('description_ka').notNull().default(''),
  descriptionEn: text('description_en').notNull().default(''),
  builtIn: boolean('built_in').notNull().default(false),
}, (t) => [
  // The catalogue's sorts (title in either language, purpose then title), each with the id as tie-break.
  index('instruments_title_ka_idx').on(t.titleKa, t.id),
  index('instruments_title_en_idx').on(t.titleEn, t.id),
  index('instruments_purpose_idx').on(t.purpose, t.titleKa, t.id),
]);

/** A published version never changes; editing happens in the one draft, which becomes the next version. */
export const instrumentVersions = pgTable(
  'instrument_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    instrumentId: uuid('instrument_id').notNull().references(() => instruments.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
    definition: jsonb('definition').$type<Definition>().notNull(),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [unique('instrument_versions_number_unique').on(t.instrumentId, t.number)],
);

/** A filled-in instrument, owned by the organisation it is about; it keeps the version it answered. */
export const responses = pgTable(
  'responses',
  {
    ...recordColumns,
    instrumentVersionId: uuid('instrument_version_id').notNull().references(() => instrumentVersions.id),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    label: text('label').notNull().default(''),
    /** What the form is about; its visibility follows the subject (see common/schemas/access). */
    subjectType: text('subject_type', { enum: SUBJECT_TYPES }).notNull().default('organisation'),
    /** The subject record (an organisation, a service, a person...), when it has one in Ertad. */
    subjectId: uuid('subject_id'),
    status: text('status', { enum: ['draft', 'submitted'] }).notNull().default('draft'),
    answers: jsonb('answers').$type<Record<string, Value>>().notNull().default({}),
    score: jsonb('score').$type<ScoreResult>(),
    createdBy: uuid('created_by').references(() => users.id),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  // The lists sort by `updated_at, id` (newest first by default), scoped to organisations or not:
  // each page is a range of one of these indexes (read backwards for the newest first), never a
  // sort of the whole table; the keyset cursor compares the same columns in the same direction.
  (t) => [
    index('responses_organisation_updated_idx').on(t.organisationId, t.updatedAt, t.id),
    index('responses_updated_idx').on(t.updatedAt, t.id),
    index('responses_organisation_status_updated_idx').on(t.organisationId, t.status, t.updatedAt, t.id),
    index('responses_status_updated_idx').on(t.status, t.updatedAt, t.id),
    index('responses_version_idx').on(t.instrumentVersionId, t.updatedAt, t.id),
    index('responses_subject_idx').on(t.subjectType, t.subjectId, t.updatedAt, t.id),
  ],
);

/** Raw bytes; node-postgres returns a Buffer, PGlite a Uint8Array: both come back as Buffer. */
const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/** Files and photos answering file/image questions; owned, like the response, by its organisation. */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    responseId: uuid('response_id').notNull().references(() => responses.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    question: text('question').notNull(),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    data: bytea('data').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('attachments_response_idx').on(t.responseId)],
);
