import { useQuery } from '@tanstack/react-query';
import type { ExportJob as ExportJobRecord, ExportRequest } from '../../../../common/schemas/exports';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/mutation';
import { pageQuery, type ListParams } from '../../api/queries';
import type { Wire } from '../../api/wire';
import i18n from '../../i18n';
import { exportsRefreshInterval } from './refresh';

export type ExportJob = Wire<ExportJobRecord>;

export const exportKeys = { all: ['exports'] as const };

/** The caller's background exports, refreshed as `exportsRefreshInterval` says and when the user comes back to the tab. */
export function useMyExports(params: ListParams) {
  return useQuery({
    ...pageQuery<ExportJob>(exportKeys.all, '/exports', params),
    refetchInterval: (query) => exportsRefreshInterval(query.state.data?.items),
    refetchOnWindowFocus: true,
  });
}

/** Where a finished export is downloaded (only its requester may). */
export const exportFileUrl = (id: string) => `/api/v1/exports/${id}/file`;

/** Asks for an export in the background; the toast says where it will be. */
export function useRequestExport() {
  return useApiMutation(
    { mutationFn: (request: ExportRequest) => api<ExportJob>('POST', '/exports', request), invalidates: [exportKeys.all] },
    { successMessage: () => i18n.t('exports.background.requested') },
  );
}
