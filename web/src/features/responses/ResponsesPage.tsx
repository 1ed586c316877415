import { Anchor, Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../api/lookups';
import type { Column } from '../../components/DataTable';
import { PagedList } from '../../components/PagedList';
import { ExportButtons, NothingToExport, exportHold } from '../../components/ExportButtons';
import type { ExportRequest } from '../../../../common/schemas/exports';
import { BackgroundExport } from '../exports/BackgroundExport';
import { PageHeader } from '../../components/PageHeader';
import { useListState } from '../../components/useListState';
import { useOrganisationOptions } from '../organisations/api';
import { responseQueries, type FilledFormRow } from './api';
import { formatDateTime } from '../../components/dates';
import { formatFormScore } from '../../../../common/numbers';
import { useResponseLabel } from './labels';

const PAGE_SIZE = 25;

export function ResponsesPage() {
  const { t, i18n } = useTranslation();
  const responseLabel = useResponseLabel();
  const localName = useLocalName();
  const organisations = useOrganisationOptions();
  const list = useListState('responses', { sort: 'updatedAt', dir: 'desc' }, { status: undefined as string | undefined, organisationId: undefined as string | undefined });
  const query = useQuery(responseQueries.list({ ...list.params, q: undefined, ...list.pageParams, pageSize: PAGE_SIZE }));
  const hold = exportHold(query.data?.total, query.isError);
  const columns: Column<FilledFormRow>[] = [
    {
      key: 'instrument',
      header: t('responses.instrument'),
      render: (r) => <Anchor renderRoot={(props) => <Link to="/responses/$id" params={{ id: r.id }} {...props} />}>{i18n.language === 'ka' ? r.instrumentTitleKa : r.instrumentTitleEn}</Anchor>,
    },
    {
      key: 'subject',
      header: t('responses.subject'),
      render: (r) => `${t(`responses.subjectTypes.${r.subject.type}`)}${r.label ? `: ${responseLabel(r.label)}` : r.subject.type === 'organisation' ? `: ${localName(organisations.data?.find((o) => o.id === r.subject.id))}` : ''}`,
    },
    { key: 'organisation', header: t('users.organisation'), render: (r) => localName(organisations.data?.find((o) => o.id === r.organisationId)) },
    { key: 'status', header: t('common.status'), sortKey: 'status', render: (r) => t(`responses.status.${r.status}`) },
    { key: 'score', header: t('instruments.score'), render: (r) => formatFormScore(r.score?.overall, i18n.language) },
    { key: 'updatedAt', header: t('responses.updatedAt'), sortKey: 'updatedAt', render: (r) => formatDateTime(r.updatedAt, i18n.language) },
  ];
  return (
    <>
      <PageHeader
        title={t('responses.title')}
        actions={
          <>
            {hold ? (
              <NothingToExport labels={[t('common.exportCsv'), t('common.exportXlsx'), t('exports.background.inBackground')]} reason={hold} />
            ) : (
              <>
                <ExportButtons path="/responses/export" filters={{ ...list.params, q: undefined }} total={query.data?.total} failed={query.isError} />
                <BackgroundExport formats={['csv', 'xlsx']} request={(format = 'csv') => ({ kind: 'responses', params: { ...list.params, q: undefined, format } }) as ExportRequest} />
              </>
            )}
          </>
        }
      />
      <Select mb="sm" label={t('common.status')} clearable placeholder={t('common.all')} value={list.filters.status ?? null} onChange={(v) => list.setFilter('status', v ?? undefined)} data={['draft', 'submitted'].map((s) => ({ value: s, label: t(`responses.status.${s}`) }))} w={{ base: '100%', xs: 220 }} />
      <PagedList caption={t('responses.title')} columns={columns} query={query} list={list} rowKey={(r) => r.id} emptyText={t('responses.empty')} />
    </>
  );
}
