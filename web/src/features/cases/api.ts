import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CaseRecord,
  Person,
  PersonHistoryEntry,
  PersonSummary,
  Referral,
  Service,
  aggregate,
  aggregateQuery,
  approval,
  approvalDecision,
  approvalRequest,
  caseDetail,
  caseload,
  consentInput,
  duplicateCheck,
  personInput,
  personPatch,
  planInput,
  referralInput,
  referralTarget,
  reviewInput,
  serviceInput,
  servicePatch,
  staffMember,
  statusInput,
} from '../../../../common/schemas/cases';
import type { Instrument } from '../../../../common/schemas/instrument';
import type { Page } from '../../../../common/schemas/list';
import { api, queryString } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import { allItems, pageQuery, type ListParams } from '../../api/queries';
import type { Wire } from '../../api/wire';

export type CaseFile = Wire<z.infer<typeof caseDetail>>;
export type CaseSession = CaseFile['sessions']['items'][number];
export type Caseload = z.infer<typeof caseload>;
export type DuplicateCheck = z.infer<typeof duplicateCheck>;
export type PersonForm = z.input<typeof personInput>;
export type Approval = z.infer<typeof approval>;
export type ReferralTarget = z.infer<typeof referralTarget>;
export type StaffMember = z.infer<typeof staffMember>;
export type Aggregate = z.infer<typeof aggregate>;
export type AggregateQuery = z.input<typeof aggregateQuery>;

export const caseKeys = {
  all: ['cases'] as const,
  people: (q: string) => ['cases', 'people', q] as const,
  list: ['cases', 'people', 'list'] as const,
  retention: ['cases', 'retention'] as const,
  person: (id: string) => ['cases', 'person', id] as const,
  history: (id: string) => ['cases', 'person', id, 'history'] as const,
  casesOf: (personId: string) => ['cases', 'casesOf', personId] as const,
  file: (id: string) => ['cases', 'file', id] as const,
  /** Under the file's key: reading the file again reads its later session pages again too. */
  sessions: (id: string) => ['cases', 'file', id, 'sessions'] as const,
  caseload: ['cases', 'caseload'] as const,
  referrals: (direction: string) => ['cases', 'referrals', direction] as const,
  approvals: ['cases', 'approvals'] as const,
  services: ['cases', 'services'] as const,
  // Reference lists the case pages pick from, outside the feature's root key: no change to a case
  // makes them stale, and reading all three again after every write cost a phone about 0.7 s.
  targets: ['case-references', 'targets'] as const,
  staff: ['case-references', 'staff'] as const,
  instruments: ['case-references', 'needs-instruments'] as const,
  aggregates: (q: AggregateQuery) => ['cases', 'aggregates', q] as const,
};

