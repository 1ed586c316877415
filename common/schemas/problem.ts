import { z } from 'zod';

/** An application/problem+json body (RFC 9457) as the API sends it: title and messages translated. */
export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  /** The catalogue key of `detail`: a client shows the detail again in another language (the title follows `type`). */
  detailKey: z.string().optional(),
  /** On a 409 `conflict`: `version` when the record changed since it was read, `rule` when its state forbids the change. */
  conflict: z.enum(['version', 'rule']).optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problem>;
