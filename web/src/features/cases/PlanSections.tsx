import { ActionIcon, Anchor, Badge, Button, Group, List, Paper, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../api/lookups';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { caseQueries, useRecordReview, useRequestApproval, useSavePlan, useStartAssessment, type CaseFile } from './api';
import { DateField } from '../../components/DateField';
import { formatDate, localToday } from '../../components/dates';

const inWeeks = (weeks: number) => localToday(weeks * 7);

/** The case file's sections, in the page's order, by the ids its list of sections jumps to. */
export const CASE_SECTIONS = {
  status: 'case-status',
  assessment: 'case-assessment',
  plan: 'case-plan',
  sessions: 'case-sessions',
  reviews: 'case-reviews',
  referrals: 'case-referrals',
} as const;

/** A titled block of the case file; `id` is where the case page's list of sections jumps to. */
export function Section({ title, id, children }: { title: string; id?: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={title} id={id}>
      <Title order={2} size="h3" mb="sm">{title}</Title>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

/** Needs assessment: a form about the person (responses feature), started from the case. */
export function AssessmentSection({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const instruments = useQuery(caseQueries.instruments());
  const local = useLocalName();
  const [instrumentId, setInstrumentId] = useState<string | null>(null);
  const start = useStartAssessment(file.case.id, { onSuccess: (r) => navigate({ to: '/responses/$id', params: { id: r.response.id } }) });
  const titleOf = (id: string) => {
    const i = instruments.data?.find((x) => x.id === id);
    return i ? local({ nameKa: i.titleKa, nameEn: i.titleEn }) : t('cases.assessment.title');
  };
  return (
    <Section title={t('cases.assessment.title')} id={CASE_SECTIONS.assessment}>
      {file.assessments.length === 0 && <Text c="dimmed">{t('cases.assessment.none')}</Text>}
      <List>
        {file.assessments.map((a) => (
          <List.Item key={a.id}>
            <Anchor renderRoot={(props) => <Link to="/responses/$id" params={{ id: a.id }} {...props} />}>{titleOf(a.instrumentId)}</Anchor>
            <Badge ml="xs" variant="light">{a.status === 'submitted' ? t('cases.assessment.submitted') : t('cases.assessment.draft')}</Badge>
          </List.Item>
        ))}
      </List>
      <ProblemAlert error={instruments.error ?? start.error} />
      <Select
        label={t('cases.assessment.instrument')}
        data={(instruments.data ?? []).map((i) => ({ value: i.id, label: local({ nameKa: i.titleKa, nameEn: i.titleEn }) }))}
        value={instrumentId}
        onChange={setInstrumentId}
      />
      <Group>
        <Button disabled={!instrumentId} loading={start.isPending} onClick={() => instrumentId && start.mutate({ instrumentId })}>{t('cases.assessment.start')}</Button>
      </Group>
    </Section>
  );
}

interface GoalValues extends Record<string, unknown> {
  id: string;
  text: string;
  services: string;
  frequency: string;
  responsibleUserId: string;
}

let goalCounter = 0;
const newGoal = (): GoalValues => ({ id: `g${Date.now().toString(36)}${goalCounter++}`, text: '', services: '', frequency: '', responsibleUserId: '' });

/** The individual service plan: the current one with its approval state, and the editor for a new version. */
export function PlanSection({ file }: { file: CaseFile }) {
  const { t, i18n } = useTranslation();
  const staff = useQuery(caseQueries.staff());
  const nameOf = (id: string | null) => staff.data?.find((s) => s.id === id)?.displayName ?? '';
  const current = file.plans[0];
  const form = useForm<{ goals: GoalValues[]; reviewOn: string }>({
    initialValues: {
      goals: current ? current.goals.map((g) => ({ ...g, responsibleUserId: g.responsibleUserId ?? '' })) : [newGoal()],
      reviewOn: current?.reviewOn ?? inWeeks(12),
    },
  });
  const save = useSavePlan(file.case.id, { successMessage: t('common.saved') });
  const bound = useApiForm(form, save, (v) => ({ reviewOn: v.reviewOn, goals: v.goals.map((g) => ({ ...g, responsibleUserId: g.responsibleUserId || null })) }));
  const request = useRequestApproval(file.case.id, { successMessage: t('common.saved') });
  const goals = form.getValues().goals;
  return (
    <Section title={t('cases.plan.title')} id={CASE_SECTIONS.plan}>
      {current ? (
        <Stack gap="xs">
          <Group gap="xs">
            <Text fw={600}>{t('cases.plan.current', { date: formatDate(current.reviewOn, i18n.language) })}</Text>
            <Badge color={current.approval === 'approved' ? 'teal.9' : current.approval === 'rejected' ? 'red.9' : 'gray.8'}>{t(`cases.approvalStatus.${current.approval}`)}</Badge>
          </Group>
          <List type="ordered">
            {current.goals.map((g) => (
              <List.Item key={g.id}>
                <Text span>{g.text}</Text>
                <Text size="sm" c="dimmed">{[g.services, g.frequency, nameOf(g.responsibleUserId)].filter(Boolean).join(' · ')}</Text>
              </List.Item>
            ))}
          </List>
          <ProblemAlert error={request.error} />
          {(current.approval === 'none' || current.approval === 'rejected') && (
            <Group>
              <Button variant="light" loading={request.isPending} onClick={() => request.mutate({ kind: 'plan', planId: current.id })}>{t('cases.plan.requestApproval')}</Button>
            </Group>
          )}
        </Stack>
      ) : (
        <Text c="dimmed">{t('cases.plan.none')}</Text>
      )}
      <form onSubmit={bound.onSubmit} noValidate aria-label={current ? t('cases.plan.newVersion') : t('cases.plan.title')}>
        <Stack>
          {current && <Title order={3} size="h4">{t('cases.plan.newVersion')}</Title>}
          <ProblemAlert error={bound.error} shownFields={bound.shownFields} />
          {goals.map((g, i) => (
            <Paper key={g.id} withBorder p="sm" radius="sm">
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text fw={600}>{t('cases.plan.goal', { n: i + 1 })}</Text>
                  {goals.length > 1 && (
                    <ActionIcon variant="subtle" color="red.9" aria-label={t('cases.plan.removeGoal', { n: i + 1 })} onClick={() => form.removeListItem('goals', i)}>×</ActionIcon>
                  )}
                </Group>
                <Textarea label={t('cases.plan.goalText')} required autosize minRows={2} {...form.getInputProps(`goals.${i}.text`)} />
                <TextInput label={t('cases.plan.services')} {...form.getInputProps(`goals.${i}.services`)} />
                <TextInput label={t('cases.plan.frequency')} {...form.getInputProps(`goals.${i}.frequency`)} />
                <Select label={t('cases.plan.responsible')} clearable data={(staff.data ?? []).map((s) => ({ value: s.id, label: s.displayName }))} {...form.getInputProps(`goals.${i}.responsibleUserId`)} />
              </Stack>
            </Paper>
          ))}
          <Group>
            <Button variant="default" onClick={() => form.insertListItem('goals', newGoal())}>{t('cases.plan.addGoal')}</Button>
          </Group>
          <DateField label={t('cases.plan.reviewOn')} required value={form.getValues().reviewOn} onChange={(v) => form.setFieldValue('reviewOn', v)} error={form.errors.reviewOn} />
          <Group>
            <Button type="submit" loading={bound.pending}>{t('cases.plan.save')}</Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

const SCORES = ['-2', '-1', '0', '1', '2'] as const;

/** Periodic reviews: a goal-attainment score for each goal of the current plan. */
export function ReviewsSection({ file }: { file: CaseFile }) {
  const { t, i18n } = useTranslation();
  const current = file.plans[0];
  const goalText = (id: string) => file.plans.flatMap((p) => p.goals).find((g) => g.id === id)?.text ?? id;
  // Every goal starts unscored (null, not absent), so a reset clears the pickers too.
  const unscored = Object.fromEntries((current?.goals ?? []).map((g) => [g.id, null]));
  const form = useForm<{ reviewedOn: string; notes: string; scores: Record<string, string | null> }>({ initialValues: { reviewedOn: localToday(), notes: '', scores: unscored } });
  const record = useRecordReview(file.case.id, { successMessage: t('common.saved'), onSuccess: () => form.reset() });
  const bound = useApiForm(form, record, (v) => ({
    reviewedOn: v.reviewedOn,
    notes: v.notes,
    scores: Object.entries(v.scores).flatMap(([goalId, s]) => (s === null || s === '' ? [] : [{ goalId, score: Number(s) }])),
  }));
  const scoreLabel = (s: number) => t(`cases.gas.${s}`);
  return (
    <Section title={t('cases.reviews.title')} id={CASE_SECTIONS.reviews}>
      {file.reviews.length === 0 && <Text c="dimmed">{t('cases.reviews.none')}</Text>}
      {file.reviews.map((r) => (
        <Paper key={r.id} withBorder p="sm" radius="sm">
          <Text fw={600}>{formatDate(r.reviewedOn, i18n.language)}</Text>
          <List>
            {r.scores.map((s) => <List.Item key={s.goalId}>{`${goalText(s.goalId)}: ${scoreLabel(s.score)}`}</List.Item>)}
          </List>
          {r.notes && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{r.notes}</Text>}
        </Paper>
      ))}
      {!current ? (
        <Text c="dimmed">{t('cases.reviews.needsPlan')}</Text>
      ) : (
        <form onSubmit={bound.onSubmit} noValidate aria-label={t('cases.reviews.record')}>
          <Stack>
            <ProblemAlert error={bound.error} shownFields={bound.shownFields} />
            <DateField label={t('cases.reviews.date')} value={form.getValues().reviewedOn} onChange={(v) => form.setFieldValue('reviewedOn', v)} error={form.errors.reviewedOn} />
            {current.goals.map((g) => (
              <Select
                key={g.id}
                label={t('cases.reviews.score', { goal: g.text })}
                clearable
                data={SCORES.map((s) => ({ value: s, label: scoreLabel(Number(s)) }))}
                {...form.getInputProps(`scores.${g.id}`)}
              />
            ))}
            <Textarea label={t('cases.reviews.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
            <Group>
              <Button type="submit" loading={bound.pending}>{t('cases.reviews.record')}</Button>
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}
