import { Badge, Button, Group, Modal, NumberInput, Progress, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PLAN_STATUSES } from '../../../../common/schemas/capacity';
import { can, useMe } from '../../api/session';
import type { Column } from '../../components/DataTable';
import { DateField } from '../../components/DateField';
import { formatDate } from '../../components/dates';
import { ExportButtons } from '../../components/ExportButtons';
import { FormActions } from '../../components/FormActions';
import { FormDialog, useFormOpener } from '../../components/OpenedForm';
import { PagedList } from '../../components/PagedList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useListState } from '../../components/useListState';
import { capacityQueries, useCreatePlanAction, useDeletePlanAction, useUpdatePlanAction, type PlanAction } from './api';
import { confirmDiscard } from '../../components/confirm';
import { formatScore } from '../../../../common/numbers';

const PAGE_SIZE = 25;

/**
 * Staff add an action or edit one (a suggested one too): what is done, by whom, by when, with what,
 * and the evidence. The responsible user is one of the CSO's own users: their home page lists the
 * action when it is overdue, and the plan names them by their current name; the free-text name is
 * for someone without an account.
 */
function ActionForm({ organisationId, action, onDone }: { organisationId: string; action?: PlanAction; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const update = useUpdatePlanAction({ successMessage: t('capacity.plan.saved'), onSuccess: onDone });
  const create = useCreatePlanAction({ successMessage: t('capacity.plan.added'), onSuccess: onDone });
  const people = useQuery(capacityQueries.responsibles(organisationId));
  const results = useQuery({ ...capacityQueries.results(organisationId), enabled: !action });
  // A new action names a sub-area of the CSO's latest scores (and starts from that score), or, before any assessment, one typed in.
  const latest = results.data?.rounds.at(-1)?.subAreas ?? [];
  const form = useForm({
    initialValues: {
      subArea: action?.subArea ?? '',
      action: action?.action ?? '',
      responsibleUserId: action?.responsibleUserId ?? '',
      responsible: action?.responsible ?? '',
      deadline: action?.deadline ?? '',
      targetScore: action?.targetScore ?? ('' as number | ''),
      priority: String(action?.priority ?? 2),
      resources: action?.resources ?? '',
      evidence: action?.evidence ?? '',
    },
    validate: {
      action: (v) => (v.trim() ? null : t('validation.required')),
      subArea: (v) => (action || v.trim() ? null : t('validation.required')),
    },
  });
  const common = (v: typeof form.values) => ({
    action: v.action,
    responsible: v.responsible,
    responsibleUserId: v.responsibleUserId || null,
    deadline: v.deadline || null,
    targetScore: v.targetScore === '' ? null : Number(v.targetScore),
    priority: Number(v.priority),
    resources: v.resources,
    evidence: v.evidence,
  });
  const edit = useApiForm(form, update, (v) => ({ id: action?.id ?? '', version: action?.version ?? 0, ...common(v) }));
  const add = useApiForm(form, create, (v) => ({ organisationId, subArea: v.subArea, baselineScore: latest.find((s) => s.name === v.subArea)?.score ?? null, ...common(v) }));
  const { onSubmit, error, pending, shownFields } = action ? edit : add;
  const options = (people.data ?? []).map((u) => ({ value: u.id, label: u.displayName }));
  // Someone named before and deactivated since stays named, so saving other fields keeps them.
  if (action?.responsibleUserId && people.data && !options.some((o) => o.value === action.responsibleUserId)) {
    options.push({ value: action.responsibleUserId, label: t('capacity.plan.formerUser') });
  }
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error ?? people.error} shownFields={shownFields} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {!action &&
          (latest.length > 0 ? (
            <Select label={t('capacity.plan.subArea')} required searchable openOnFocus={false} data={latest.map((s) => ({ value: s.name, label: `${s.label[lang]} (${formatScore(s.score, lang)})` }))} {...form.getInputProps('subArea')} />
          ) : (
            <TextInput label={t('capacity.plan.subArea')} required {...form.getInputProps('subArea')} />
          ))}
        <Textarea label={t('capacity.plan.action')} required autosize minRows={2} {...form.getInputProps('action')} />
        <Select
          label={t('capacity.plan.responsibleUser')}
          description={t('capacity.plan.responsibleUserHint')}
          clearable
          searchable
          data={options}
          {...form.getInputProps('responsibleUserId')}
          value={form.values.responsibleUserId || null}
          onChange={(id) => form.setFieldValue('responsibleUserId', id ?? '')}
        />
        {/* The plan names a picked user by their name as it is now; the typed name is for someone without an account. */}
        <TextInput label={t('capacity.plan.responsible')} description={t('capacity.plan.responsibleHint')} {...form.getInputProps('responsible')} />
        <DateField label={t('capacity.plan.deadline')} {...form.getInputProps('deadline')} />
        <NumberInput label={t('capacity.plan.targetScore')} min={1} max={4} decimalScale={2} {...form.getInputProps('targetScore')} />
        <Select label={t('capacity.plan.priority')} allowDeselect={false} data={['1', '2', '3']} {...form.getInputProps('priority')} />
        <Textarea label={t('capacity.plan.resources')} autosize minRows={2} {...form.getInputProps('resources')} />
        <Textarea label={t('capacity.plan.evidence')} autosize minRows={2} {...form.getInputProps('evidence')} />
      </SimpleGrid>
      <FormActions submitLabel={action ? t('common.save') : t('capacity.plan.add')} pending={pending} onCancel={onDone} />
    </form>
  );
}

