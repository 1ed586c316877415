import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AssessmentDetail as AssessmentDetailRecord,
  CsoDocument as CsoDocumentRecord,
  Assessment as AssessmentRecord,
  aggregates,
  MentoringSession as MentoringRecord,
  mentoringInput,
  mentoringPatch,
  PlanAction as PlanActionRecord,
  planActionInput,
  planActionPatch,
  PlanProgress,
  portfolio,
  Profile,
  profileInput,
  Report,
  Results,
  Round,
  roundInput,
  SupervisionSession as SupervisionRecord,
  supervisionInput,
  supervisionHours,
  supervisionPatch,
  supervisionPerson,
  SupportItem as SupportRecord,
  supportInput,
  supportTotals,
} from '../../../../common/schemas/capacity';
import { api, queryString, uploadFile } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import { allItems, pageQuery, type ListParams } from '../../api/queries';
import type { Wire } from '../../api/wire';

export type Assessment = Wire<AssessmentRecord>;
export type AssessmentDetail = Wire<AssessmentDetailRecord>;
export type PlanAction = Wire<PlanActionRecord>;
export type MentoringSession = Wire<MentoringRecord>;
export type SupervisionSession = Wire<SupervisionRecord>;
export type SupportItem = Wire<SupportRecord>;
export type Portfolio = z.infer<typeof portfolio>;
export type Aggregates = z.infer<typeof aggregates>;
export type { PlanProgress, Profile, Report, Results, Round };

/** One root key: any capacity change refreshes every capacity view (they derive from each other). */
export const capacityKeys = {
  all: ['capacity'] as const,
  rounds: () => [...capacityKeys.all, 'rounds'] as const,
  assessments: () => [...capacityKeys.all, 'assessments'] as const,
  assessment: (id: string) => [...capacityKeys.all, 'assessment', id] as const,
  results: (organisationId: string) => [...capacityKeys.all, 'results', organisationId] as const,
  progress: (organisationId: string) => [...capacityKeys.all, 'progress', organisationId] as const,
  profile: (organisationId: string) => [...capacityKeys.all, 'profile', organisationId] as const,
  report: (organisationId: string) => [...capacityKeys.all, 'report', organisationId] as const,
  plan: () => [...capacityKeys.all, 'plan'] as const,
  mentoring: () => [...capacityKeys.all, 'mentoring'] as const,
  supervision: () => [...capacityKeys.all, 'supervision'] as const,
  supervisionHours: (organisationId: string) => [...capacityKeys.all, 'supervision-hours', organisationId] as const,
  support: () => [...capacityKeys.all, 'support'] as const,
  supportTotals: (organisationId: string) => [...capacityKeys.all, 'support-totals', organisationId] as const,
  portfolio: (params: ListParams) => [...capacityKeys.all, 'portfolio', params] as const,
  aggregates: (params: ListParams) => [...capacityKeys.all, 'aggregates', params] as const,
};

const get = <T,>(path: string) => () => api<T>('GET', path);

