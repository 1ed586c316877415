import { Anchor, Button, FileButton, Group, Modal, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INSTRUMENT_PURPOSES } from '../../../../common/schemas/instrument';
import { can, useMe } from '../../api/session';
import type { Column } from '../../components/DataTable';
import { PagedList } from '../../components/PagedList';
import { ExportButtons } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useListState } from '../../components/useListState';
import { instrumentQueries, useImportXlsForm, useTitle, type Instrument } from './api';
import { ImportReport } from './ImportReport';
import { InstrumentDetailsForm } from './InstrumentDetailsForm';

const PAGE_SIZE = 25;

export function InstrumentsPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const title = useTitle();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [report, setReport] = useState<Parameters<typeof ImportReport>[0] | null>(null);
  const list = useListState('instruments', { sort: 'title', dir: 'asc' }, { purpose: undefined as string | undefined });
  const query = useQuery(instrumentQueries.list({ ...list.params, ...list.pageParams, pageSize: PAGE_SIZE }));

  const upload = useImportXlsForm({
    onSuccess: ({ ok, body }) => {
      setReport({ errors: body.errors, warnings: body.warnings });
      if (ok && body.instrument) return navigate({ to: '/instruments/$id', params: { id: body.instrument.id } });
    },
  });
  const importFile = (file: File | null) => file && upload.mutate({ file });

  const latest = (i: Instrument) => i.versions.find((v) => v.status === 'published');
  const columns: Column<Instrument>[] = [
    { key: 'title', header: t('instruments.title'), sortKey: 'title', render: (i) => <Anchor renderRoot={(props) => <Link to="/instruments/$id" params={{ id: i.id }} {...props} />}>{title(i, i18n.language)}</Anchor> },
    { key: 'code', header: t('instruments.code'), sortKey: 'code', card: 'hide', render: (i) => i.code },
    { key: 'purpose', header: t('instruments.purpose'), sortKey: 'purpose', render: (i) => t(`instruments.purposes.${i.purpose}`) },
    { key: 'version', header: t('instruments.published'), render: (i) => (latest(i) ? `v${latest(i)!.number}` : '—') },
    { key: 'draft', header: t('instruments.draft'), render: (i) => (i.versions.some((v) => v.status === 'draft') ? t('common.yes') : t('common.no')) },
  ];

  return (
    <>
      <PageHeader
        title={t('instruments.pageTitle')}
        actions={
          <>
            <ExportButtons path="/instruments/export" filters={list.params} total={query.data?.total} failed={query.isError} />
            {can(me, 'instruments.design') && (
            <>
              <FileButton onChange={importFile} accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet">
                {(props) => <Button {...props} size="xs" variant="default" loading={upload.isPending}>{t('instruments.importXlsForm')}</Button>}
              </FileButton>
              <Button size="xs" onClick={() => setCreating(true)}>{t('instruments.new')}</Button>
            </>
            )}
          </>
        }
      />
      <ProblemAlert error={upload.error} />
      {report && <ImportReport {...report} />}
      <Group mb="sm" gap="sm" align="flex-end" wrap="wrap">
        <TextInput label={t('common.search')} type="search" value={list.search} onChange={(e) => list.setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 240 }} />
        <Select label={t('instruments.purpose')} clearable placeholder={t('common.all')} value={list.filters.purpose ?? null} onChange={(v) => list.setFilter('purpose', v ?? undefined)} data={INSTRUMENT_PURPOSES.map((p) => ({ value: p, label: t(`instruments.purposes.${p}`) }))} w={{ base: '100%', xs: 240 }} />
      </Group>
      <PagedList caption={t('instruments.pageTitle')} columns={columns} query={query} list={list} rowKey={(i) => i.id} />
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('instruments.new')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
        <InstrumentDetailsForm
          onDone={(created) => {
            setCreating(false);
            if (created) void navigate({ to: '/instruments/$id', params: { id: created.id } });
          }}
        />
      </Modal>
    </>
  );
}