/** The development plan: progress, overdue actions highlighted, status changed in place. */
export function PlanPanel({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const { data: me } = useMe();
  const progress = useQuery(capacityQueries.progress(organisationId));
  const update = useUpdatePlanAction({ successMessage: t('capacity.plan.saved') });
  const remove = useDeletePlanAction({ successMessage: t('capacity.plan.deleted') });
  // Only an action nobody has worked on yet is offered for deleting (the server also refuses one cited by a visit or support item).
  const deletable = (a: PlanAction) => a.status === 'planned' && !a.evidence.trim();
  const confirmDelete = (a: PlanAction) =>
    confirmDiscard({ action: t('capacity.plan.delete'), consequence: t('capacity.plan.confirmDelete', { action: a.action }), onConfirm: () => remove.mutate(a.id) });
  const list = useListState('plan', { sort: 'priority', dir: 'asc' }, { status: undefined as string | undefined, overdue: undefined as string | undefined });
  const params = { ...list.params, q: undefined, organisationId };
  const query = useQuery(capacityQueries.plan({ ...params, ...list.pageParams, pageSize: PAGE_SIZE }));
  const editable = can(me, 'capacity.assess');
  const [editing, setEditing] = useState<PlanAction | null>(null);
  const adding = useFormOpener();
  const columns: Column<PlanAction>[] = [
    { key: 'subArea', header: t('capacity.plan.subArea'), render: (a) => a.subAreaLabel?.[lang] ?? a.subArea },
    { key: 'scores', header: `${t('capacity.plan.baselineScore')} → ${t('capacity.plan.targetScore')}`, render: (a) => `${formatScore(a.baselineScore, lang)} → ${formatScore(a.targetScore, lang)}` },
    { key: 'priority', header: t('capacity.plan.priority'), sortKey: 'priority', render: (a) => a.priority },
    {
      key: 'action',
      header: t('capacity.plan.action'),
      render: (a) => (
        // Wraps on a phone's card, so the button keeps its whole label instead of shrinking to "რედა".
        <Group gap="xs">
          <span>{a.action}</span>
          {editable && <Button size="compact-xs" variant="default" aria-label={`${t('capacity.plan.edit')}: ${a.action}`} onClick={() => setEditing(a)}>{t('common.edit')}</Button>}
          {editable && deletable(a) && (
            <Button size="compact-xs" variant="default" aria-label={`${t('capacity.plan.delete')}: ${a.action}`} onClick={() => confirmDelete(a)}>{t('capacity.plan.deleteShort')}</Button>
          )}
        </Group>
      ),
    },
    // The responsible user by their name as it is now; the typed name only for an action without one.
    { key: 'responsible', header: t('capacity.plan.responsible'), render: (a) => a.responsibleUserName ?? (a.responsible || '—') },
    {
      key: 'deadline',
      header: t('capacity.plan.deadline'),
      sortKey: 'deadline',
      render: (a) => (
        <Group gap={4}>
          <span>{formatDate(a.deadline, i18n.language)}</span>
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
      <ProblemAlert error={update.error ?? remove.error} />
      <Modal opened={!!editing} onClose={() => setEditing(null)} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('capacity.plan.edit')} size="lg">
        {editing && <ActionForm organisationId={organisationId} action={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <FormDialog opener={adding} title={t('capacity.plan.newAction')}>
        <ActionForm organisationId={organisationId} onDone={adding.close} />
      </FormDialog>
      <Group justify="space-between" align="end">
        <Group>
          <Select label={t('common.status')} clearable placeholder={t('common.all')} value={list.filters.status ?? null} onChange={(v) => list.setFilter('status', v ?? undefined)}
            data={PLAN_STATUSES.map((s) => ({ value: s, label: t(`capacity.planStatus.${s}`) }))} w={{ base: '100%', xs: 200 }} />
          <Switch label={t('capacity.filters.overdueOnly')} checked={list.filters.overdue === 'true'} onChange={(e) => list.setFilter('overdue', e.currentTarget.checked ? 'true' : undefined)} />
        </Group>
        <Group>
          {editable && <Button ref={adding.openerRef} onClick={adding.open}>{t('capacity.plan.add')}</Button>}
          <ExportButtons path="/capacity/plan-actions/export" filters={params} total={query.data?.total} failed={query.isError} />
        </Group>
      </Group>
      <PagedList caption={t('capacity.plan.title')} columns={columns} query={query} list={list} rowKey={(a) => a.id} emptyText={t(editable ? 'capacity.plan.noneHowTo' : 'capacity.plan.none')} />
    </Stack>
  );
}
