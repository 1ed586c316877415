import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CaseRecord, Person, PersonSummary, caseDetail, caseload, duplicateCheck, personInput, sessionInput } from '../../../../common/schemas/cases';
import type { Page } from '../../../../common/schemas/list';
import { api, queryString } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import type { Wire } from '../../api/wire';

export type CaseFile = Wire<z.infer<typeof caseDetail>>;
export type Caseload = z.infer<typeof caseload>;
export type DuplicateCheck = z.infer<typeof duplicateCheck>;
export type PersonForm = z.input<typeof personInput>;

export const caseKeys = {
  all: ['cases'] as const,
  people: (q: string) => ['cases', 'people', q] as const,
  person: (id: string) => ['cases', 'person', id] as const,
  casesOf: (personId: string) => ['cases', 'casesOf', personId] as const,
  file: (id: string) => ['cases', 'file', id] as const,
  caseload: ['cases', 'caseload'] as const,
};

export const caseQueries = {
  people: (q: string) => queryOptions({ queryKey: caseKeys.people(q), queryFn: () => api<Page<PersonSummary>>('GET', `/people${queryString({ q, pageSize: 50 })}`), enabled: q.trim().length > 0 }),
  person: (id: string) => queryOptions({ queryKey: caseKeys.person(id), queryFn: () => api<Person>('GET', `/people/${id}`) }),
  casesOf: (personId: string) => queryOptions({ queryKey: caseKeys.casesOf(personId), queryFn: () => api<Page<CaseRecord>>('GET', `/cases${queryString({ personId })}`) }),
  file: (id: string) => queryOptions({ queryKey: caseKeys.file(id), queryFn: () => api<CaseFile>('GET', `/cases/${id}`) }),
  caseload: () => queryOptions({ queryKey: caseKeys.caseload, queryFn: () => api<Caseload>('GET', '/caseload') }),
};

export const checkDuplicates = (input: { organisationId: string; givenName: string; surname: string; birthDate: string | null; personalNumber: string | null }) =>
  api<DuplicateCheck>('POST', '/people/duplicates', input);

export function useRegisterPerson(ui?: MutationUi<Person, PersonForm>) {
  return useApiMutation({ mutationFn: (input: PersonForm) => api<Person>('POST', '/people', input), invalidates: [caseKeys.all] }, ui);
}

export function useOpenCase(ui?: MutationUi<CaseRecord, { personId: string }>) {
  return useApiMutation({ mutationFn: (input: { personId: string }) => api<CaseRecord>('POST', '/cases', input), invalidates: [caseKeys.all] }, ui);
}

export function useRecordSession(caseId: string, ui?: MutationUi<unknown, z.input<typeof sessionInput>>) {
  return useApiMutation({ mutationFn: (input: z.input<typeof sessionInput>) => api('POST', `/cases/${caseId}/sessions`, input), invalidates: [caseKeys.file(caseId), caseKeys.caseload] }, ui);
}
