import { ActionIcon, Button, Fieldset, Group, Modal, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_SESSION_MINUTES, MENTORING_FORMATS } from '../../../../common/schemas/capacity';
import { can, useMe } from '../../api/session';
import type { Column } from '../../components/DataTable';
import { ExportButtons } from '../../components/ExportButtons';
import { FormActions } from '../../components/FormActions';
import { InlineForm, useFormOpener } from '../../components/OpenedForm';
import { PagedList } from '../../components/PagedList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useListState } from '../../components/useListState';
import { capacityQueries, useCreateMentoring, useDeleteRecord, useUpdateMentoring, type MentoringSession } from './api';
import { confirmDiscard } from '../../components/confirm';
import { DateField } from '../../components/DateField';
import { formatDate, localToday } from '../../components/dates';
import { durationError, recordDateError } from './record-rules';

const PAGE_SIZE = 10;

interface FollowUpValues { key: string; text: string; dueOn: string }
let followUpCounter = 0;
const followUpRow = (text = '', dueOn = ''): FollowUpValues => ({ key: `f${followUpCounter++}`, text, dueOn });

/**
 * A visit logged, or (with `session`) corrected: the same form, the correction sent with the version
 * it was read at (a 409 when someone changed the visit meanwhile). Every agreed follow-up is kept.
 */
function SessionForm({ organisationId, session, onDone }: { organisationId: string; session?: MentoringSession; onDone: () => void }) {
  const { t } = useTranslation();
  const actions = useQuery(capacityQueries.allPlanActions(organisationId));
  const ui = { successMessage: t('capacity.mentoring.saved'), onSuccess: onDone };
  const create = useCreateMentoring(ui);
  const update = useUpdateMentoring(ui);
  const form = useForm({
    initialValues: {
      heldOn: session?.heldOn ?? localToday(),
      format: session?.format ?? ('in_person' as MentoringSession['format']),
      durationMinutes: (session?.durationMinutes ?? 60) as number | string,
      participants: session?.participants ?? '',
      topics: session?.topics ?? '',
      planActionIds: session?.planActionIds ?? ([] as string[]),
      followUps: session?.followUps.length ? session.followUps.map((f) => followUpRow(f.text, f.dueOn ?? '')) : [followUpRow()],
      notes: session?.notes ?? '',
    },
    validate: {
      heldOn: (v) => recordDateError(t, v, 'capacity.errors.heldInFuture'),
      durationMinutes: (v) => durationError(t, v),
      // A due date says when something is to be done: the something is needed.
      followUps: { text: (v, values, path) => (!v.trim() && values.followUps[Number(path.split('.')[1])]?.dueOn ? t('validation.required') : null) },
    },
  });
  const body = ({ followUps, ...values }: typeof form.values) => ({
    ...values,
    durationMinutes: Number(values.durationMinutes),
    followUps: followUps.filter((f) => f.text.trim()).map((f) => ({ text: f.text.trim(), dueOn: f.dueOn || null })),
  });
  const created = useApiForm(form, create, (v) => ({ ...body(v), organisationId }));
  const edited = useApiForm(form, update, (v) => ({ ...body(v), id: session?.id ?? '', version: session?.version ?? 0 }));
  const { onSubmit, error, pending, shownFields } = session ? edited : created;
  const followUps = form.getValues().followUps;
  const numbered = (label: string, i: number) => (followUps.length > 1 ? `${label} ${i + 1}` : label);
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <DateField label={t('capacity.mentoring.heldOn')} required maxDate={localToday()} {...form.getInputProps('heldOn')} />
        <Select label={t('capacity.mentoring.format')} allowDeselect={false} data={MENTORING_FORMATS.map((f) => ({ value: f, label: t(`capacity.formats.${f}`) }))} {...form.getInputProps('format')} />
        <NumberInput label={t('capacity.durationMinutes')} min={1} max={MAX_SESSION_MINUTES} clampBehavior="none" allowDecimal={false} required {...form.getInputProps('durationMinutes')} />
        <TextInput label={t('capacity.mentoring.participants')} {...form.getInputProps('participants')} />
        <Textarea label={t('capacity.mentoring.topics')} autosize minRows={2} {...form.getInputProps('topics')} />
        <MultiSelect label={t('capacity.mentoring.planActions')} searchable data={(actions.data ?? []).map((a) => ({ value: a.id, label: a.action }))} {...form.getInputProps('planActionIds')} />
      </SimpleGrid>
      <Fieldset legend={t('capacity.mentoring.followUps')} mt="md" variant="unstyled">
        <Stack gap="xs">
          {followUps.map((f, i) => (
            // One bordered row per follow-up, so on a phone its remove button plainly belongs to it.
            <Paper key={f.key} withBorder p="xs" radius="sm">
              <Group align="end" gap="xs" wrap="nowrap">
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" style={{ flex: 1, minWidth: 0 }}>
                  <TextInput label={numbered(t('capacity.mentoring.followUp'), i)} {...form.getInputProps(`followUps.${i}.text`)} />
                  <DateField label={numbered(t('capacity.mentoring.dueOn'), i)} {...form.getInputProps(`followUps.${i}.dueOn`)} />
                </SimpleGrid>
                <ActionIcon variant="subtle" color="red.9" size="input-sm" fz="xl" aria-label={t('capacity.mentoring.removeFollowUp', { n: i + 1 })} onClick={() => form.removeListItem('followUps', i)}>×</ActionIcon>
              </Group>
            </Paper>
          ))}
          <Group>
            <Button variant="default" size="xs" onClick={() => form.insertListItem('followUps', followUpRow())}>{t('capacity.mentoring.addFollowUp')}</Button>
          </Group>
        </Stack>
      </Fieldset>
      <Textarea label={t('capacity.mentoring.notes')} autosize minRows={2} mt="md" {...form.getInputProps('notes')} />
      <FormActions submitLabel={t('common.save')} pending={pending} onCancel={onDone} />
    </form>
  );
}

