import { useQuery } from '@tanstack/react-query';
import type { ImportResultBody, Instrument, InstrumentVersion } from '../../../../common/schemas/instrument';
import { api, postFile } from '../../api/client';

export function useInstrument(id: string) {
  return useQuery({ queryKey: ['instrument', id], queryFn: () => api<Instrument>('GET', `/instruments/${id}`) });
}

export function useInstrumentVersion(id: string, number: number | undefined) {
  return useQuery({
    queryKey: ['instrument', id, 'version', number],
    queryFn: () => api<InstrumentVersion>('GET', `/instruments/${id}/versions/${number}`),
    enabled: number !== undefined,
  });
}

export function useTitle() {
  return (i: { titleKa: string; titleEn: string } | undefined, lang: string) => (i ? (lang === 'ka' ? i.titleKa : i.titleEn) : '');
}

/** Uploads an XLSForm; resolves with the server's answer whatever its status (issues are data here). */
export async function uploadXlsForm(file: File, instrumentId?: string) {
  const response = await postFile(`/instruments/import${instrumentId ? `?instrumentId=${instrumentId}` : ''}`, file);
  return { ok: response.ok, body: (await response.json()) as ImportResultBody };
}
