import { Alert, Badge, Button, Checkbox, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant, TrainingDetail } from '../../../../common/schemas/learning';
import { can, useMe } from '../../api/session';
import { formatDate } from '../../components/dates';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ChartWithTable } from '../instruments/ResultsPage';
import { learningQueries, useAddParticipant, useFinishTraining, useSaveParticipant, useSetTrainingSurvey, useStartSurvey } from './api';
import { useLocal } from './local';

/** One participant's row of the attendance grid: a checkbox per day, pre- and post-test scores, saved together. */
function ParticipantRow({ p, days, editable, survey }: { p: Participant; days: string[]; editable: boolean; survey: boolean }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const startSurvey = useStartSurvey({ onSuccess: (r) => void navigate({ to: '/responses/$id', params: { id: r.responseId } }) });
  const [attendance, setAttendance] = useState(p.attendance);
  const [pre, setPre] = useState<number | ''>(p.preScore ?? '');
  const [post, setPost] = useState<number | ''>(p.postScore ?? '');
  const save = useSaveParticipant({ successMessage: t('common.saved') });
  const changed = attendance.some((a, i) => a !== p.attendance[i]) || (pre === '' ? null : pre) !== p.preScore || (post === '' ? null : post) !== p.postScore;
  return (
    <Table.Tr>
      <Table.Th scope="row">{p.staffName}</Table.Th>
      {days.map((day, i) => (
        <Table.Td key={day}>
          <Checkbox
            aria-label={t('learning.trainings.attended', { name: p.staffName, day: formatDate(day, i18n.language) })}
            checked={attendance[i] ?? false}
            disabled={!editable}
            onChange={(e) => setAttendance(attendance.map((a, j) => (j === i ? e.currentTarget.checked : a)))}
          />
        </Table.Td>
      ))}
      <Table.Td>
        <NumberInput aria-label={t('learning.trainings.preFor', { name: p.staffName })} min={0} max={100} w={80} value={pre} disabled={!editable} onChange={(v) => setPre(typeof v === 'number' ? v : '')} />
      </Table.Td>
      <Table.Td>
        <NumberInput aria-label={t('learning.trainings.postFor', { name: p.staffName })} min={0} max={100} w={80} value={post} disabled={!editable} onChange={(v) => setPost(typeof v === 'number' ? v : '')} />
      </Table.Td>
      <Table.Td>{p.gain === null ? '—' : `${p.gain > 0 ? '+' : ''}${p.gain}`}</Table.Td>
      <Table.Td>{p.certificateId ? <Badge color="teal.9">{t('learning.trainings.certified')}</Badge> : '—'}</Table.Td>
      {survey && (
        <Table.Td>
          <Button size="compact-xs" variant="light" loading={startSurvey.isPending} onClick={() => startSurvey.mutate(p.id)} aria-label={`${p.surveyResponseId ? t('learning.survey.open') : t('learning.survey.fill')}: ${p.staffName}`}>
            {p.surveyResponseId ? t('learning.survey.open') : t('learning.survey.fill')}
          </Button>
          {startSurvey.error ? <ProblemAlert error={startSurvey.error} /> : null}
        </Table.Td>
      )}
      {editable && (
        <Table.Td>
          <Button size="xs" disabled={!changed} loading={save.isPending} onClick={() => save.mutate({ id: p.id, attendance, preScore: pre === '' ? null : pre, postScore: post === '' ? null : post, version: p.version })}>
            {t('common.save')}
          </Button>
          {save.error ? <ProblemAlert error={save.error} /> : null}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function AddParticipant({ trainingId }: { trainingId: string }) {
  const { t } = useTranslation();
  const [staffId, setStaffId] = useState<string | null>(null);
  const staff = useQuery(learningQueries.staff({ pageSize: 200, sort: 'surname', dir: 'asc' }));
  const add = useAddParticipant(trainingId, { successMessage: t('common.saved'), onSuccess: () => setStaffId(null) });
  return (
    <Group align="end" wrap="wrap">
      <Select
        label={t('learning.trainings.addParticipant')}
        searchable
        w={320}
        value={staffId}
        onChange={setStaffId}
        data={(staff.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.givenName} ${s.surname} — ${s.organisationNameKa}` }))}
      />
      <Button disabled={!staffId} loading={add.isPending} onClick={() => staffId && add.mutate(staffId)}>{t('learning.trainings.add')}</Button>
      <ProblemAlert error={add.error} />
    </Group>
  );
}

/** The satisfaction survey's results over the training: counts and means, small counts hidden for readers outside the participants' CSOs. */
function SurveyResults({ trainingId }: { trainingId: string }) {
  const { t, i18n } = useTranslation();
  const results = useQuery(learningQueries.survey(trainingId));
  const summary = results.data?.summary;
  if (results.error) return <ProblemAlert error={results.error} />;
  if (!summary) return null;
  const shown = summary.responses === null ? t('instruments.results.small') : String(summary.responses);
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby="survey-results">
      <Title order={2} size="h4" mb="xs" id="survey-results">{t('learning.survey.title')}</Title>
      <Text fw={600} mb="xs">{t('learning.survey.responses', { shown })}</Text>
      {summary.suppressed && <Alert color="blue" mb="xs">{t('learning.survey.suppressed')}</Alert>}
      {summary.responses === 0 ? (
        <Text c="dimmed">{t('learning.survey.none')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          {summary.questions.map((q) => (
            <ChartWithTable key={q.name} title={(i18n.language === 'en' ? q.labelEn : q.labelKa) || q.name} bars={q.bars} answered={q.answered} mean={q.mean} />
          ))}
        </SimpleGrid>
      )}
    </Paper>
  );
}

/** Authors choose (or change) the training's satisfaction survey. */
function SurveyChoice({ training }: { training: TrainingDetail }) {
  const { t } = useTranslation();
  const local = useLocal();
  const surveys = useQuery(learningQueries.surveys());
  const choose = useSetTrainingSurvey({ successMessage: t('common.saved') });
  return (
    <Stack gap={4}>
      <Select
        label={t('learning.survey.instrument')}
        description={t('learning.survey.instrumentHint')}
        clearable
        maw={420}
        value={training.surveyInstrumentId}
        data={(surveys.data ?? []).map((s) => ({ value: s.id, label: local(s.titleKa, s.titleEn) }))}
        onChange={(value) => choose.mutate({ id: training.id, surveyInstrumentId: value, version: training.version })}
      />
      <ProblemAlert error={choose.error} />
    </Stack>
  );
}

export function TrainingPage() {
  const { id } = useParams({ from: '/app/learning/trainings/$id' });
  const { t, i18n } = useTranslation();
  const local = useLocal();
  const { data: me } = useMe();
  const training = useQuery(learningQueries.training(id));
  const finish = useFinishTraining({ successMessage: t('learning.trainings.finished') });
  if (training.error) return <PageProblem error={training.error} onRetry={() => void training.refetch()} />;
  if (!training.data) return null;
  const tr = training.data;
  const author = can(me, 'learning.author');
  const editable = author && tr.status !== 'cancelled';
  // Participants' own rows and those their managers and programme staff see: the survey can be started from there.
  const survey = !!tr.surveyInstrumentId && tr.status !== 'cancelled' && can(me, 'learning.learn');
  return (
    <>
      <PageHeader title={local(tr.titleKa, tr.titleEn)} />
      <Stack gap="md">
        <Text>
          {tr.days.map((day) => formatDate(day, i18n.language)).join(', ')} · {tr.online ? t('learning.trainings.online') : tr.venue} · {t('learning.trainings.trainers')}: {tr.trainers || '—'}
        </Text>
        <Group>
          <Badge>{t(`learning.trainings.statuses.${tr.status}`)}</Badge>
          <Text fw={600}>{t('learning.trainings.averageGain')}: {tr.averageGain === null ? '—' : `${tr.averageGain > 0 ? '+' : ''}${tr.averageGain}`}</Text>
        </Group>
        <Paper withBorder p="sm">
          <Title order={2} size="h4" mb="xs">{t('learning.trainings.participants')}</Title>
          <Table.ScrollContainer minWidth={560}>
            <Table>
              <caption className="visually-hidden">{t('learning.trainings.grid')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('learning.trainings.participant')}</Table.Th>
                  {tr.days.map((day) => (
                    <Table.Th key={day} scope="col">{formatDate(day, i18n.language)}</Table.Th>
                  ))}
                  <Table.Th scope="col">{t('learning.trainings.pre')}</Table.Th>
                  <Table.Th scope="col">{t('learning.trainings.post')}</Table.Th>
                  <Table.Th scope="col">{t('learning.trainings.gain')}</Table.Th>
                  <Table.Th scope="col">{t('learning.certificate.title')}</Table.Th>
                  {survey && <Table.Th scope="col">{t('learning.survey.column')}</Table.Th>}
                  {editable && <Table.Th scope="col"><span className="visually-hidden">{t('common.save')}</span></Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tr.participants.map((p) => (
                  <ParticipantRow key={`${p.id}:${p.version}`} p={p} days={tr.days} editable={editable} survey={survey} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {tr.participants.length === 0 && <Text c="dimmed">{t('learning.trainings.noParticipants')}</Text>}
        </Paper>
        {editable && <AddParticipant trainingId={id} />}
        {editable && <SurveyChoice training={tr} />}
        {tr.surveyInstrumentId && <SurveyResults trainingId={id} />}
        {author && tr.status === 'planned' && (
          <Alert color="blue">
            <Text size="sm" mb="xs">{t('learning.trainings.finishHint')}</Text>
            <Button onClick={() => finish.mutate({ id, version: tr.version })} loading={finish.isPending}>{t('learning.trainings.finish')}</Button>
            <ProblemAlert error={finish.error} />
          </Alert>
        )}
      </Stack>
    </>
  );
}
