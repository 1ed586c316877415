import { queryOptions, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Definition } from '../../../../common/instruments/definition';
import type { InstrumentSummary as InstrumentSummaryRecord } from '../../../../common/schemas/answers';
import type {
  ImportResultBody,
  Instrument as InstrumentRecord,
  instrumentInput,
  InstrumentVersion as InstrumentVersionRecord,
} from '../../../../common/schemas/instrument';
import { api, postFile, queryString } from '../../api/client';
import { useApiMutation, type MutationUi } from '../../api/mutation';
import { pageQuery, type ListParams } from '../../api/queries';
import type { FormValues, Wire } from '../../api/wire';

export type Instrument = Wire<InstrumentRecord>;
export type InstrumentVersion = Wire<InstrumentVersionRecord>;
export type ImportResult = Wire<ImportResultBody>;
/** The details form's values: the create input, every field filled in. */
export type InstrumentDetailsValues = FormValues<z.input<typeof instrumentInput>>;

export const instrumentKeys = {
  all: ['instruments'] as const,
  list: () => [...instrumentKeys.all, 'list'] as const,
  detail: (id: string) => [...instrumentKeys.all, 'detail', id] as const,
  version: (id: string, number: number | undefined) => [...instrumentKeys.detail(id), 'version', number] as const,
};

export const instrumentQueries = {
  list: (params: ListParams) => pageQuery<Instrument>(instrumentKeys.list(), '/instruments', params),
  detail: (id: string) => queryOptions({ queryKey: instrumentKeys.detail(id), queryFn: () => api<Instrument>('GET', `/instruments/${id}`) }),
  version: (id: string, number: number | undefined) =>
    queryOptions({
      queryKey: instrumentKeys.version(id, number),
      queryFn: () => api<InstrumentVersion>('GET', `/instruments/${id}/versions/${number}`),
      enabled: number !== undefined,
    }),
};

export function useInstrument(id: string) {
  return useQuery(instrumentQueries.detail(id));
}

export function useInstrumentVersion(id: string, number: number | undefined) {
  return useQuery(instrumentQueries.version(id, number));
}

export function useTitle() {
  return (i: { titleKa: string; titleEn: string } | undefined, lang: string) => (i ? (lang === 'ka' ? i.titleKa : i.titleEn) : '');
}

const invalidates = [instrumentKeys.all];

/** Creates an instrument, or saves the details of `initial` (its code stays). */
export function useSaveInstrumentDetails(initial: Instrument | undefined, ui?: MutationUi<Instrument, InstrumentDetailsValues>) {
  return useApiMutation(
    {
      mutationFn: ({ code, ...details }: InstrumentDetailsValues) =>
        initial
          ? api<Instrument>('PATCH', `/instruments/${initial.id}`, { ...details, version: initial.version })
          : api<Instrument>('POST', '/instruments', { code, ...details }),
      invalidates,
    },
    ui,
  );
}

/** Saves the draft's definition (issues come back with the saved version). */
export function useSaveDraft(id: string, ui?: MutationUi<InstrumentVersion, { definition: Definition; version: number }>) {
  return useApiMutation(
    { mutationFn: (input: { definition: Definition; version: number }) => api<InstrumentVersion>('PUT', `/instruments/${id}/draft`, input), invalidates },
    ui,
  );
}

/** Publishes the draft made at `version`. */
export function usePublish(id: string, ui?: MutationUi<InstrumentVersion, number>) {
  return useApiMutation({ mutationFn: (version: number) => api<InstrumentVersion>('POST', `/instruments/${id}/publish`, { version }), invalidates }, ui);
}

/** Opens a new draft from the latest version. */
export function useOpenDraft(id: string, ui?: MutationUi<InstrumentVersion, void>) {
  return useApiMutation({ mutationFn: () => api<InstrumentVersion>('POST', `/instruments/${id}/draft`), invalidates }, ui);
}

/**
 * Uploads an XLSForm, as a new instrument or into the draft of `instrumentId`. Resolves with the
 * server's answer whatever its status: the sheet's issues are data for the import report here.
 */
export function useImportXlsForm(ui?: MutationUi<{ ok: boolean; body: ImportResult }, { file: File; instrumentId?: string }>) {
  return useApiMutation(
    {
      mutationFn: async ({ file, instrumentId }: { file: File; instrumentId?: string }) => {
        const response = await postFile(`/instruments/import${queryString({ instrumentId })}`, file);
        return { ok: response.ok, body: (await response.json()) as ImportResult };
      },
      invalidates,
    },
    ui,
  );
}

/** Results of an instrument: counts only, small ones hidden for readers outside the organisation. */
export type InstrumentSummary = Wire<InstrumentSummaryRecord>;
export type SummaryFilter = { organisationId?: string | null; municipalityId?: string | null; subjectType?: string | null; from?: string; to?: string };

export function useInstrumentSummary(id: string, filter: SummaryFilter) {
  return useQuery(
    queryOptions({
      queryKey: [...instrumentKeys.detail(id), 'summary', filter] as const,
      queryFn: () => api<InstrumentSummary>('GET', `/instruments/${id}/summary${queryString(filter)}`),
    }),
  );
}

/** Where the answers export of an instrument downloads from (a plain link: the browser streams it). */
export function answersExportUrl(id: string, options: SummaryFilter & { format: string; layout: string; labels: string }) {
  return `/api/v1/instruments/${id}/answers${queryString(options)}`;
}
