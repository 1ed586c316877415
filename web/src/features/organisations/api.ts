import { queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Organisation as OrganisationRecord, organisationInput } from '../../../../common/schemas/organisation';
import type { OrganisationToFill } from '../../../../common/schemas/response';
import { api } from '../../api/client';
import { compareNames } from '../../components/dates';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import { allItems, pageQuery, type ListParams } from '../../api/queries';
import type { FormValues, Wire } from '../../api/wire';

export type Organisation = Wire<OrganisationRecord>;
/** The organisation form's values: the create input, every field filled in. */
export type OrganisationValues = FormValues<z.input<typeof organisationInput>>;

export const organisationKeys = {
  all: ['organisations'] as const,
  list: () => [...organisationKeys.all, 'list'] as const,
  detail: (id: string) => [...organisationKeys.all, 'detail', id] as const,
  options: () => [...organisationKeys.all, 'options'] as const,
  toFill: (instrumentId: string) => [...organisationKeys.all, 'toFill', instrumentId] as const,
};

export const organisationQueries = {
  list: (params: ListParams) => pageQuery<Organisation>(organisationKeys.list(), '/organisations', params),
  detail: (id: string) => queryOptions({ queryKey: organisationKeys.detail(id), queryFn: () => api<Organisation>('GET', `/organisations/${id}`) }),
  /** Organisations the user can see, for pickers and for naming ids in tables. */
  options: () =>
    queryOptions({
      queryKey: organisationKeys.options(),
      queryFn: () => allItems<Organisation>('/organisations', { sort: 'name' }),
      staleTime: 60_000,
    }),
  /**
   * The organisations the user may fill in this instrument for: where saving it would be accepted
   * (the server decides with the save's own check: write scope, what the instrument is about,
   * active organisations). The same list the offline pack holds.
   */
  toFill: (instrumentId: string) =>
    queryOptions({
      queryKey: organisationKeys.toFill(instrumentId),
      queryFn: () => api<Wire<OrganisationToFill>[]>('GET', `/instruments/${instrumentId}/fill-organisations`),
    }),
};

/** The pickers' organisations, in alphabetical order of the name in the interface language (Georgian collation). */
export function useOrganisationOptions() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const byName = useCallback(
    (items: Organisation[]) => [...items].sort((a, b) => compareNames(en ? a.nameEn : a.nameKa, en ? b.nameEn : b.nameKa)),
    [en],
  );
  return useQuery({ ...organisationQueries.options(), select: byName });
}

/** Where the user may fill in this instrument, in alphabetical order of the name in the interface language. */
export function useOrganisationsToFill(instrumentId: string, enabled = true) {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  const byName = useCallback(
    (items: Wire<OrganisationToFill>[]) => [...items].sort((a, b) => compareNames(en ? a.nameEn : a.nameKa, en ? b.nameEn : b.nameKa)),
    [en],
  );
  return useQuery({ ...organisationQueries.toFill(instrumentId), select: byName, enabled });
}

export function useCreateOrganisation(ui?: MutationUi<Organisation, OrganisationValues>) {
  return useApiMutation(
    { mutationFn: (values: OrganisationValues) => api<Organisation>('POST', '/organisations', values), invalidates: [organisationKeys.all] },
    ui,
  );
}

export function useUpdateOrganisation(organisation: Organisation, ui?: MutationUi<Organisation, OrganisationValues>) {
  return useApiMutation(
    {
      mutationFn: (values: OrganisationValues) => api<Organisation>('PATCH', `/organisations/${organisation.id}`, { ...values, version: organisation.version }),
      invalidates: [organisationKeys.all],
    },
    ui,
  );
}
