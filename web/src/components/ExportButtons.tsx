import { Alert, Button, Group, Loader, Progress as ProgressBar, Text } from '@mantine/core';
import { useEffect, useId, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFileSize, formatNumber } from '../../../common/numbers';
import { queryString } from '../api/client';

interface Progress {
  bytes: number;
  /** Lines received (CSV only; an XLSX file is compressed, so only its size is known while it arrives). */
  rows: number | null;
  /** Rows the file holds, from the server's `x-total-count` (counted before the first byte). */
  total: number | null;
}

function progressText(progress: Progress, t: (key: string, values: Record<string, string>) => string, language: string): string {
  const thousands = (n: number) => formatNumber(n, language, { digits: 0 });
  const size = formatFileSize(progress.bytes, language);
  const total = progress.total === null ? null : thousands(progress.total);
  if (progress.rows === null) return total === null ? t('common.exportReceived', { size }) : t('common.exportReceivedOf', { size, total });
  const rows = thousands(progress.total === null ? progress.rows : Math.min(progress.rows, progress.total));
  return total === null ? t('common.exportReceivedRows', { size, rows }) : t('common.exportReceivedRowsOf', { size, rows, total });
}

function filenameOf(disposition: string | null, fallback: string): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : fallback;
}

/**
 * Downloads an export through fetch, reading the stream as it arrives, so a big list shows how far
 * it got (size, and rows for CSV) and can be cancelled. The link stays a real download link:
 * opening it in a new tab, or a browser without streams, gets the file the plain way.
 */
export function StreamedDownload({ href, children, variant = 'default', size = 'xs' }: { href: string; children: ReactNode; variant?: string; size?: string }) {
  const { t, i18n } = useTranslation();
  const [progress, setProgress] = useState<Progress | null>(null);
  const [failed, setFailed] = useState(false);
  const controller = useRef<AbortController | null>(null);
  useEffect(() => () => controller.current?.abort(), []);

  const start = async (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    if (typeof ReadableStream === 'undefined') return;
    event.preventDefault();
    if (controller.current) return;
    const abort = new AbortController();
    controller.current = abort;
    setFailed(false);
    setProgress({ bytes: 0, rows: null, total: null });
    try {
      const response = await fetch(href, { credentials: 'same-origin', signal: abort.signal });
      if (!response.ok || !response.body) throw new Error(`export answered ${response.status}`);
      // Lines are rows only in a plain CSV (a form with repeats comes as a zip of CSVs).
      const csv = (response.headers.get('content-type') ?? '').startsWith('text/csv');
      const totalHeader = response.headers.get('x-total-count');
      const total = totalHeader === null || !/^\d+$/.test(totalHeader) ? null : Number(totalHeader);
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      let rows = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        if (csv) for (const byte of value) if (byte === 10) rows += 1;
        setProgress({ bytes, rows: csv ? Math.max(rows - 1, 0) : null, total });
      }
      const url = URL.createObjectURL(new Blob(chunks, { type: response.headers.get('content-type') ?? 'application/octet-stream' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = filenameOf(response.headers.get('content-disposition'), 'export');
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      if (!abort.signal.aborted) {
        setFailed(true);
        console.warn(error);
      }
    } finally {
      controller.current = null;
      setProgress(null);
    }
  };

  return (
    <>
      <Button component="a" href={href} variant={variant} size={size} download onClick={(e: MouseEvent<HTMLAnchorElement>) => void start(e)} aria-disabled={progress ? true : undefined}>
        {children}
      </Button>
      {progress && (
        <Group gap="xs" wrap="nowrap" role="status" data-testid="export-progress">
          {progress.rows !== null && progress.total ? (
            <ProgressBar value={(100 * Math.min(progress.rows, progress.total)) / progress.total} w={80} size="sm" aria-hidden="true" />
          ) : (
            <Loader size="xs" aria-hidden="true" />
          )}
          <Text size="xs">{progressText(progress, t, i18n.language)}</Text>
          <Button size="compact-xs" variant="subtle" color="red.8" onClick={() => controller.current?.abort()}>
            {t('common.cancel')}
          </Button>
        </Group>
      )}
      {failed && (
        <Alert color="red" p="xs" role="alert">
          <Text size="xs">{t('common.exportFailed')}</Text>
        </Alert>
      )}
    </>
  );
}

/**
 * Why a list's downloads cannot be used now: its rows are still loading (a file of what, then?),
 * the list failed to load (its export would most likely fail too, or hold rows of the filters
 * shown before), or it holds no rows; `null` when they can. `total` is undefined until it is known
 * (null: some rows, too few to say how many).
 */
export type ExportHold = 'loading' | 'failed' | 'empty';
export function exportHold(total: number | null | undefined, failed: boolean): ExportHold | null {
  if (failed) return 'failed';
  if (total === undefined) return 'loading';
  return total === 0 ? 'empty' : null;
}

const HOLD_REASONS: Record<ExportHold, string> = { loading: 'common.exportWhileLoading', failed: 'common.exportListFailed', empty: 'common.nothingToExport' };

/**
 * Download buttons for a list whose rows are not there to export (see `exportHold`): disabled,
 * with the reason said next to them (and tied to each by aria-describedby, so a screen reader
 * reads why), instead of links to a file of headers only. The API still answers such a request.
 */
export function NothingToExport({ labels, size = 'xs', reason = 'empty' }: { labels: string[]; size?: string; reason?: ExportHold }) {
  const { t } = useTranslation();
  const reasonId = useId();
  return (
    <>
      {labels.map((label) => (
        <Button key={label} variant="default" size={size} disabled aria-describedby={reasonId}>
          {label}
        </Button>
      ))}
      <Text id={reasonId} size="xs" c="dimmed">
        {t(HOLD_REASONS[reason])}
      </Text>
    </>
  );
}

/**
 * CSV and XLSX export of a list with the list's filters; big files show their progress.
 * `total` is how many rows the list holds with those filters (undefined while it loads), `failed`
 * whether the list failed to load: until a total other than 0 is known the buttons are disabled.
 */
export function ExportButtons({ path, filters, total, failed }: { path: string; filters: Record<string, string | number | undefined>; total: number | undefined; failed: boolean }) {
  const { t } = useTranslation();
  const href = (format: 'csv' | 'xlsx') => `/api/v1${path}${queryString({ ...filters, format })}`;
  const hold = exportHold(total, failed);
  if (hold) return <NothingToExport labels={[t('common.exportCsv'), t('common.exportXlsx')]} reason={hold} />;
  return (
    <>
      <StreamedDownload href={href('csv')}>{t('common.exportCsv')}</StreamedDownload>
      <StreamedDownload href={href('xlsx')}>{t('common.exportXlsx')}</StreamedDownload>
    </>
  );
}
