import { z } from 'zod';
import { ORGANISATION_KINDS } from '../roles';
import { listQuery, recordVersion } from './list';

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

export const organisationInput = z.object({
  kind: z.enum(ORGANISATION_KINDS),
  nameKa: z.string().trim().min(1).max(300),
  nameEn: z.string().trim().min(1).max(300),
  shortName: optionalText(50),
  registrationNumber: z
    .string()
    .trim()
    .regex(/^\d{9,11}$/, 'validation.registrationNumber')
    .or(z.literal(''))
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  email: z.email().or(z.literal('')).transform((v) => (v === '' ? null : v)).nullable().optional(),
  phone: optionalText(50),
  address: optionalText(300),
  website: optionalText(200),
  active: z.boolean().optional(),
  municipalityIds: z.array(z.uuid()).max(100).optional(),
});
export type OrganisationInput = z.infer<typeof organisationInput>;

export const organisationPatch = organisationInput.partial().extend({ version: recordVersion });
export type OrganisationPatch = z.infer<typeof organisationPatch>;

export const organisation = z.object({
  id: z.uuid(),
  kind: z.enum(ORGANISATION_KINDS),
  nameKa: z.string(),
  nameEn: z.string(),
  shortName: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  website: z.string().nullable(),
  active: z.boolean(),
  municipalityIds: z.array(z.uuid()),
  /**
   * Whether the reader may fill in forms for this organisation (fill in forms, and the organisation
   * in their write scope): the server decides, so pickers offer no organisation a save would refuse.
   */
  mayFillIn: z.boolean(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Organisation = z.infer<typeof organisation>;

export const ORGANISATION_SORT = ['name', 'kind', 'createdAt'] as const;
export const organisationListQuery = listQuery(ORGANISATION_SORT, 'name').extend({
  kind: z.enum(ORGANISATION_KINDS).optional(),
  municipalityId: z.uuid().optional(),
});
export type OrganisationListQuery = z.infer<typeof organisationListQuery>;
