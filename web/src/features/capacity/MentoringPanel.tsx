import { Button, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MENTORING_FORMATS } from '../../../../common/schemas/capacity';
import { can, useMe } from '../../api/session';
import type { Column } from '../../components/DataTable';
import { ExportButtons } from '../../components/ExportButtons';
import { FormActions } from '../../components/FormActions';
import { PagedList } from '../../components/PagedList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useListState } from '../../components/useListState';
import { capacityQueries, useCreateMentoring, type MentoringSession } from './api';
import { DateField } from '../../components/DateField';
import { formatDate, localToday } from '../../components/dates';

const PAGE_SIZE = 10;
const today = () => localToday();

function NewSession({ organisationId, onDone }: { organisationId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const actions = useQuery(capacityQueries.allPlanActions(organisationId));
  const create = useCreateMentoring({ successMessage: t('capacity.mentoring.saved'), onSuccess: onDone });
  const form = useForm({
    initialValues: { organisationId, heldOn: today(), format: 'in_person' as MentoringSession['format'], durationMinutes: 60, participants: '', topics: '', planActionIds: [] as string[], followUp: '', followUpDue: '', notes: '' },
    validate: { heldOn: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? null : t('validation.required')) },
  });
  const { onSubmit, error, pending } = useApiForm(form, create, ({ followUp, followUpDue, ...values }) => ({
    ...values,
    followUps: followUp.trim() ? [{ text: followUp.trim(), dueOn: followUpDue || null }] : [],
  }));
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField label={t('capacity.mentoring.heldOn')} required {...form.getInputProps('heldOn')} />
        <Select label={t('capacity.mentoring.format')} allowDeselect={false} data={MENTORING_FORMATS.map((f) => ({ value: f, label: t(`capacity.formats.${f}`) }))} {...form.getInputProps('format')} />
        <NumberInput label={t('capacity.durationMinutes')} min={1} max={1440} required {...form.getInputProps('durationMinutes')} />
        <TextInput label={t('capacity.mentoring.participants')} {...form.getInputProps('participants')} />
        <Textarea label={t('capacity.mentoring.topics')} autosize minRows={2} {...form.getInputProps('topics')} />
        <MultiSelect label={t('capacity.mentoring.planActions')} searchable data={(actions.data ?? []).map((a) => ({ value: a.id, label: a.action }))} {...form.getInputProps('planActionIds')} />
        <TextInput label={t('capacity.mentoring.followUp')} {...form.getInputProps('followUp')} />
        <DateField label={t('capacity.mentoring.dueOn')} {...form.getInputProps('followUpDue')} />
        <Textarea label={t('capacity.mentoring.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
      </SimpleGrid>
      <FormActions submitLabel={t('common.save')} pending={pending} onCancel={onDone} />
    </form>
  );
}

export function MentoringPanel({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const [adding, setAdding] = useState(false);
  const list = useListState('mentoring', { sort: 'heldOn', dir: 'desc' }, {});
  const params = { ...list.params, q: undefined, organisationId };
  const query = useQuery(capacityQueries.mentoring({ ...params, ...list.pageParams, pageSize: PAGE_SIZE }));
  const columns: Column<MentoringSession>[] = [
    { key: 'heldOn', header: t('capacity.mentoring.heldOn'), sortKey: 'heldOn', render: (m) => formatDate(m.heldOn, i18n.language) },
    { key: 'mentor', header: t('capacity.mentoring.mentor'), render: (m) => m.mentorName },
    { key: 'format', header: t('capacity.mentoring.format'), render: (m) => t(`capacity.formats.${m.format}`) },
    { key: 'duration', header: t('capacity.durationMinutes'), render: (m) => m.durationMinutes },
    { key: 'topics', header: t('capacity.mentoring.topics'), render: (m) => m.topics || '—' },
    { key: 'followUps', header: t('capacity.mentoring.followUps'), render: (m) => m.followUps.map((f) => `${f.text}${f.dueOn ? ` (${formatDate(f.dueOn, i18n.language)})` : ''}`).join('; ') || '—' },
  ];
  return (
    <Stack>
      <Group justify="flex-end" gap="xs">
        <ExportButtons path="/capacity/mentoring/export" filters={params} />
        {can(me, 'capacity.mentoring') && !adding && <Button size="xs" onClick={() => setAdding(true)}>{t('capacity.mentoring.new')}</Button>}
      </Group>
      {adding && <Paper withBorder p="md"><NewSession organisationId={organisationId} onDone={() => setAdding(false)} /></Paper>}
      <PagedList caption={t('capacity.mentoring.title')} columns={columns} query={query} list={list} rowKey={(m) => m.id} emptyText={t('capacity.mentoring.none')} />
    </Stack>
  );
}