export function MentoringPanel({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const adding = useFormOpener();
  const [editing, setEditing] = useState<MentoringSession | null>(null);
  const editable = can(me, 'capacity.mentoring');
  const remove = useDeleteRecord('mentoring', { successMessage: t('capacity.mentoring.deleted') });
  const confirmDelete = (m: MentoringSession) => confirmDiscard({ action: t('capacity.mentoring.delete'), consequence: t('capacity.mentoring.confirmDelete', { date: formatDate(m.heldOn, i18n.language) }), onConfirm: () => remove.mutate(m.id) });
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
    ...(editable
      ? [{
          key: 'edit',
          header: t('common.actions'),
          render: (m: MentoringSession) => (
            <Group gap={4} wrap="nowrap">
              <Button size="compact-xs" variant="default" aria-label={`${t('capacity.mentoring.edit')}: ${formatDate(m.heldOn, i18n.language)}`} onClick={() => setEditing(m)}>{t('common.edit')}</Button>
              <Button size="compact-xs" variant="default" aria-label={`${t('capacity.mentoring.delete')}: ${formatDate(m.heldOn, i18n.language)}`} onClick={() => confirmDelete(m)}>{t('capacity.deleteRecord')}</Button>
            </Group>
          ),
        }]
      : []),
  ];
  return (
    <Stack>
      <Group justify="flex-end" gap="xs">
        <ExportButtons path="/capacity/mentoring/export" filters={params} total={query.data?.total} failed={query.isError} />
        {editable && !adding.opened && <Button ref={adding.openerRef} size="xs" onClick={adding.open}>{t('capacity.mentoring.new')}</Button>}
      </Group>
      <InlineForm opener={adding}><SessionForm organisationId={organisationId} onDone={adding.close} /></InlineForm>
      <Modal opened={!!editing} onClose={() => setEditing(null)} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('capacity.mentoring.edit')} size="lg">
        {editing && <SessionForm key={`${editing.id}:${editing.version}`} organisationId={organisationId} session={editing} onDone={() => setEditing(null)} />}
      </Modal>
      <PagedList caption={t('capacity.mentoring.title')} columns={columns} query={query} list={list} rowKey={(m) => m.id} emptyText={t('capacity.mentoring.none')} />
    </Stack>
  );
}
