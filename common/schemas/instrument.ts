import { z } from 'zod';
import { definition } from '../instruments/definition';
import { listQuery, patchOf, recordVersion } from './list';

export const INSTRUMENT_PURPOSES = ['organisational_assessment', 'quality_checklist', 'screening', 'needs_assessment', 'test', 'survey'] as const;
export type InstrumentPurpose = (typeof INSTRUMENT_PURPOSES)[number];

export const instrumentInput = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,60}$/, 'validation.code'),
  purpose: z.enum(INSTRUMENT_PURPOSES),
  titleKa: z.string().trim().min(1).max(300),
  titleEn: z.string().trim().min(1).max(300),
  descriptionKa: z.string().trim().max(3000).default(''),
  descriptionEn: z.string().trim().max(3000).default(''),
});
export const instrumentPatch = patchOf(instrumentInput.omit({ code: true }).shape);

export const versionSummary = z.object({
  id: z.uuid(),
  number: z.number().int(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.date().nullable(),
  version: z.number().int(),
});

export const instrument = z.object({
  id: z.uuid(),
  code: z.string(),
  purpose: z.enum(INSTRUMENT_PURPOSES),
  titleKa: z.string(),
  titleEn: z.string(),
  descriptionKa: z.string(),
  descriptionEn: z.string(),
  builtIn: z.boolean(),
  version: z.number().int(),
  versions: z.array(versionSummary),
});
export type Instrument = z.infer<typeof instrument>;

export const definitionIssue = z.object({ item: z.string(), field: z.string(), message: z.string() });

export const instrumentVersion = versionSummary.extend({
  instrumentId: z.uuid(),
  definition,
  /** Problems that block publishing, translated; empty when the version is ready. */
  issues: z.array(definitionIssue),
});
export type InstrumentVersion = z.infer<typeof instrumentVersion>;

export const draftInput = z.object({ definition, version: recordVersion });

export const instrumentListQuery = listQuery(['title', 'code', 'purpose'] as const, 'title').extend({ purpose: z.enum(INSTRUMENT_PURPOSES).optional() });

export const importIssue = z.object({ sheet: z.string(), row: z.number().int(), column: z.string(), message: z.string() });
export const importResult = z.object({ instrument: instrument.optional(), errors: z.array(importIssue), warnings: z.array(importIssue) });
export type ImportResultBody = z.infer<typeof importResult>;
