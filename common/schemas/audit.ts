import { z } from 'zod';
import { dateParam, listQuery } from './list';

export const auditEntry = z.object({
  id: z.number().int(),
  at: z.date(),
  actorUserId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  organisationId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown().optional(), to: z.unknown().optional() })).nullable(),
  /** Names of the records a list read's filter held by id, in both languages: only those the reader may open. */
  names: z.record(z.string(), z.object({ ka: z.string(), en: z.string() })).optional(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditListQuery = listQuery(['at'] as const, 'at').extend({
  dir: z.enum(['asc', 'desc']).default('desc'),
  action: z.string().max(50).optional(),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(100).optional(),
  actorUserId: z.uuid().optional(),
  from: dateParam.optional(),
  to: dateParam.optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;
