import { Anchor, Button, NumberInput, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseRecord } from '../../../../common/schemas/cases';
import type { Column } from '../../components/DataTable';
import { formatDate } from '../../components/dates';
import { PageHeader } from '../../components/PageHeader';
import { PagedList } from '../../components/PagedList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useListState } from '../../components/useListState';
import { caseQueries, useEraseListed } from './api';

/**
 * Retention, for CSO managers: closed cases older than a period they choose, and for each the
 * anonymisation of the person (erasure: names, numbers, contacts and case notes go, counts stay),
 * only after a confirmation.
 */
export function RetentionPage() {
  const { t, i18n } = useTranslation();
  const [years, setYears] = useState<number>(5);
  const [period] = useDebouncedValue(years, 400);
  const list = useListState('retention', { sort: 'closedOn', dir: 'asc' }, {});
  const query = useQuery(caseQueries.retention({ years: period, sort: list.sort.sort, dir: list.sort.dir, ...list.pageParams, pageSize: 25 }));
  const erase = useEraseListed({ successMessage: t('cases.retention.done') });
  const confirm = (c: CaseRecord) =>
    modals.openConfirmModal({
      closeButtonProps: { 'aria-label': t('common.close') },
      title: t('cases.retention.confirmTitle', { name: c.personName }),
      children: (
        <>
          <Text size="sm">{t('cases.retention.explain')}</Text>
          <Text size="sm" fw={700} mt="xs">{t('cases.retention.confirm')}</Text>
        </>
      ),
      labels: { confirm: t('cases.retention.confirmNow'), cancel: t('common.cancel') },
      confirmProps: { color: 'red.9' },
      onConfirm: () => erase.mutate(c.personId),
    });
  const columns: Column<CaseRecord>[] = [
    {
      key: 'person',
      header: t('cases.fields.person'),
      card: 'title',
      render: (c) => <Anchor renderRoot={(props) => <Link to="/people/$id" params={{ id: c.personId }} {...props} />}>{c.personName}</Anchor>,
    },
    { key: 'closedOn', header: t('cases.fields.closedOn'), sortKey: 'closedOn', render: (c) => formatDate(c.closedOn, i18n.language) },
    { key: 'reason', header: t('cases.fields.closureReason'), render: (c) => c.closureReason || '—' },
    {
      key: 'actions',
      header: t('common.actions'),
      render: (c) => (
        <Button size="xs" color="red.9" variant="outline" onClick={() => confirm(c)} aria-label={`${t('cases.retention.anonymise')}: ${c.personName}`}>
          {t('cases.retention.anonymise')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <PageHeader title={t('cases.retention.title')} />
      <Text size="sm" mb="sm">{t('cases.retention.explain')}</Text>
      <NumberInput label={t('cases.retention.years')} min={1} max={100} allowDecimal={false} w={220} mb="md" value={years} onChange={(v) => {
        if (typeof v === 'number' && v >= 1 && v <= 100) {
          setYears(v);
          list.setSort(list.sort);
        }
      }} />
      <ProblemAlert error={erase.error} />
      <PagedList caption={t('cases.retention.title')} columns={columns} query={query} list={list} rowKey={(c) => c.id} emptyText={t('cases.retention.empty')} />
    </>
  );
}