export const caseQueries = {
  people: (q: string) => queryOptions({ queryKey: caseKeys.people(q), queryFn: () => api<Page<PersonSummary>>('GET', `/people${queryString({ q, pageSize: 50 })}`), enabled: q.trim().length > 0 }),
  /** The people list: a page with the list's filters, only once something was searched for. */
  list: (params: ListParams, enabled: boolean) => ({ ...pageQuery<PersonSummary>(caseKeys.list, '/people', params), enabled }),
  retention: (params: ListParams) => pageQuery<CaseRecord>(caseKeys.retention, '/cases/retention', params),
  person: (id: string) => queryOptions({ queryKey: caseKeys.person(id), queryFn: () => api<Person>('GET', `/people/${id}`) }),
  /** One page of who viewed or changed the record, newest first; the page follows the `next` cursor (`after`). */
  history: (id: string, page: { page: number; after?: string | undefined } = { page: 1 }) =>
    queryOptions({
      queryKey: [...caseKeys.history(id), page],
      queryFn: () => api<Page<PersonHistoryEntry>>('GET', `/people/${id}/history${queryString({ pageSize: 25, ...page })}`),
    }),
  /** Every case of one person (a handful), page by page: never the first page only. */
  casesOf: (personId: string) => queryOptions({ queryKey: caseKeys.casesOf(personId), queryFn: () => allItems<CaseRecord>('/cases', { personId }) }),
  file: (id: string) => queryOptions({ queryKey: caseKeys.file(id), queryFn: () => api<CaseFile>('GET', `/cases/${id}`), retry: false }),
  /** A page of a case's sessions after the file's first (which the file carries). */
  sessions: (id: string, page: { page: number; after?: string | undefined }) =>
    queryOptions({
      queryKey: [...caseKeys.sessions(id), page],
      queryFn: () => api<Page<CaseSession>>('GET', `/cases/${id}/sessions${queryString({ pageSize: 25, ...page })}`),
    }),
  caseload: () => queryOptions({ queryKey: caseKeys.caseload, queryFn: () => api<Caseload>('GET', '/caseload') }),
  /** One page of referrals; the page follows the `next` cursor (`after`). */
  referrals: (direction: 'sent' | 'received', page: { page: number; after?: string | undefined } = { page: 1 }) =>
    queryOptions({
      queryKey: [...caseKeys.referrals(direction), page],
      queryFn: () => api<Page<Referral>>('GET', `/referrals${queryString({ direction, pageSize: 25, ...page })}`),
    }),
  approvals: () => queryOptions({ queryKey: caseKeys.approvals, queryFn: () => api<Approval[]>('GET', '/approvals') }),
  /** One page of the services catalogue (every CSO's for programme staff); the page follows the `next` cursor. */
  services: (page: { page: number; after?: string | undefined }) =>
    queryOptions({ queryKey: [...caseKeys.services, 'page', page], queryFn: () => api<Page<Service>>('GET', `/services${queryString({ pageSize: 50, ...page })}`) }),
  /** Every service of one organisation (the session form's picker), page by page: never the first page only. */
  servicesOf: (organisationId: string) =>
    queryOptions({ queryKey: [...caseKeys.services, organisationId], queryFn: () => allItems<Service>('/services', { organisationId }) }),
  targets: () => queryOptions({ queryKey: caseKeys.targets, queryFn: () => api<ReferralTarget[]>('GET', '/referral-targets'), staleTime: 300_000 }),
  staff: () => queryOptions({ queryKey: caseKeys.staff, queryFn: () => api<StaffMember[]>('GET', '/case-staff'), staleTime: 300_000 }),
  instruments: () =>
    queryOptions({
      queryKey: caseKeys.instruments,
      // Needs assessments, and the screenings (Washington Group, Child Functioning) that go with them.
      queryFn: async () => {
        const lists = await Promise.all(['needs_assessment', 'screening'].map((purpose) => allItems<Wire<Instrument>>('/instruments', { purpose })));
        return lists.flat().filter((i) => i.versions.some((v) => v.status === 'published'));
      },
      staleTime: 300_000,
    }),
  aggregates: (q: AggregateQuery) => queryOptions({ queryKey: caseKeys.aggregates(q), queryFn: () => api<Aggregate>('GET', `/cases-aggregates${queryString({ ...q })}`) }),
};

export const checkDuplicates = (input: { organisationId: string; givenName: string; surname: string; birthDate: string | null; personalNumber: string | null }) =>
  api<DuplicateCheck>('POST', '/people/duplicates', input);

/** Every change in case management makes the feature's cached reads stale. */
function useCasesMutation<V, R>(mutationFn: (vars: V) => Promise<R>, ui?: MutationUi<R, V>) {
  return useApiMutation({ mutationFn, invalidates: [caseKeys.all] }, ui);
}

export const useRegisterPerson = (ui?: MutationUi<Person, PersonForm>) => useCasesMutation((input: PersonForm) => api<Person>('POST', '/people', input), ui);
export const useOpenCase = (ui?: MutationUi<CaseRecord, { personId: string }>) => useCasesMutation((input: { personId: string }) => api<CaseRecord>('POST', '/cases', input), ui);

export const useSavePlan = (caseId: string, ui?: MutationUi<{ id: string }, z.input<typeof planInput>>) =>
  useCasesMutation((input: z.input<typeof planInput>) => api<{ id: string }>('POST', `/cases/${caseId}/plans`, input), ui);
