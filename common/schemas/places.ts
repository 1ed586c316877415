import { z } from 'zod';
import { recordVersion } from './list';

const names = {
  nameKa: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
};

export const regionInput = z.object({ code: z.string().trim().min(2).max(20), ...names });
export const regionPatch = regionInput.partial().extend({ version: recordVersion });
export const region = regionInput.extend({ id: z.uuid(), version: z.number().int() });
export type Region = z.infer<typeof region>;

export const municipalityInput = z.object({ regionId: z.uuid(), ...names });
export const municipalityPatch = municipalityInput.partial().extend({ version: recordVersion });
export const municipality = municipalityInput.extend({ id: z.uuid(), version: z.number().int() });
export type Municipality = z.infer<typeof municipality>;
