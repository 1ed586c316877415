import { z } from 'zod';
import { listQuery, recordVersion } from './list';

export const answerValue = z.union([z.string().max(10_000), z.number(), z.boolean()]);
/** Keys are question names, or instance paths inside repeats (`household[2]/age`); see form-state's answerKey. */
export const answers = z.record(z.string().max(500), answerValue).refine((a) => Object.keys(a).length <= 20_000, 'validation.tooManyAnswers');

export const responseInput = z.object({ instrumentId: z.uuid(), organisationId: z.uuid(), label: z.string().trim().max(200).default('') });
export const answersInput = z.object({ answers, version: recordVersion });
export const amendInput = answersInput.extend({ reason: z.string().trim().min(1).max(1000) });

export const scoreResult = z.object({
  overall: z.number().nullable(),
  band: z.object({ ka: z.string().optional(), en: z.string().optional(), default: z.string().optional() }).nullable(),
  sections: z.array(z.object({ name: z.string(), label: z.object({ ka: z.string().optional(), en: z.string().optional(), default: z.string().optional() }), score: z.number().nullable(), count: z.number().int() })),
});

export const response = z.object({
  id: z.uuid(),
  instrumentId: z.uuid(),
  instrumentVersionId: z.uuid(),
  versionNumber: z.number().int(),
  instrumentTitleKa: z.string(),
  instrumentTitleEn: z.string(),
  organisationId: z.uuid(),
  label: z.string(),
  status: z.enum(['draft', 'submitted']),
  answers: z.record(z.string(), answerValue),
  score: scoreResult.nullable(),
  submittedAt: z.date().nullable(),
  version: z.number().int(),
  updatedAt: z.date(),
});
export type ResponseRecord = z.infer<typeof response>;

export const responseListQuery = listQuery(['updatedAt', 'status'] as const, 'updatedAt').extend({
  dir: z.enum(['asc', 'desc']).default('desc'),
  instrumentId: z.uuid().optional(),
  organisationId: z.uuid().optional(),
  status: z.enum(['draft', 'submitted']).optional(),
});
