import { Anchor, Button, Checkbox, Modal, NumberInput, Paper, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/session';
import { DateField } from '../../components/DateField';
import { formatDate } from '../../components/dates';
import { PageHeader } from '../../components/PageHeader';
import { PagedList } from '../../components/PagedList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useListState } from '../../components/useListState';
import { useLocalName } from '../../api/lookups';
import { useMunicipalities } from '../places/api';
import { learningQueries, useCreateTraining, type TrainingSummary } from './api';
import { useLocal } from './local';

function NewTraining({ onDone }: { onDone: (id: string) => void }) {
  const { t } = useTranslation();
  const local = useLocal();
  const packages = useQuery(learningQueries.packages());
  const municipalities = useMunicipalities();
  const name = useLocalName();
  const create = useCreateTraining({ successMessage: t('common.saved'), onSuccess: (r) => onDone(r.id) });
  const surveys = useQuery(learningQueries.surveys());
  const form = useForm({ initialValues: { moduleId: '', titleKa: '', titleEn: '', trainers: '', firstDay: '', lastDay: '', hoursPerDay: 6 as number | '', venue: '', municipalityId: '', online: false, surveyInstrumentId: '' } });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, create, (v) => {
    const days: string[] = [];
    if (v.firstDay) {
      const last = v.lastDay && v.lastDay >= v.firstDay ? v.lastDay : v.firstDay;
      for (let d = new Date(`${v.firstDay}T00:00:00Z`); d.toISOString().slice(0, 10) <= last && days.length < 60; d = new Date(d.getTime() + 86_400_000)) days.push(d.toISOString().slice(0, 10));
    }
    return { moduleId: v.moduleId || null, titleKa: v.titleKa, titleEn: v.titleEn, trainers: v.trainers, days, hoursPerDay: v.hoursPerDay === '' ? 6 : v.hoursPerDay, venue: v.venue, online: v.online, municipalityId: v.online ? null : v.municipalityId || null, surveyInstrumentId: v.surveyInstrumentId || null };
  });
  const modules = (packages.data ?? []).flatMap((p) => p.modules.map((m) => ({ value: m.id, label: local(m.titleKa, m.titleEn) })));
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={(field) => shownFields(field) || field === 'days'} />
      <Stack>
        <Select label={t('learning.trainings.module')} data={modules} searchable required {...form.getInputProps('moduleId')} />
        <TextInput label={t('learning.trainings.titleKa')} lang="ka" required {...form.getInputProps('titleKa')} />
        <TextInput label={t('learning.trainings.titleEn')} lang="en" required {...form.getInputProps('titleEn')} />
        <TextInput label={t('learning.trainings.trainers')} {...form.getInputProps('trainers')} />
        <SimpleGrid cols={2}>
          <DateField label={t('learning.trainings.firstDay')} required value={form.values.firstDay} onChange={(v) => form.setFieldValue('firstDay', v)} error={form.errors.firstDay ?? form.errors.days} />
          <DateField label={t('learning.trainings.lastDay')} value={form.values.lastDay} onChange={(v) => form.setFieldValue('lastDay', v)} />
        </SimpleGrid>
        <NumberInput label={t('learning.trainings.hoursPerDay')} min={0.5} max={12} step={0.5} {...form.getInputProps('hoursPerDay')} />
        <Checkbox label={t('learning.trainings.online')} {...form.getInputProps('online', { type: 'checkbox' })} />
        {!form.values.online && (
          <Select label={t('learning.trainings.municipality')} required searchable data={(municipalities.data ?? []).map((m) => ({ value: m.id, label: name(m) }))} {...form.getInputProps('municipalityId')} />
        )}
        <TextInput label={t('learning.trainings.venue')} {...form.getInputProps('venue')} />
        <Select
          label={t('learning.survey.instrument')}
          description={t('learning.survey.instrumentHint')}
          clearable
          data={(surveys.data ?? []).map((s) => ({ value: s.id, label: local(s.titleKa, s.titleEn) }))}
          {...form.getInputProps('surveyInstrumentId')}
        />
        <Button type="submit" loading={pending}>{t('common.create')}</Button>
      </Stack>
    </form>
  );
}

export function TrainingsPage() {
  const { t, i18n } = useTranslation();
  const local = useLocal();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  const list = useListState('trainings', { sort: 'startsOn', dir: 'desc' }, {});
  const query = useQuery(learningQueries.trainings({ ...list.params, ...list.pageParams, pageSize: 25 }));
  return (
    <>
      <PageHeader title={t('learning.trainings.title')} actions={can(me, 'learning.author') && <Button onClick={open}>{t('learning.trainings.new')}</Button>} />
      <Paper>
        <PagedList<TrainingSummary>
          caption={t('learning.trainings.title')}
          query={query}
          list={list}
          rowKey={(r) => r.id}
          emptyText={t('learning.trainings.none')}
          columns={[
            { key: 'title', header: t('learning.trainings.titleColumn'), render: (r) => <Anchor renderRoot={(props) => <Link to="/learning/trainings/$id" params={{ id: r.id }} {...props} />}>{local(r.titleKa, r.titleEn)}</Anchor> },
            { key: 'startsOn', header: t('learning.trainings.firstDay'), sortKey: 'startsOn', render: (r) => formatDate(r.startsOn, i18n.language) },
            { key: 'days', header: t('learning.trainings.days'), render: (r) => r.days.length },
            { key: 'venue', header: t('learning.trainings.venue'), render: (r) => (r.online ? t('learning.trainings.online') : r.venue) },
            { key: 'status', header: t('learning.trainings.status'), render: (r) => t(`learning.trainings.statuses.${r.status}`) },
          ]}
        />
      </Paper>
      <Modal opened={opened} onClose={close} closeButtonProps={{ 'aria-label': t('common.close') }} title={t('learning.trainings.new')} size="lg">
        <NewTraining onDone={(id) => { close(); void navigate({ to: '/learning/trainings/$id', params: { id } }); }} />
      </Modal>
    </>
  );
}
