import { queryOptions } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Certificate, Enrolment, Lesson, ModuleDetail, PackageRecord, Report, Staff, StaffLogin, TrainingDetail, me, selfInput, staffInput, staffPatch, trainingInput, trainingSummary, trainingSurvey, verification } from '../../../../common/schemas/learning';
import type { Page } from '../../../../common/schemas/list';
import { api, apiWithStatus, queryString, uploadFile } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import { allItems, pageQuery, type ListParams } from '../../api/queries';

export type Me = z.infer<typeof me>;
export type TrainingSummary = z.infer<typeof trainingSummary>;
export type Verification = z.infer<typeof verification>;
export type TrainingSurvey = z.infer<typeof trainingSurvey>;
export type StaffChange = z.input<typeof staffPatch> & { id: string };

export const learningKeys = {
  all: ['learning'] as const,
  packages: ['learning', 'packages'] as const,
  me: ['learning', 'me'] as const,
  module: (id: string) => ['learning', 'module', id] as const,
  lesson: (id: string) => ['learning', 'lesson', id] as const,
  training: (id: string) => ['learning', 'training', id] as const,
  survey: (id: string) => ['learning', 'training', id, 'survey'] as const,
};

export const learningQueries = {
  packages: () => queryOptions({ queryKey: learningKeys.packages, queryFn: () => api<PackageRecord[]>('GET', '/learning/packages') }),
  me: () => queryOptions({ queryKey: learningKeys.me, queryFn: () => api<Me>('GET', '/learning/me') }),
  // Lessons and module outlines opened before are kept by the service worker: asked for offline too.
  module: (id: string) => queryOptions({ queryKey: learningKeys.module(id), queryFn: () => api<ModuleDetail>('GET', `/learning/modules/${id}`, undefined, { kept: true }) }),
  lesson: (id: string) => queryOptions({ queryKey: learningKeys.lesson(id), queryFn: () => api<Lesson>('GET', `/learning/lessons/${id}`, undefined, { kept: true }) }),
  trainings: (params: ListParams) => pageQuery<TrainingSummary>(['learning', 'trainings'], '/learning/trainings', params),
  training: (id: string) => queryOptions({ queryKey: learningKeys.training(id), queryFn: () => api<TrainingDetail>('GET', `/learning/trainings/${id}`) }),
  survey: (id: string) => queryOptions({ queryKey: learningKeys.survey(id), queryFn: () => api<TrainingSurvey>('GET', `/learning/trainings/${id}/survey`) }),
  // Every survey the author may pick (page by page), never the first page only.
  surveys: () => queryOptions({ queryKey: ['learning', 'surveys'], queryFn: () => allItems<{ id: string; titleKa: string; titleEn: string }>('/instruments', { purpose: 'survey' }) }),
  certificates: (params: ListParams) => pageQuery<Certificate>(['learning', 'certificates'], '/learning/certificates', params),
  staff: (params: ListParams) => pageQuery<Staff>(['learning', 'staff'], '/learning/staff', params),
  /** The logins of an organisation a keeper may link a register entry to. */
  staffLogins: (organisationId: string) => queryOptions({ queryKey: ['learning', 'staff', 'logins', organisationId], queryFn: () => api<StaffLogin[]>('GET', `/learning/staff/logins${queryString({ organisationId })}`) }),
  enrolments: (params: ListParams) => pageQuery<Enrolment>(['learning', 'enrolments'], '/learning/enrolments', params),
  report: (by: string) => queryOptions({ queryKey: ['learning', 'report', by], queryFn: () => api<Report>('GET', `/learning/reports${queryString({ by })}`) }),
  verify: (code: string) => queryOptions({ queryKey: ['verify', code], queryFn: () => api<Verification>('GET', `/learning/verify/${code}`), retry: false }),
};

const invalidates = [learningKeys.all];

