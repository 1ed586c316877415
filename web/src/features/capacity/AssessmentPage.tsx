import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatScore } from '../../../../common/numbers';
import { can, useMe } from '../../api/session';
import { DataTable, type Column } from '../../components/DataTable';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { capacityQueries, useAddRating, useAssessmentStep, usePlanPreview, type AssessmentDetail } from './api';
import { RETURNING } from '../../components/useEntryState';

function AddRater({ assessmentId }: { assessmentId: string }) {
  const { t } = useTranslation();
  const add = useAddRating(assessmentId, { onSuccess: () => form.reset() });
  const form = useForm({ initialValues: { raterName: '' }, validate: { raterName: (v) => (v.trim() ? null : t('validation.required')) } });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, add);
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <Group align="end">
        <TextInput label={t('capacity.ratings.raterName')} required {...form.getInputProps('raterName')} />
        <Button type="submit" loading={pending}>{t('capacity.ratings.add')}</Button>
      </Group>
    </form>
  );
}

/** One CSO's assessment in a round: raters' forms, where they disagree, the consensus and the plan. */
export function AssessmentPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const { id } = useParams({ from: '/app/capacity/assessments/$id' });
  const { data: me } = useMe();
  const query = useQuery(capacityQueries.assessment(id));
  const results = useQuery({ ...capacityQueries.results(query.data?.organisationId ?? ''), enabled: !!query.data });
  const openConsensus = useAssessmentStep<AssessmentDetail>((aid) => `/capacity/assessments/${aid}/consensus`);
  const finalise = useAssessmentStep<AssessmentDetail>((aid) => `/capacity/assessments/${aid}/finalise`);
  const plan = useAssessmentStep<{ created: number }>((aid) => `/capacity/assessments/${aid}/plan`, { successMessage: (r) => t('capacity.plan.generated', { count: r.created }) });
  // One click used to add dozens of actions at once: the server first says how many, and nothing is added unless confirmed.
  const preview = usePlanPreview({
    onSuccess: ({ count }, assessmentId) => {
      if (count === 0) return notify(t('capacity.plan.nothingToSuggest'));
      modals.openConfirmModal({
        title: t('capacity.plan.generate'),
        children: <Text size="sm">{t('capacity.plan.confirmGenerate', { count })}</Text>,
        labels: { confirm: t('capacity.plan.confirmGenerateButton', { count }), cancel: t('common.cancel') },
        closeButtonProps: { 'aria-label': t('common.close') },
        onConfirm: () => plan.mutate({ id: assessmentId }),
      });
    },
  });
  const a = query.data;
  if (query.error) return <PageProblem error={query.error} />;
  if (!a) return <Text>{t('app.loading')}</Text>;
  const canAssess = can(me, 'capacity.assess');
  const labelOf = (subArea: string) => results.data?.rounds.flatMap((r) => r.subAreas).find((s) => s.name === subArea)?.label[lang] ?? subArea;
  const disagreementColumns: Column<AssessmentDetail['disagreements'][number]>[] = [
    { key: 'subArea', header: t('capacity.results.subArea'), render: (d) => labelOf(d.subArea), card: 'title' },
    { key: 'scores', header: t('capacity.consensus.scores'), render: (d) => d.scores.join(', ') },
    { key: 'spread', header: t('capacity.consensus.spread'), render: (d) => d.spread },
  ];
  return (
    <>
      <PageHeader title={`${t('capacity.assessment')}: ${lang === 'en' ? a.organisationNameEn : a.organisationNameKa} — ${lang === 'en' ? a.roundNameEn : a.roundNameKa}`} />
      <Anchor renderRoot={(props) => <Link to="/organisations/$id/capacity" params={{ id: a.organisationId }} state={RETURNING} {...props} />} size="sm" mb="md" display="inline-block">
        ← {t('capacity.title')}
      </Anchor>
      <Stack>
        <Group gap="xs">
          <Badge variant="light">{t(`capacity.status.${a.status}`)}</Badge>
          {a.overall !== null && <Text fw={700}>{t('capacity.overall')}: {formatScore(a.overall, lang)}</Text>}
        </Group>
        <Text size="sm">{t('capacity.facilitators')}: {a.facilitators || '—'} · {t('capacity.participants')}: {a.participants || '—'}</Text>

        <Paper withBorder p="md">
          <Title order={2} size="h3" mb="sm">{t('capacity.ratings.title')}</Title>
          {a.ratings.length === 0 ? <Text mb="sm">{t('capacity.ratings.none')}</Text> : (
            <Table mb="sm">
              <caption>{t('capacity.ratings.title')}</caption>
              <Table.Thead><Table.Tr><Table.Th scope="col">{t('capacity.ratings.raterName')}</Table.Th><Table.Th scope="col">{t('common.status')}</Table.Th><Table.Th scope="col">{t('capacity.overall')}</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {a.ratings.map((r) => (
                  <Table.Tr key={r.responseId}>
                    <Table.Td><Anchor renderRoot={(props) => <Link to="/responses/$id" params={{ id: r.responseId }} {...props} />}>{r.raterName}</Anchor></Table.Td>
                    <Table.Td>{t(`responses.status.${r.status}`)}</Table.Td>
                    <Table.Td>{formatScore(r.overall, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {canAssess && a.status !== 'final' && <AddRater assessmentId={a.id} />}
        </Paper>

        <Paper withBorder p="md">
          <Title order={2} size="h3" mb="sm">{t('capacity.consensus.disagreements')}</Title>
          {/* Every sub-area the raters scored differently, widest first (on a phone, as cards). */}
          <DataTable
            caption={t('capacity.consensus.disagreements')}
            columns={disagreementColumns}
            rows={a.disagreements.filter((d) => d.spread > 0)}
            rowKey={(d) => d.subArea}
            emptyText={t('capacity.consensus.noDisagreements')}
          />
        </Paper>

        <Paper withBorder p="md">
          <Title order={2} size="h3" mb="sm">{t('capacity.consensus.title')}</Title>
          <Alert variant="light" mb="sm">{t('capacity.consensus.hint')}</Alert>
          <ProblemAlert error={openConsensus.error ?? finalise.error ?? preview.error ?? plan.error} />
          <Group>
            {a.consensusResponseId ? (
              <Button variant="default" renderRoot={(props) => <Link to="/responses/$id" params={{ id: a.consensusResponseId! }} {...props} />}>
                {/* A final assessment's form, or one the reader may not fill in, is there to be read. */}
                {t(canAssess && a.status !== 'final' ? 'capacity.consensus.openForm' : 'capacity.consensus.viewForm')}
              </Button>
            ) : (
              canAssess && <Button loading={openConsensus.isPending} onClick={() => openConsensus.mutate({ id: a.id })}>{t('capacity.consensus.open')}</Button>
            )}
            {canAssess && a.status === 'consensus' && (
              <Button loading={finalise.isPending} onClick={() => finalise.mutate({ id: a.id, version: a.version }, { onSuccess: () => notify(t('capacity.status.final')) })}>{t('capacity.consensus.finalise')}</Button>
            )}
            {canAssess && a.status === 'final' && (
              <Button loading={preview.isPending || plan.isPending} onClick={() => preview.mutate(a.id)}>{t('capacity.plan.generate')}</Button>
            )}
          </Group>
        </Paper>
      </Stack>
    </>
  );
}