export const useRecordReview = (caseId: string, ui?: MutationUi<unknown, z.input<typeof reviewInput>>) =>
  useCasesMutation((input: z.input<typeof reviewInput>) => api('POST', `/cases/${caseId}/reviews`, input), ui);
export const useChangeStatus = (caseId: string, ui?: MutationUi<unknown, z.input<typeof statusInput>>) =>
  useCasesMutation((input: z.input<typeof statusInput>) => api('POST', `/cases/${caseId}/status`, input), ui);
export const useRequestApproval = (caseId: string, ui?: MutationUi<unknown, z.input<typeof approvalRequest>>) =>
  useCasesMutation((input: z.input<typeof approvalRequest>) => api('POST', `/cases/${caseId}/approvals`, input), ui);
export const useCloseCase = (caseId: string, ui?: MutationUi<unknown, { version: number }>) =>
  useCasesMutation((input: { version: number }) => api('POST', `/cases/${caseId}/close`, input), ui);
export const useStartAssessment = (caseId: string, ui?: MutationUi<{ response: { id: string } }, { instrumentId: string }>) =>
  useCasesMutation((input: { instrumentId: string }) => api<{ response: { id: string } }>('POST', `/cases/${caseId}/assessments`, input), ui);
export const useSendReferral = (caseId: string, ui?: MutationUi<Referral, z.input<typeof referralInput>>) =>
  useCasesMutation((input: z.input<typeof referralInput>) => api<Referral>('POST', `/cases/${caseId}/referrals`, input), ui);
export const useBreakGlass = (caseId: string, ui?: MutationUi<{ grantId: string; expiresAt: string }, { reason: string; minutes: number }>) =>
  useCasesMutation((input: { reason: string; minutes: number }) => api<{ grantId: string; expiresAt: string }>('POST', `/cases/${caseId}/break-glass`, input), ui);

export const useDecideApproval = (ui?: MutationUi<Approval, { id: string } & z.input<typeof approvalDecision>>) =>
  useCasesMutation(({ id, ...body }: { id: string } & z.input<typeof approvalDecision>) => api<Approval>('POST', `/approvals/${id}/decide`, body), ui);

export type ReferralAction = 'accept' | 'decline' | 'complete' | 'revoke';
export const useReferralAction = (ui?: MutationUi<Referral, { id: string; action: ReferralAction; reason: string }>) =>
  useCasesMutation(
    ({ id, action, reason }: { id: string; action: ReferralAction; reason: string }) =>
      api<Referral>('POST', `/referrals/${id}/${action}`, action === 'revoke' ? undefined : { reason }),
    ui,
  );

export const useAddConsent = (personId: string, ui?: MutationUi<Person, z.input<typeof consentInput>>) =>
  useCasesMutation((input: z.input<typeof consentInput>) => api<Person>('POST', `/people/${personId}/consents`, input), ui);
export const useWithdrawConsent = (personId: string, ui?: MutationUi<Person, string>) =>
  useCasesMutation((consentId: string) => api<Person>('POST', `/people/${personId}/consents/${consentId}/withdraw`), ui);
export const useUpdatePerson = (personId: string, ui?: MutationUi<Person, z.input<typeof personPatch>>) =>
  useCasesMutation((input: z.input<typeof personPatch>) => api<Person>('PATCH', `/people/${personId}`, input), ui);
export const useErasePerson = (personId: string, ui?: MutationUi<unknown, void>) => useCasesMutation(() => api('POST', `/people/${personId}/erase`), ui);
/** Erasure of whichever person a list row names (the retention list). */
export const useEraseListed = (ui?: MutationUi<unknown, string>) => useCasesMutation((personId: string) => api('POST', `/people/${personId}/erase`), ui);

export type ServiceForm = z.input<typeof serviceInput>;
export const useSaveService = (ui?: MutationUi<Service, { id: string | null; version: number; values: ServiceForm }>) =>
  useCasesMutation(({ id, version, values }: { id: string | null; version: number; values: ServiceForm }) => {
    if (!id) return api<Service>('POST', '/services', values);
    const { organisationId: _organisation, ...rest } = values;
    const patch: z.input<typeof servicePatch> = { ...rest, version };
    return api<Service>('PATCH', `/services/${id}`, patch);
  }, ui);