export const capacityQueries = {
  rounds: () => queryOptions({ queryKey: capacityKeys.rounds(), queryFn: get<Round[]>('/capacity/rounds'), staleTime: 60_000 }),
  assessments: (params: ListParams) => pageQuery<Assessment>(capacityKeys.assessments(), '/capacity/assessments', params),
  assessment: (id: string) => queryOptions({ queryKey: capacityKeys.assessment(id), queryFn: get<AssessmentDetail>(`/capacity/assessments/${id}`) }),
  results: (organisationId: string) => queryOptions({ queryKey: capacityKeys.results(organisationId), queryFn: get<Results>(`/capacity/organisations/${organisationId}/results`) }),
  progress: (organisationId: string) => queryOptions({ queryKey: capacityKeys.progress(organisationId), queryFn: get<PlanProgress>(`/capacity/organisations/${organisationId}/plan-progress`) }),
  profile: (organisationId: string) => queryOptions({ queryKey: capacityKeys.profile(organisationId), queryFn: get<Profile>(`/capacity/organisations/${organisationId}/profile`) }),
  report: (organisationId: string) => queryOptions({ queryKey: capacityKeys.report(organisationId), queryFn: get<Report>(`/capacity/organisations/${organisationId}/report`) }),
  plan: (params: ListParams) => pageQuery<PlanAction>(capacityKeys.plan(), '/capacity/plan-actions', params),
  /** The users who may be named responsible for an action of the CSO's plan (its active users), for the plan's editors. */
  responsibles: (organisationId: string) =>
    queryOptions({ queryKey: [...capacityKeys.plan(), 'responsibles', organisationId], queryFn: get<{ id: string; displayName: string }[]>(`/capacity/organisations/${organisationId}/plan-responsibles`) }),
  /** Every action of one CSO's plan, for pickers. */
  allPlanActions: (organisationId: string) =>
    queryOptions({ queryKey: [...capacityKeys.plan(), 'all', organisationId], queryFn: () => allItems<PlanAction>('/capacity/plan-actions', { organisationId, sort: 'priority', dir: 'asc' }) }),
  mentoring: (params: ListParams) => pageQuery<MentoringSession>(capacityKeys.mentoring(), '/capacity/mentoring', params),
  /** The users who may be picked for the CSO's supervision records (its own first, then the consortium's the reader reaches). */
  supervisionPeople: (organisationId: string) =>
    queryOptions({ queryKey: [...capacityKeys.supervision(), 'people', organisationId], queryFn: get<z.infer<typeof supervisionPerson>[]>(`/capacity/organisations/${organisationId}/supervision-people`) }),
  supervision: (params: ListParams) => pageQuery<SupervisionSession>(capacityKeys.supervision(), '/capacity/supervision', params),
  supervisionHours: (organisationId: string) =>
    queryOptions({ queryKey: capacityKeys.supervisionHours(organisationId), queryFn: get<z.infer<typeof supervisionHours>>(`/capacity/supervision/hours?organisationId=${organisationId}`) }),
  support: (params: ListParams) => pageQuery<SupportItem>(capacityKeys.support(), '/capacity/support', params),
  supportTotals: (organisationId: string) =>
    queryOptions({ queryKey: capacityKeys.supportTotals(organisationId), queryFn: get<z.infer<typeof supportTotals>>(`/capacity/support/totals?organisationId=${organisationId}`) }),
  portfolio: (params: ListParams) => queryOptions({ queryKey: capacityKeys.portfolio(params), queryFn: get<Portfolio>(`/capacity/portfolio${queryString(params)}`) }),
  aggregates: (params: ListParams) => queryOptions({ queryKey: capacityKeys.aggregates(params), queryFn: get<Aggregates>(`/capacity/aggregates${queryString(params)}`) }),
};

const invalidates = [capacityKeys.all];

export type CsoDocument = Wire<CsoDocumentRecord>;

/** A CSO's key documents (files), and uploading / deleting them. */
export const documentQueries = {
  list: (organisationId: string) => queryOptions({ queryKey: [...capacityKeys.all, 'documents', organisationId], queryFn: get<CsoDocument[]>(`/capacity/organisations/${organisationId}/documents`) }),
};
export function useUploadDocument(organisationId: string, ui?: MutationUi<CsoDocument, { kind: string; file: File }>) {
  return useApiMutation({ mutationFn: ({ kind, file }: { kind: string; file: File }) => uploadFile<CsoDocument>(`/capacity/organisations/${organisationId}/documents?kind=${kind}`, file), invalidates }, ui);
}
export function useDeleteDocument(ui?: MutationUi<void, string>) {
  return useApiMutation({ mutationFn: (id: string) => api<void>('DELETE', `/capacity/documents/${id}`), invalidates }, ui);
}

export function useCreateRound(ui?: MutationUi<Round, z.input<typeof roundInput>>) {
  return useApiMutation({ mutationFn: (values: z.input<typeof roundInput>) => api<Round>('POST', '/capacity/rounds', values), invalidates }, ui);
}

export function useCreateAssessment(ui?: MutationUi<AssessmentDetail, { organisationId: string; roundId: string; facilitators: string; participants: string }>) {
  return useApiMutation(
    { mutationFn: (values: { organisationId: string; roundId: string; facilitators: string; participants: string }) => api<AssessmentDetail>('POST', '/capacity/assessments', values), invalidates },
    ui,
  );
}

export function useAddRating(assessmentId: string, ui?: MutationUi<AssessmentDetail, { raterName: string }>) {
  return useApiMutation({ mutationFn: (values: { raterName: string }) => api<AssessmentDetail>('POST', `/capacity/assessments/${assessmentId}/ratings`, values), invalidates }, ui);
}

