import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Municipality, municipalityInput, Region, regionInput } from '../../../../common/schemas/places';
import { api } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';

export const placeKeys = {
  regions: ['regions'] as const,
  municipalities: ['municipalities'] as const,
};

export const placeQueries = {
  regions: () => queryOptions({ queryKey: placeKeys.regions, queryFn: () => api<Region[]>('GET', '/regions'), staleTime: 300_000 }),
  municipalities: () => queryOptions({ queryKey: placeKeys.municipalities, queryFn: () => api<Municipality[]>('GET', '/municipalities'), staleTime: 300_000 }),
};

export function useRegions() {
  return useQuery(placeQueries.regions());
}

export function useMunicipalities() {
  return useQuery(placeQueries.municipalities());
}

type RegionInput = z.input<typeof regionInput>;
type MunicipalityInput = z.input<typeof municipalityInput>;

/** Creates a region, or renames one (`record` given). */
export function useSaveRegion(record: Region | undefined, ui?: MutationUi<Region, RegionInput>) {
  return useApiMutation(
    {
      mutationFn: (input: RegionInput) =>
        record ? api<Region>('PATCH', `/regions/${record.id}`, { ...input, version: record.version }) : api<Region>('POST', '/regions', input),
      invalidates: [placeKeys.regions],
    },
    ui,
  );
}

/** Creates a municipality, or edits one (`record` given). */
export function useSaveMunicipality(record: Municipality | undefined, ui?: MutationUi<Municipality, MunicipalityInput>) {
  return useApiMutation(
    {
      mutationFn: (input: MunicipalityInput) =>
        record
          ? api<Municipality>('PATCH', `/municipalities/${record.id}`, { ...input, version: record.version })
          : api<Municipality>('POST', '/municipalities', input),
      invalidates: [placeKeys.municipalities],
    },
    ui,
  );
}
