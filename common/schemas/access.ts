import { z } from 'zod';

/** Why a record is shared beyond its organisation: an accepted referral, or break-glass access. */
export const GRANT_PURPOSES = ['referral', 'break_glass'] as const;
export type GrantPurpose = (typeof GRANT_PURPOSES)[number];

/**
 * What a filled-in form is about. Its visibility follows its subject: forms about an
 * organisation or a service reach whoever reaches the organisation; forms about a person
 * (a screening, a needs assessment) stay inside the organisation that serves the person;
 * a training participant's test is also seen by programme staff.
 */
export const SUBJECT_TYPES = ['organisation', 'service', 'person', 'participant'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export const subject = z.object({ type: z.enum(SUBJECT_TYPES), id: z.uuid().nullable() });
export type Subject = z.infer<typeof subject>;
