import { Anchor, Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatFileSize } from '../../../../common/numbers';
import type { Column } from '../../components/DataTable';
import { formatDateTime } from '../../components/dates';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { useListState } from '../../components/useListState';
import { exportFileUrl, useMyExports, type ExportJob } from './api';

// Outlined badges in shades whose text stays above 4.5:1 contrast on white.
const STATUS_COLOURS: Record<ExportJob['status'] | 'outdated', string> = { queued: 'gray.8', running: 'blue.9', done: 'teal.9', failed: 'red.9', outdated: 'gray.8' };

const sizeText = (bytes: number | null, language: string) => (bytes === null ? '—' : formatFileSize(bytes, language));

/** The user's own background exports: status, and the file once it is ready. */
export function ExportsPage() {
  const { t, i18n } = useTranslation();
  const list = useListState('exports', { sort: 'createdAt', dir: 'desc' }, {});
  const query = useMyExports({ ...list.pageParams, pageSize: 25 });
  const columns: Column<ExportJob>[] = [
    { key: 'what', header: t('exports.background.columns.what'), render: (job) => t(`exports.background.kinds.${job.kind}`) },
    { key: 'format', header: t('exports.background.columns.format'), render: (job) => job.format.toUpperCase() },
    { key: 'requested', header: t('exports.background.columns.requested'), render: (job) => formatDateTime(job.createdAt, i18n.language) },
    {
      key: 'status',
      header: t('exports.background.columns.status'),
      render: (job) => {
        // A finished file written with access the user no longer has is not handed out (404): say why.
        const status = job.outdated ? 'outdated' : job.status;
        return (
          <>
            <Badge variant="outline" color={STATUS_COLOURS[status]} maw="100%">{t(`exports.background.statuses.${status}`)}</Badge>
            {job.status === 'failed' && job.error && <Text size="sm" mt={4}>{t(job.error)}</Text>}
            {job.outdated && <Text size="sm" mt={4}>{t('exports.background.outdated')}</Text>}
          </>
        );
      },
    },
    { key: 'size', header: t('exports.background.columns.size'), render: (job) => sizeText(job.size, i18n.language) },
    {
      key: 'file',
      header: t('exports.background.download'),
      render: (job) =>
        job.status === 'done' && !job.outdated ? (
          <Anchor href={exportFileUrl(job.id)} download>
            {job.filename ?? t('exports.background.download')}
          </Anchor>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <>
      <PageHeader title={t('exports.background.title')} />
      <Text mb="md" maw={720}>{t('exports.background.intro')}</Text>
      <PagedList caption={t('exports.background.title')} columns={columns} query={query} list={list} rowKey={(job) => job.id} emptyText={t('exports.background.empty')} />
    </>
  );
}
