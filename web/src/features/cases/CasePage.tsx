import { Alert, Anchor, Badge, Button, Checkbox, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { caseQueries, useRecordSession, type CaseFile } from './api';
import { BreakGlass, ReferralSection, StatusSection } from './CaseWork';
import { AssessmentSection, PlanSection, ReviewsSection, Section } from './PlanSections';

/** A case file: status, needs assessment, plan, sessions, reviews, referrals; every part usable on a phone. */
export function CasePage() {
  const { t } = useTranslation();
  const { id } = useParams({ from: '/app/cases/$id' });
  const { data: me } = useMe();
  const file = useQuery(caseQueries.file(id));
  const [glassUntil, setGlassUntil] = useState<string | null>(null);
  const f = file.data;
  // Outside the caseload a case answers 404 like any unknown record; a CSO manager may break the glass.
  const hidden = file.error instanceof ApiError && file.error.status === 404;
  return (
    <>
      <PageHeader title={f ? f.case.personName : t('cases.title')} />
      {hidden && can(me, 'cases.supervise') ? (
        <BreakGlass
          caseId={id}
          onOpened={(expiresAt) => {
            setGlassUntil(expiresAt);
            void file.refetch();
          }}
        />
      ) : (
        <ProblemAlert error={file.error} />
      )}
      {glassUntil && (
        <Alert color="orange" mb="md" role="status">
          {t('cases.breakGlass.until', { time: new Date(glassUntil).toLocaleString() })}
        </Alert>
      )}
      {f && (
        <Stack>
          <Group gap="xs">
            <Badge size="lg" variant="light">{t(`cases.status.${f.case.status}`)}</Badge>
            <Text size="sm">{`${t('cases.case.opened')}: ${f.case.openedOn}`}</Text>
            {f.case.nextFollowUp && <Text size="sm">{`${t('cases.case.nextFollowUp')}: ${f.case.nextFollowUp}`}</Text>}
          </Group>
          <Anchor renderRoot={(props) => <Link to="/people/$id" params={{ id: f.case.personId }} {...props} />}>{t('cases.case.person')}</Anchor>
          <StatusSection key={`status-${f.case.version}`} file={f} />
          <AssessmentSection file={f} />
          <PlanSection key={`plan-${f.plans[0]?.id ?? 'none'}`} file={f} />
          <SessionsSection file={f} />
          <ReviewsSection key={`reviews-${f.plans[0]?.id ?? 'none'}`} file={f} />
          <ReferralSection file={f} />
        </Stack>
      )}
    </>
  );
}

/** Sessions: the form for one more (individual or group), and those held so far. */
function SessionsSection({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const local = useLocalName();
  const services = useQuery(caseQueries.services());
  const staff = useQuery(caseQueries.staff());
  const form = useForm({ initialValues: { kind: 'individual', heldOn: new Date().toISOString().slice(0, 10), minutes: 60, serviceId: null as string | null, attended: true, notes: '' } });
  const record = useRecordSession(file.case.id, { successMessage: t('common.saved'), onSuccess: () => form.reset() });
  const bound = useApiForm(form, record, (v) => ({ ...v, kind: v.kind as 'individual' | 'group', minutes: Number(v.minutes), serviceId: v.serviceId || null }));
  const serviceName = (serviceId: string | null) => local(services.data?.items.find((s) => s.id === serviceId));
  const staffName = (staffId: string | null) => staff.data?.find((s) => s.id === staffId)?.displayName ?? '';
  return (
    <Section title={t('cases.sessions.title')}>
      <form onSubmit={bound.onSubmit} noValidate aria-label={t('cases.sessions.record')}>
        <Stack>
          <ProblemAlert error={bound.error} />
          <SegmentedControl aria-label={t('cases.sessions.kind')} data={[{ value: 'individual', label: t('cases.sessions.individual') }, { value: 'group', label: t('cases.sessions.group') }]} {...form.getInputProps('kind')} />
          <TextInput type="date" label={t('cases.sessions.date')} {...form.getInputProps('heldOn')} />
          <NumberInput label={t('cases.sessions.minutes')} min={1} {...form.getInputProps('minutes')} />
          <Select label={t('cases.sessions.service')} clearable data={(services.data?.items ?? []).map((s) => ({ value: s.id, label: local(s) }))} {...form.getInputProps('serviceId')} />
          <Checkbox label={t('cases.sessions.attended')} {...form.getInputProps('attended', { type: 'checkbox' })} />
          <Textarea label={t('cases.sessions.notes')} autosize minRows={3} {...form.getInputProps('notes')} />
          <Group>
            <Button type="submit" loading={bound.pending}>{t('cases.sessions.record')}</Button>
          </Group>
        </Stack>
      </form>
      {file.sessions.length === 0 ? (
        <Text c="dimmed">{t('cases.sessions.none')}</Text>
      ) : (
        <Stack gap="xs" role="list" aria-label={t('cases.sessions.list')}>
          {file.sessions.map((s) => (
            <Paper key={s.id} withBorder p="sm" radius="sm" role="listitem">
              <Group gap="xs">
                <Text fw={600}>{s.heldOn}</Text>
                <Badge variant="light">{t(`cases.sessions.${s.kind}`)}</Badge>
                <Text size="sm">{`${s.minutes}′`}</Text>
                {!s.attended && <Badge color="red.9">{t('cases.sessions.notAttended')}</Badge>}
              </Group>
              {(s.serviceId || s.staffId) && <Text size="sm" c="dimmed">{[serviceName(s.serviceId), staffName(s.staffId)].filter(Boolean).join(' · ')}</Text>}
              {s.notes && <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{s.notes}</Text>}
            </Paper>
          ))}
        </Stack>
      )}
    </Section>
  );
}
