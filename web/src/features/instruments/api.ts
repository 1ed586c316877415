import { useQuery } from '@tanstack/react-query';
import type { Instrument, InstrumentVersion } from '../../../../common/schemas/instrument';
import { api } from '../../api/client';

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
export async function uploadXlsForm(file: File, csrfToken: string, instrumentId?: string) {
  const body = new FormData();
  body.append('file', file);
  const response = await fetch(`/api/v1/instruments/import${instrumentId ? `?instrumentId=${instrumentId}` : ''}`, {
    method: 'POST',
    body,
    headers: { 'x-csrf-token': csrfToken },
    credentials: 'same-origin',
  });
  return { ok: response.ok, body: (await response.json()) as { instrument?: Instrument; errors?: { sheet: string; row: number; column: string; message: string }[]; warnings?: { sheet: string; row: number; column: string; message: string }[]; title?: string } };
}
