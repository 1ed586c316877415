import { z } from 'zod';
import { SUBJECT_TYPES } from './access';
import { dateParam, intParam } from './list';

/** Which responses an answers export or a summary covers. */
export const answersFilter = z.object({
  /** One version of the instrument; all versions when left out. */
  version: intParam.optional(),
  organisationId: z.uuid().optional(),
  municipalityId: z.uuid().optional(),
  subjectType: z.enum(SUBJECT_TYPES).optional(),
  /** Submitted on or after / before the end of (dates, inclusive). */
  from: dateParam.optional(),
  to: dateParam.optional(),
});

/** The export's switches, as in Kobo: file format, wide or long (tidy) layout, labels or XLSForm names. */
export const answersExportQuery = answersFilter.extend({
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
  layout: z.enum(['wide', 'long']).default('wide'),
  /** Headers and choice values as labels in a language, or as XLSForm names and codes. */
  labels: z.enum(['ka', 'en', 'names']).optional(),
  status: z.enum(['submitted', 'draft']).default('submitted'),
});
export type AnswersExportQuery = z.infer<typeof answersExportQuery>;
export type AnswersFilter = z.infer<typeof answersFilter>;

/**
 * A count as a reader outside the owning organisations receives it: null when it is below the
 * disclosure threshold (shown as "<5"), or when it was hidden so a total cannot reveal one.
 */
const cell = z.number().int().nullable();

const bar = z.object({ key: z.string(), labelKa: z.string(), labelEn: z.string(), count: cell });
export const questionSummary = z.object({
  name: z.string(),
  labelKa: z.string(),
  labelEn: z.string(),
  type: z.string(),
  /** How many answered; null when suppressed. */
  answered: cell,
  /** Choice counts, or the bins of a histogram (key = lower bound). */
  bars: z.array(bar),
  mean: z.number().nullable(),
});
export type QuestionSummary = z.infer<typeof questionSummary>;

export const instrumentSummary = z.object({
  instrumentId: z.uuid(),
  /** Submitted responses counted; null when suppressed. */
  responses: cell,
  /** Whether small counts were hidden for this reader. */
  suppressed: z.boolean(),
  threshold: z.number().int(),
  questions: z.array(questionSummary),
  sections: z.array(questionSummary),
  overall: questionSummary.nullable(),
  bands: z.array(bar),
});
export type InstrumentSummary = z.infer<typeof instrumentSummary>;
