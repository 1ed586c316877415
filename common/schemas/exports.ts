import { z } from 'zod';
import { answersExportQuery } from './answers';
import { exportFormat } from './list';
import { responseListQuery } from './response';

/** The exports that can run in the background: the ones that reach millions of rows. */
export const EXPORT_KINDS = ['responses', 'answers'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export const EXPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/**
 * The filters of each background export: those of its foreground route (`GET /responses/export`,
 * `GET /instruments/{id}/answers`). Stored as JSON with the job and read again with the same
 * schema when it runs, so they hold no transforms (dates come back from their ISO text).
 */
export const backgroundExportParams = {
  responses: responseListQuery.pick({ q: true, sort: true, dir: true, instrumentId: true, organisationId: true, status: true, subjectType: true }).partial().extend(exportFormat.shape),
  answers: answersExportQuery.extend({ instrumentId: z.uuid() }),
} as const;

export const exportRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('responses'), params: backgroundExportParams.responses }),
  z.object({ kind: z.literal('answers'), params: backgroundExportParams.answers }),
]);
export type ExportRequest = z.input<typeof exportRequest>;

export const exportJob = z.object({
  id: z.uuid(),
  kind: z.enum(EXPORT_KINDS),
  format: z.enum(EXPORT_FORMATS),
  status: z.enum(EXPORT_STATUSES),
  /** Catalogue key of why it failed. */
  error: z.string().nullable(),
  filename: z.string().nullable(),
  /** Bytes of the finished file. */
  size: z.number().int().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
  /**
   * Done, but what the requester may read has changed since the file was written (another CSO,
   * role, municipality, grant or instrument purpose): the file is no longer handed out, and they
   * ask for a new one.
   */
  outdated: z.boolean(),
});
export type ExportJob = z.infer<typeof exportJob>;
