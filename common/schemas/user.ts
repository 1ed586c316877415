import { z } from 'zod';
import { LANGUAGES, ORGANISATION_KINDS, ROLES } from '../roles';
import { MIN_PASSWORD_LENGTH } from '../password-rules';
import { listQuery, patchOf } from './list';

export { MIN_PASSWORD_LENGTH };
/** The whole policy (repetition, common passwords) is checked on the server: server/auth/password-policy.ts. */
export const password = z.string().min(MIN_PASSWORD_LENGTH).max(200);

export const user = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  organisationId: z.uuid(),
  roles: z.array(z.enum(ROLES)),
  language: z.enum(LANGUAGES),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  hasPassword: z.boolean(),
  lockedUntil: z.date().nullable(),
  lastLoginAt: z.date().nullable(),
  mentorOrganisationIds: z.array(z.uuid()),
  version: z.number().int(),
  createdAt: z.date(),
});
export type User = z.infer<typeof user>;

export const passwordSetup = z.enum(['link', 'temporary']);

export const userInput = z.object({
  email: z.email().trim().toLowerCase().max(200),
  displayName: z.string().trim().min(1).max(200),
  organisationId: z.uuid(),
  roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
  language: z.enum(LANGUAGES).default('ka'),
  mentorOrganisationIds: z.array(z.uuid()).max(200).optional(),
  passwordSetup: passwordSetup.default('link'),
});
export type UserInput = z.infer<typeof userInput>;

export const userPatch = patchOf(userInput.omit({ email: true, passwordSetup: true }).shape).extend({ active: z.boolean().optional() });
export type UserPatch = z.infer<typeof userPatch>;

/** What an admin hands to the user: a one-time link, or a temporary password to change at once. */
export const credentialHandover = z.object({
  setPasswordPath: z.string().optional(),
  temporaryPassword: z.string().optional(),
  expiresAt: z.date().optional(),
  /** With SMTP: the link went to this address by email (the admin does not see it). */
  emailedTo: z.string().optional(),
  /** With SMTP: sending failed, so the admin gets the link to hand over. */
  emailFailed: z.boolean().optional(),
});

export const forgotPasswordInput = z.object({ email: z.email().trim().toLowerCase().max(200) });

export const userCreated = z.object({ user, credentials: credentialHandover });

export const USER_SORT = ['displayName', 'email', 'createdAt', 'lastLoginAt'] as const;
export const userListQuery = listQuery(USER_SORT, 'displayName').extend({
  organisationId: z.uuid().optional(),
  role: z.enum(ROLES).optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export type UserListQuery = z.infer<typeof userListQuery>;

export const me = z.object({
  user: z.object({
    id: z.uuid(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(ROLES)),
    language: z.enum(LANGUAGES),
    mustChangePassword: z.boolean(),
    organisation: z.object({ id: z.uuid(), kind: z.enum(ORGANISATION_KINDS), nameKa: z.string(), nameEn: z.string() }),
  }),
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});
export type Me = z.infer<typeof me>;

export const loginInput = z.object({ email: z.string().trim().toLowerCase().min(1).max(200), password: z.string().min(1).max(200) });
export const setPasswordInput = z.object({ token: z.string().min(10).max(200), password });
export const changePasswordInput = z.object({ currentPassword: z.string().min(1).max(200), newPassword: password });
export const profilePatch = z.object({ language: z.enum(LANGUAGES).optional(), displayName: z.string().trim().min(1).max(200).optional() });
