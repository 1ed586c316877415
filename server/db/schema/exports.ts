import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { EXPORT_FORMATS, EXPORT_KINDS, EXPORT_STATUSES } from '../../../common/schemas/exports';
import { recordColumns } from './columns';
import { organisations } from './organisations';
import { users } from './users';

/**
 * An export run in the background (pg-boss queue `export`): what a user asked for, and the file
 * once it is written to the storage module. Only the requester sees it (`user_id`); the job
 * re-creates the requester's gateway from `user_id` when it runs, so it exports what they may see then.
 */
export const exportJobs = pgTable(
  'export_jobs',
  {
    ...recordColumns,
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** The requester's organisation when asked (the audit log's organisation). */
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    kind: text('kind', { enum: EXPORT_KINDS }).notNull(),
    format: text('format', { enum: EXPORT_FORMATS }).notNull(),
    /** The export's filters, as the foreground export route takes them. */
    params: jsonb('params').$type<Record<string, unknown>>().notNull(),
    /** Language of headers and labels; the server's address for links inside the file. */
    language: text('language').notNull(),
    origin: text('origin').notNull().default(''),
    status: text('status', { enum: EXPORT_STATUSES }).notNull().default('queued'),
    /** Catalogue key of why it failed. */
    error: text('error'),
    filename: text('filename'),
    contentType: text('content_type'),
    storageKey: text('storage_key'),
    size: bigint('size', { mode: 'number' }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /**
     * What the file was written with: a digest of the requester's access to the table the export
     * reads, as the job read it (`Gateway.accessDigest`). The file is handed out only while the
     * requester's access digests the same.
     */
    accessDigest: text('access_digest'),
  },
  (t) => [index('export_jobs_user_created_idx').on(t.userId, t.createdAt.desc(), t.id.desc())],
);