/** Assessment steps without a body of their own: open the consensus form, finalise, suggest the plan. */
export function useAssessmentStep<R>(path: (id: string) => string, ui?: MutationUi<R, { id: string; version?: number }>) {
  return useApiMutation({ mutationFn: (vars: { id: string; version?: number }) => api<R>('POST', path(vars.id), vars.version ? { version: vars.version } : undefined), invalidates }, ui);
}

/** How many actions suggesting the plan would add now, asked when the button is pressed (so the confirmation can say). */
export function usePlanPreview(ui?: MutationUi<{ count: number }, string>) {
  return useApiMutation({ mutationFn: (assessmentId: string) => api<{ count: number }>('GET', `/capacity/assessments/${assessmentId}/plan-preview`) }, ui);
}

export function useUpdatePlanAction(ui?: MutationUi<PlanAction, { id: string } & z.input<typeof planActionPatch>>) {
  return useApiMutation(
    { mutationFn: ({ id, ...patch }: { id: string } & z.input<typeof planActionPatch>) => api<PlanAction>('PATCH', `/capacity/plan-actions/${id}`, patch), invalidates },
    ui,
  );
}

export function useCreatePlanAction(ui?: MutationUi<PlanAction, z.input<typeof planActionInput>>) {
  return useApiMutation({ mutationFn: (values: z.input<typeof planActionInput>) => api<PlanAction>('POST', '/capacity/plan-actions', values), invalidates }, ui);
}

/** Deletes an action nobody has worked on yet (the server refuses any other: it is cancelled instead). */
export function useDeletePlanAction(ui?: MutationUi<void, string>) {
  return useApiMutation({ mutationFn: (id: string) => api<void>('DELETE', `/capacity/plan-actions/${id}`), invalidates }, ui);
}

export function useCreateMentoring(ui?: MutationUi<MentoringSession, z.input<typeof mentoringInput>>) {
  return useApiMutation({ mutationFn: (values: z.input<typeof mentoringInput>) => api<MentoringSession>('POST', '/capacity/mentoring', values), invalidates }, ui);
}

/** Changes to a visit, sent with the version it was read at (a 409 when someone changed it meanwhile). */
export function useUpdateMentoring(ui?: MutationUi<MentoringSession, { id: string } & z.input<typeof mentoringPatch>>) {
  return useApiMutation(
    { mutationFn: ({ id, ...patch }: { id: string } & z.input<typeof mentoringPatch>) => api<MentoringSession>('PATCH', `/capacity/mentoring/${id}`, patch), invalidates },
    ui,
  );
}

export function useCreateSupervision(ui?: MutationUi<SupervisionSession, z.input<typeof supervisionInput>>) {
  return useApiMutation({ mutationFn: (values: z.input<typeof supervisionInput>) => api<SupervisionSession>('POST', '/capacity/supervision', values), invalidates }, ui);
}

/** Changes to a supervision record, sent with the version it was read at. */
export function useUpdateSupervision(ui?: MutationUi<SupervisionSession, { id: string } & z.input<typeof supervisionPatch>>) {
  return useApiMutation(
    { mutationFn: ({ id, ...patch }: { id: string } & z.input<typeof supervisionPatch>) => api<SupervisionSession>('PATCH', `/capacity/supervision/${id}`, patch), invalidates },
    ui,
  );
}

export function useCreateSupport(ui?: MutationUi<SupportItem, z.input<typeof supportInput>>) {
  return useApiMutation({ mutationFn: (values: z.input<typeof supportInput>) => api<SupportItem>('POST', '/capacity/support', values), invalidates }, ui);
}

/** Deletes a wrongly entered mentoring, supervision or support record (204; 404 out of reach). */
export function useDeleteRecord(kind: 'mentoring' | 'supervision' | 'support', ui?: MutationUi<void, string>) {
  return useApiMutation({ mutationFn: (id: string) => api<void>('DELETE', `/capacity/${kind}/${id}`), invalidates }, ui);
}

export function useSaveProfile(organisationId: string, ui?: MutationUi<Profile, z.input<typeof profileInput>>) {
  return useApiMutation({ mutationFn: (values: z.input<typeof profileInput>) => api<Profile>('PUT', `/capacity/organisations/${organisationId}/profile`, values), invalidates }, ui);
}
