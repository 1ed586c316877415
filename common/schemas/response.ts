import { z } from 'zod';
import { definition } from '../instruments/definition';
import { subject, SUBJECT_TYPES, type SubjectType } from './access';
import type { InstrumentPurpose } from './instrument';
import { listQuery, recordVersion } from './list';

/** What a form is about when the caller does not say: follows from the instrument's purpose. */
export const DEFAULT_SUBJECT_TYPE: Record<InstrumentPurpose, SubjectType> = {
  organisational_assessment: 'organisation',
  quality_checklist: 'service',
  screening: 'person',
  needs_assessment: 'person',
  test: 'participant',
  survey: 'organisation',
};

/**
 * A form about a training participant (a test) is that participant's: it is started from the
 * training or by the learner, where the participant is known, never about nobody.
 */
export const takenInTraining = (purpose: InstrumentPurpose) => DEFAULT_SUBJECT_TYPE[purpose] === 'participant';

export const answerValue = z.union([z.string().max(10_000), z.number(), z.boolean()]);
/** Keys are question names, or instance paths inside repeats (`household[2]/age`); see form-state's answerKey. */
export const answers = z.record(z.string().max(500), answerValue).refine((a) => Object.keys(a).length <= 20_000, 'validation.tooManyAnswers');

export const responseInput = z.object({
  instrumentId: z.uuid(),
  organisationId: z.uuid(),
  label: z.string().trim().max(200).default(''),
  /** What the form is about; by default what the instrument's purpose implies. */
  subjectType: z.enum(SUBJECT_TYPES).optional(),
});
export const answersInput = z.object({ answers, version: recordVersion });
export const amendInput = answersInput.extend({ reason: z.string().trim().min(1).max(1000) });

export const scoreResult = z.object({
  overall: z.number().nullable(),
  band: z.object({ ka: z.string().optional(), en: z.string().optional(), default: z.string().optional() }).nullable(),
  sections: z.array(z.object({ name: z.string(), label: z.object({ ka: z.string().optional(), en: z.string().optional(), default: z.string().optional() }), score: z.number().nullable(), count: z.number().int() })),
});

/** A form is a draft until it is submitted. */
export const RESPONSE_STATUSES = ['draft', 'submitted'] as const;

export const response = z.object({
  id: z.uuid(),
  instrumentId: z.uuid(),
  instrumentVersionId: z.uuid(),
  versionNumber: z.number().int(),
  instrumentTitleKa: z.string(),
  instrumentTitleEn: z.string(),
  organisationId: z.uuid(),
  label: z.string(),
  subject,
  status: z.enum(RESPONSE_STATUSES),
  answers: z.record(z.string(), answerValue),
  score: scoreResult.nullable(),
  submittedAt: z.date().nullable(),
  version: z.number().int(),
  updatedAt: z.date(),
});
export type ResponseRecord = z.infer<typeof response>;

/** A score as lists show it: the overall value and its level, without every section's result. */
export const scoreSummary = scoreResult.pick({ overall: true, band: true });
export type ScoreSummary = z.infer<typeof scoreSummary>;

/**
 * A row of the list of filled-in forms: what the list shows, without the answers and the
 * sections' scores (about 2.7 KB a row that a phone would download and never show; the form's
 * own page reads them).
 */
export const responseListItem = response.omit({ answers: true }).extend({ score: scoreSummary.nullable() });
export type ResponseListItem = z.infer<typeof responseListItem>;

/** A response with the definition of the version it answers, as the form page needs it. */
export const responseWithDefinition = z.object({ response, definition });
export type ResponseWithDefinition = z.infer<typeof responseWithDefinition>;

export const attachment = z.object({ id: z.uuid(), question: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int(), createdAt: z.date() });
export type Attachment = z.infer<typeof attachment>;

export const responseListQuery = listQuery(['updatedAt', 'status'] as const, 'updatedAt').extend({
  dir: z.enum(['asc', 'desc']).default('desc'),
  instrumentId: z.uuid().optional(),
  organisationId: z.uuid().optional(),
  status: z.enum(RESPONSE_STATUSES).optional(),
  subjectType: z.enum(SUBJECT_TYPES).optional(),
  /** Only the forms the caller started (their own drafts). */
  mine: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

/**
 * A form filled on a device, sent under the id the device gave it (a UUID): sending it again is
 * the same request, so a retried send never makes a second form. `instrumentVersionId` is the
 * version the device filled in; a version retired meanwhile is a 409.
 */
export const deviceResponseInput = z.object({
  instrumentVersionId: z.uuid(),
  organisationId: z.uuid(),
  label: z.string().trim().max(200).default(''),
  subjectType: z.enum(SUBJECT_TYPES).optional(),
});
/** The device's own id for an uploaded file, so a retried upload stores it once. */
export const attachmentQuery = z.object({ question: z.string().min(1).max(500), clientId: z.uuid().optional() });

/** An organisation a form may be filled in for (`GET /instruments/:id/fill-organisations`, the offline pack): names only. */
export const organisationToFill = z.object({ id: z.uuid(), nameKa: z.string(), nameEn: z.string(), kind: z.string() });
export type OrganisationToFill = z.infer<typeof organisationToFill>;

/** What a device keeps to fill an instrument offline: the version to fill and where it may be filled. */
export const offlinePack = z.object({
  instrument: z.object({ id: z.uuid(), code: z.string(), purpose: z.string(), titleKa: z.string(), titleEn: z.string() }),
  version: z.object({ id: z.uuid(), number: z.number().int(), definition }),
  /**
   * The organisations the user may fill this form for, to pick from: where saving it would be
   * accepted (write scope, what the form is about, active organisations), as online.
   */
  organisations: z.array(organisationToFill),
});
export type OfflinePack = z.infer<typeof offlinePack>;
