import { Alert, Badge, Button, Checkbox, Group, NumberInput, Paper, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../../common/schemas/learning';
import { can, useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { learningQueries, useAddParticipant, useFinishTraining, useSaveParticipant } from './api';
import { useLocal } from './local';

/** One participant's row of the attendance grid: a checkbox per day, pre- and post-test scores, saved together. */
function ParticipantRow({ p, days, editable }: { p: Participant; days: string[]; editable: boolean }) {
  const { t } = useTranslation();
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
            aria-label={t('learning.trainings.attended', { name: p.staffName, day })}
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
      <Table.Td>{p.certificateId ? <Badge color="green">{t('learning.trainings.certified')}</Badge> : '—'}</Table.Td>
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

export function TrainingPage() {
  const { id } = useParams({ from: '/app/learning/trainings/$id' });
  const { t } = useTranslation();
  const local = useLocal();
  const { data: me } = useMe();
  const training = useQuery(learningQueries.training(id));
  const finish = useFinishTraining({ successMessage: t('learning.trainings.finished') });
  if (training.error) return <ProblemAlert error={training.error} onRetry={() => void training.refetch()} />;
  if (!training.data) return null;
  const tr = training.data;
  const author = can(me, 'learning.author');
  const editable = author && tr.status !== 'cancelled';
  return (
    <>
      <PageHeader title={local(tr.titleKa, tr.titleEn)} />
      <Stack gap="md">
        <Text>
          {tr.days.join(', ')} · {tr.online ? t('learning.trainings.online') : tr.venue} · {t('learning.trainings.trainers')}: {tr.trainers || '—'}
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
                    <Table.Th key={day} scope="col">{day.slice(5)}</Table.Th>
                  ))}
                  <Table.Th scope="col">{t('learning.trainings.pre')}</Table.Th>
                  <Table.Th scope="col">{t('learning.trainings.post')}</Table.Th>
                  <Table.Th scope="col">{t('learning.trainings.gain')}</Table.Th>
                  <Table.Th scope="col">{t('learning.certificate.title')}</Table.Th>
                  {editable && <Table.Th scope="col"><span className="visually-hidden">{t('common.save')}</span></Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tr.participants.map((p) => (
                  <ParticipantRow key={`${p.id}:${p.version}`} p={p} days={tr.days} editable={editable} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {tr.participants.length === 0 && <Text c="dimmed">{t('learning.trainings.noParticipants')}</Text>}
        </Paper>
        {editable && <AddParticipant trainingId={id} />}
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
