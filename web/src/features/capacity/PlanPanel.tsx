import { Badge, Group, Progress, Select, Stack, Switch, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PLAN_STATUSES } from '../../../../common/schemas/capacity';
import { can, useMe } from '../../api/session';
import type { Column } from '../../components/DataTable';
import { ExportButtons } from '../../components/ExportButtons';
import { PagedList } from '../../components/PagedList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useListState } from '../../components/useListState';
import { capacityQueries, useUpdatePlanAction, type PlanAction } from './api';

const PAGE_SIZE = 25;

/** The development plan: progress, overdue actions highlighted, status changed in place. */
export function PlanPanel({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const { data: me } = useMe();
  const progress = useQuery(capacityQueries.progress(organisationId));
  const update = useUpdatePlanAction({ successMessage: t('capacity.plan.saved') });
  const list = useListState({ sort: 'priority', dir: 'asc' }, { status: undefined as string | undefined, overdue: undefined as string | undefined });
  const params = { ...list.params, q: undefined, organisationId };
  const query = useQuery(capacityQueries.plan({ ...params, page: list.page, pageSize: PAGE_SIZE }));
  const editable = can(me, 'capacity.assess');
  const columns: Column<PlanAction>[] = [
    { key: 'subArea', header: t('capacity.plan.subArea'), render: (a) => a.subAreaLabel?.[lang] ?? a.subArea },
    { key: 'scores', header: `${t('capacity.plan.baselineScore')} → ${t('capacity.plan.targetScore')}`, render: (a) => `${a.baselineScore ?? '—'} → ${a.targetScore ?? '—'}` },
    { key: 'priority', header: t('capacity.plan.priority'), sortKey: 'priority', render: (a) => a.priority },
    { key: 'action', header: t('capacity.plan.action'), render: (a) => a.action },
    { key: 'responsible', header: t('capacity.plan.responsible'), render: (a) => a.responsible || '—' },
    {
      key: 'deadline',
      header: t('capacity.plan.deadline'),
      sortKey: 'deadline',
      render: (a) => (
        <Group gap={4} wrap="nowrap">
          <span>{a.deadline ?? '—'}</span>
          {a.overdue && <Badge color="red" variant="filled">{t('capacity.plan.overdue')}</Badge>}
        </Group>
      ),
    },
    {
      key: 'status',
      header: t('common.status'),
      sortKey: 'status',
      render: (a) =>
        editable ? (
          <Select size="xs" aria-label={`${t('common.status')}: ${a.action}`} allowDeselect={false} value={a.status} w={150}
            data={PLAN_STATUSES.map((s) => ({ value: s, label: t(`capacity.planStatus.${s}`) }))}
            onChange={(status) => status && update.mutate({ id: a.id, status: status as PlanAction['status'], version: a.version })} />
        ) : (
          t(`capacity.planStatus.${a.status}`)
        ),
    },
  ];
  return (
    <Stack>
      {progress.data && (
        <div>
          <Text fw={700}>{t('capacity.plan.progress')}: {progress.data.percent}%</Text>
          <Progress value={progress.data.percent} aria-label={t('capacity.plan.progress')} mt={4} mb={4} />
          <Text size="sm">{t('capacity.plan.progressText', progress.data)}</Text>
        </div>
      )}
      <ProblemAlert error={update.error} />
      <Group justify="space-between" align="end">
        <Group>
          <Select label={t('common.status')} clearable placeholder={t('common.all')} value={list.filters.status ?? null} onChange={(v) => list.setFilter('status', v ?? undefined)}
            data={PLAN_STATUSES.map((s) => ({ value: s, label: t(`capacity.planStatus.${s}`) }))} w={{ base: '100%', xs: 200 }} />
          <Switch label={t('capacity.filters.overdueOnly')} checked={list.filters.overdue === 'true'} onChange={(e) => list.setFilter('overdue', e.currentTarget.checked ? 'true' : undefined)} />
        </Group>
        <ExportButtons path="/capacity/plan-actions/export" filters={params} />
      </Group>
      <PagedList caption={t('capacity.plan.title')} columns={columns} query={query} list={list} rowKey={(a) => a.id} pageSize={PAGE_SIZE} emptyText={t('capacity.plan.none')} />
    </Stack>
  );
}