/** The person's register entry, and whether it is one a manager had made (found and linked: 200) rather than a new one (201). */
export type SelfRegistered = { staff: Staff; linked: boolean };
export function useRegisterSelf(ui?: MutationUi<SelfRegistered, z.input<typeof selfInput>>) {
  return useApiMutation(
    {
      mutationFn: async (input: z.input<typeof selfInput>) => {
        const { status, data } = await apiWithStatus<Staff>('POST', '/learning/me', input);
        return { staff: data, linked: status === 200 };
      },
      invalidates,
    },
    ui,
  );
}
export function useAddStaff(ui?: MutationUi<Staff, z.input<typeof staffInput>>) {
  return useApiMutation({ mutationFn: (input: z.input<typeof staffInput>) => api<Staff>('POST', '/learning/staff', input), invalidates }, ui);
}
export function useUpdateStaff(ui?: MutationUi<Staff, StaffChange>) {
  return useApiMutation({ mutationFn: ({ id, ...patch }: StaffChange) => api<Staff>('PATCH', `/learning/staff/${id}`, patch), invalidates }, ui);
}
export function useStartSurvey(ui?: MutationUi<{ responseId: string }, string>) {
  return useApiMutation({ mutationFn: (participantId: string) => api<{ responseId: string }>('POST', `/learning/participants/${participantId}/survey`), invalidates }, ui);
}
export function useEnrol(ui?: MutationUi<Enrolment, { moduleId: string }>) {
  return useApiMutation({ mutationFn: (input: { moduleId: string }) => api<Enrolment>('POST', '/learning/enrolments', input), invalidates }, ui);
}
export function useProgress(ui?: MutationUi<Enrolment, { enrolmentId: string; lessonId: string; completed: boolean }>) {
  return useApiMutation(
    { mutationFn: (v: { enrolmentId: string; lessonId: string; completed: boolean }) => api<Enrolment>('POST', `/learning/enrolments/${v.enrolmentId}/lessons/${v.lessonId}`, { completed: v.completed }), invalidates },
    ui,
  );
}
export function useStartTest(ui?: MutationUi<{ responseId: string }, string>) {
  return useApiMutation({ mutationFn: (enrolmentId: string) => api<{ responseId: string }>('POST', `/learning/enrolments/${enrolmentId}/test`), invalidates }, ui);
}
export function useCompleteModule(ui?: MutationUi<Enrolment, string>) {
  return useApiMutation({ mutationFn: (enrolmentId: string) => api<Enrolment>('POST', `/learning/enrolments/${enrolmentId}/complete`), invalidates }, ui);
}
export function useCreateTraining(ui?: MutationUi<TrainingDetail, z.input<typeof trainingInput>>) {
  return useApiMutation({ mutationFn: (input: z.input<typeof trainingInput>) => api<TrainingDetail>('POST', '/learning/trainings', input), invalidates }, ui);
}
export function useAddParticipant(trainingId: string, ui?: MutationUi<TrainingDetail, string>) {
  return useApiMutation({ mutationFn: (staffId: string) => api<TrainingDetail>('POST', `/learning/trainings/${trainingId}/participants`, { staffId }), invalidates }, ui);
}
export interface ParticipantChange {
  id: string;
  attendance: boolean[];
  preScore: number | null;
  postScore: number | null;
  version: number;
}
export function useSaveParticipant(ui?: MutationUi<TrainingDetail, ParticipantChange>) {
  return useApiMutation({ mutationFn: ({ id, ...body }: ParticipantChange) => api<TrainingDetail>('PATCH', `/learning/participants/${id}`, body), invalidates }, ui);
}
export function useSetTrainingSurvey(ui?: MutationUi<TrainingDetail, { id: string; surveyInstrumentId: string | null; version: number }>) {
  return useApiMutation(
    { mutationFn: ({ id, ...body }: { id: string; surveyInstrumentId: string | null; version: number }) => api<TrainingDetail>('PATCH', `/learning/trainings/${id}`, body), invalidates },
    ui,
  );
}
export function useFinishTraining(ui?: MutationUi<TrainingDetail, { id: string; version: number }>) {
  return useApiMutation(
    {
      mutationFn: async ({ id, version }: { id: string; version: number }) => {
        await api<TrainingDetail>('PATCH', `/learning/trainings/${id}`, { status: 'completed', version });
        return api<TrainingDetail>('POST', `/learning/trainings/${id}/certificates`);
      },
      invalidates,
    },
    ui,
  );
}

export type StaffPage = Page<Staff>;
export const certificateUrl = (id: string) => `/api/v1/learning/certificates/${id}/pdf`;
export const fileUrl = (id: string) => `/api/v1/learning/files/${id}`;

export interface LessonDraft {
  titleKa: string;
  titleEn: string;
  bodyKa: string;
  bodyEn: string;
  videoUrls: string[];
  version: number;
}
export function useSaveLesson(id: string, ui?: MutationUi<Lesson, LessonDraft>) {
  return useApiMutation({ mutationFn: (draft: LessonDraft) => api<Lesson>('PATCH', `/learning/lessons/${id}`, draft), invalidates }, ui);
}
export function usePublishLesson(id: string, ui?: MutationUi<Lesson, number>) {
  return useApiMutation({ mutationFn: (version: number) => api<Lesson>('POST', `/learning/lessons/${id}/publish`, { version }), invalidates }, ui);
}
export function useUploadLessonFile(id: string, ui?: MutationUi<unknown, File>) {
  return useApiMutation({ mutationFn: (file: File) => uploadFile<unknown>(`/learning/lessons/${id}/files`, file), invalidates }, ui);
}
export function useAddLesson(moduleId: string, ui?: MutationUi<Lesson, { titleKa: string; titleEn: string; position: number }>) {
  return useApiMutation({ mutationFn: (input: { titleKa: string; titleEn: string; position: number }) => api<Lesson>('POST', `/learning/modules/${moduleId}/lessons`, input), invalidates }, ui);
}
export function usePublishModule(ui?: MutationUi<ModuleDetail, { id: string; published: boolean; version: number }>) {
  return useApiMutation({ mutationFn: ({ id, ...body }: { id: string; published: boolean; version: number }) => api<ModuleDetail>('PATCH', `/learning/modules/${id}`, body), invalidates }, ui);
}
