import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../common/schemas/list';
import type { Organisation } from '../../../common/schemas/organisation';
import type { Municipality, Region } from '../../../common/schemas/places';
import { api } from './client';

/** The name in the interface language (records carry both). */
export function useLocalName() {
  const { i18n } = useTranslation();
  return (record: { nameKa: string; nameEn: string } | undefined) =>
    record ? (i18n.language === 'ka' ? record.nameKa : record.nameEn) : '';
}

export function useRegions() {
  return useQuery({ queryKey: ['regions'], queryFn: () => api<Region[]>('GET', '/regions'), staleTime: 300_000 });
}

export function useMunicipalities() {
  return useQuery({ queryKey: ['municipalities'], queryFn: () => api<Municipality[]>('GET', '/municipalities'), staleTime: 300_000 });
}

/** Organisations the user can see, for pickers and for naming ids in tables. */
export function useOrganisationOptions() {
  return useQuery({
    queryKey: ['organisations', 'options'],
    queryFn: () => api<Page<Organisation>>('GET', '/organisations?pageSize=200&sort=name').then((p) => p.items),
    staleTime: 60_000,
  });
}
