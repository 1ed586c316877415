import { queryOptions, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { answersInput, Attachment as AttachmentRecord, ResponseListItem, ResponseRecord, responseInput, ResponseWithDefinition } from '../../../../common/schemas/response';
import { api, uploadFile } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import { pageQuery, type ListParams } from '../../api/queries';
import type { Wire } from '../../api/wire';

export type FilledForm = Wire<ResponseRecord>;
/** A row of the list of forms (no answers; the score's overall value and level). */
export type FilledFormRow = Wire<ResponseListItem>;
export type LoadedResponse = Wire<ResponseWithDefinition>;
export type Attachment = Wire<AttachmentRecord>;

export const responseKeys = {
  all: ['responses'] as const,
  list: () => [...responseKeys.all, 'list'] as const,
  detail: (id: string) => [...responseKeys.all, 'detail', id] as const,
  attachments: (id: string) => [...responseKeys.detail(id), 'attachments'] as const,
};

export const responseQueries = {
  list: (params: ListParams) => pageQuery<FilledFormRow>(responseKeys.list(), '/responses', params),
  detail: (id: string) => queryOptions({ queryKey: responseKeys.detail(id), queryFn: () => api<LoadedResponse>('GET', `/responses/${id}`) }),
  attachments: (id: string) => queryOptions({ queryKey: responseKeys.attachments(id), queryFn: () => api<Attachment[]>('GET', `/responses/${id}/attachments`) }),
};

/** Starts filling in an instrument for an organisation. */
export function useStartResponse(ui?: MutationUi<LoadedResponse, z.input<typeof responseInput>>) {
  return useApiMutation(
    { mutationFn: (input: z.input<typeof responseInput>) => api<LoadedResponse>('POST', '/responses', input), invalidates: [responseKeys.list()] },
    ui,
  );
}

type AnswersInput = z.input<typeof answersInput>;
export type SaveResponse = ({ action: 'save' | 'submit' } & AnswersInput) | ({ action: 'amend'; reason: string } & AnswersInput);

/** Saves a draft's answers, submits it, or amends a submitted one with a reason. */
export function useSaveResponse(id: string, ui?: MutationUi<LoadedResponse, SaveResponse>) {
  const client = useQueryClient();
  return useApiMutation(
    {
      mutationFn: async ({ action, ...body }: SaveResponse) => {
        const saved =
          action === 'save'
            ? await api<LoadedResponse>('PATCH', `/responses/${id}`, body)
            : await api<LoadedResponse>('POST', `/responses/${id}/${action}`, body);
        client.setQueryData(responseKeys.detail(id), saved);
        return saved;
      },
      invalidates: [responseKeys.list()],
    },
    ui,
  );
}

export function useUploadAttachment(responseId: string, ui?: MutationUi<Attachment, { question: string; file: File }>) {
  return useApiMutation(
    {
      mutationFn: ({ question, file }: { question: string; file: File }) =>
        uploadFile<Attachment>(`/responses/${responseId}/attachments?question=${encodeURIComponent(question)}`, file),
      invalidates: [responseKeys.attachments(responseId)],
    },
    ui,
  );
}

/** Throws away a draft (its author only; the server says no otherwise). */
export function useDeleteDraft(id: string, ui?: MutationUi<void, void>) {
  return useApiMutation({ mutationFn: () => api<void>('DELETE', `/responses/${id}`), invalidates: [responseKeys.list()] }, ui);
}
