import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../../../../common/numbers';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import type { Column } from '../../components/DataTable';
import { ExportButtons } from '../../components/ExportButtons';
import { FormActions } from '../../components/FormActions';
import { RETURNING, useEntryState } from '../../components/useEntryState';
import { PagedList } from '../../components/PagedList';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useListState } from '../../components/useListState';
import { organisationQueries } from '../organisations/api';
import { capacityQueries, useCreateAssessment, type Assessment } from './api';
import { MentoringPanel } from './MentoringPanel';
import { PlanPanel } from './PlanPanel';
import { DocumentsPanel } from './DocumentsPanel';
import { ProfilePanel, SupervisionPanel, SupportPanel } from './RecordsPanels';
import { ResultsView } from './ResultsView';

const PAGE_SIZE = 10;

function NewAssessment({ organisationId, onDone }: { organisationId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const rounds = useQuery(capacityQueries.rounds());
  // One assessment per round: the rounds this CSO already has one in are shown, but cannot be chosen.
  const existing = useQuery(capacityQueries.assessments({ organisationId, sort: 'round', dir: 'desc', pageSize: 200 }));
  const assessed = new Set((existing.data?.items ?? []).map((a) => a.roundId));
  const create = useCreateAssessment({ onSuccess: (saved) => navigate({ to: '/capacity/assessments/$id', params: { id: saved.id } }) });
  const form = useForm({ initialValues: { organisationId, roundId: '', facilitators: '', participants: '' }, validate: { roundId: (v) => (v ? null : t('validation.required')) } });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, create);
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select label={t('capacity.round')} required data={(rounds.data ?? []).map((r) => {
          const name = i18n.language === 'en' ? r.nameEn : r.nameKa;
          return assessed.has(r.id) ? { value: r.id, label: `${name} (${t('capacity.roundAssessed')})`, disabled: true } : { value: r.id, label: name };
        })} {...form.getInputProps('roundId')} />
        <TextInput label={t('capacity.facilitators')} {...form.getInputProps('facilitators')} />
        <TextInput label={t('capacity.participants')} {...form.getInputProps('participants')} />
      </SimpleGrid>
      <FormActions submitLabel={t('common.create')} pending={pending} onCancel={onDone} />
    </form>
  );
}

function AssessmentsPanel({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const [adding, setAdding] = useState(false);
  const list = useListState('assessments', { sort: 'round', dir: 'desc' }, { status: undefined as string | undefined });
  const params = { ...list.params, q: undefined, organisationId };
  const query = useQuery(capacityQueries.assessments({ ...params, ...list.pageParams, pageSize: PAGE_SIZE }));
  const columns: Column<Assessment>[] = [
    {
      key: 'round',
      header: t('capacity.round'),
      sortKey: 'round',
      render: (a) => <Anchor renderRoot={(props) => <Link to="/capacity/assessments/$id" params={{ id: a.id }} {...props} />}>{i18n.language === 'en' ? a.roundNameEn : a.roundNameKa}</Anchor>,
    },
    { key: 'status', header: t('common.status'), sortKey: 'status', render: (a) => t(`capacity.status.${a.status}`) },
    { key: 'overall', header: t('capacity.overall'), render: (a) => formatScore(a.overall, i18n.language) },
    { key: 'facilitators', header: t('capacity.facilitators'), render: (a) => a.facilitators || '—' },
  ];
  return (
    <Stack>
      <Group justify="space-between">
        <Select label={t('common.status')} clearable placeholder={t('common.all')} value={list.filters.status ?? null} onChange={(v) => list.setFilter('status', v ?? undefined)}
          data={['rating', 'consensus', 'final'].map((s) => ({ value: s, label: t(`capacity.status.${s}`) }))} w={{ base: '100%', xs: 220 }} />
        <Group gap="xs">
          <ExportButtons path="/capacity/assessments/export" filters={params} total={query.data?.total} failed={query.isError} />
          {can(me, 'capacity.assess') && !adding && <Button size="xs" onClick={() => setAdding(true)}>{t('capacity.newAssessment')}</Button>}
        </Group>
      </Group>
      {adding && <Paper withBorder p="md"><NewAssessment organisationId={organisationId} onDone={() => setAdding(false)} /></Paper>}
      <PagedList caption={t('capacity.assessments')} columns={columns} query={query} list={list} rowKey={(a) => a.id} />
    </Stack>
  );
}

/** The CSO's capacity hub: results and change, assessments, plan, mentoring, supervision, support, profile. */
export function CapacityHubPage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/app/organisations/$id/capacity' });
  const localName = useLocalName();
  const organisation = useQuery(organisationQueries.detail(id));
  const results = useQuery(capacityQueries.results(id));
  const [tab, setTab] = useEntryState<string | null>('tab', 'results');
  if (organisation.error) return <PageProblem error={organisation.error} />;
  return (
    <>
      <PageHeader
        title={`${t('capacity.title')}: ${localName(organisation.data)}`}
        actions={<Button size="xs" variant="default" renderRoot={(props) => <Link to="/organisations/$id/capacity/report" params={{ id }} {...props} />}>{t('capacity.report.open')}</Button>}
      />
      <Anchor renderRoot={(props) => <Link to="/organisations/$id" params={{ id }} state={RETURNING} {...props} />} size="sm" mb="md" display="inline-block">
        ← {localName(organisation.data)}
      </Anchor>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="results">{t('capacity.results.title')}</Tabs.Tab>
          <Tabs.Tab value="assessments">{t('capacity.assessments')}</Tabs.Tab>
          <Tabs.Tab value="plan">{t('capacity.plan.title')}</Tabs.Tab>
          <Tabs.Tab value="mentoring">{t('capacity.mentoring.tab')}</Tabs.Tab>
          <Tabs.Tab value="supervision">{t('capacity.supervision.tab')}</Tabs.Tab>
          <Tabs.Tab value="support">{t('capacity.support.tab')}</Tabs.Tab>
          <Tabs.Tab value="profile">{t('capacity.profile.title')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="results">
          <Title order={2} size="h3" mb="sm">{t('capacity.results.title')}</Title>
          <ProblemAlert error={results.error} onRetry={() => void results.refetch()} />
          {results.data ? <ResultsView results={results.data} /> : <Text>{t('app.loading')}</Text>}
        </Tabs.Panel>
        <Tabs.Panel value="assessments"><AssessmentsPanel organisationId={id} /></Tabs.Panel>
        <Tabs.Panel value="plan"><PlanPanel organisationId={id} /></Tabs.Panel>
        <Tabs.Panel value="mentoring"><MentoringPanel organisationId={id} /></Tabs.Panel>
        <Tabs.Panel value="supervision"><SupervisionPanel organisationId={id} /></Tabs.Panel>
        <Tabs.Panel value="support"><SupportPanel organisationId={id} /></Tabs.Panel>
        <Tabs.Panel value="profile">
          <Stack gap="xl">
            <ProfilePanel organisationId={id} />
            <DocumentsPanel organisationId={id} />
          </Stack>
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
