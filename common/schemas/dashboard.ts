import { z } from 'zod';
import { ORGANISATION_KINDS } from '../roles';

/** The key numbers on the home page, counted within what the caller may see. */
export const keyNumbers = z.object({
  organisationsByKind: z.record(z.enum(ORGANISATION_KINDS), z.number().int()),
  activeUsers: z.number().int(),
  municipalities: z.number().int(),
});
export type KeyNumbers = z.infer<typeof keyNumbers>;
