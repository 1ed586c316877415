import { Alert, Badge, Button, Checkbox, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Switch, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocalName } from '../../api/lookups';
import { useMe } from '../../api/session';
import { confirmDiscard } from '../../components/confirm';
import { DateField } from '../../components/DateField';
import { formatDate, localToday } from '../../components/dates';
import { notify } from '../../components/notify';
import { Pager } from '../../components/Pager';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useListState } from '../../components/useListState';
import type { Page } from '../../../../common/schemas/list';
import { OUTBOX_COLOUR } from '../offline/status';
import { askPersistence, db, type DeviceSession, type KeptCase } from '../offline/store';
import { discardSession, keepSessionOnDevice, retrySession, sendOutbox } from '../offline/sync';
import { caseKeys, caseQueries, type CaseFile, type CaseSession } from './api';
import { CASE_SECTIONS, Section } from './PlanSections';

type Service = KeptCase['services'][number];
type Staff = KeptCase['staff'][number];

/** What the sessions section works with: the case file online, or what the device kept of the case offline. */
export interface SessionsSource {
  caseId: string;
  personName: string;
  services: Service[];
  staff: Staff[];
  /** The newest sessions the server holds, as the case file carries them (none when working from the device). */
  sessions: Page<CaseSession> | null;
  closed: boolean;
}

/** The case's services and staff online (for the form and for keeping the case on the device). */
export function useSessionsSource(file: CaseFile): SessionsSource {
  const services = useQuery(caseQueries.servicesOf(file.case.organisationId));
  const staff = useQuery(caseQueries.staff());
  return {
    caseId: file.case.id,
    personName: file.case.personName,
    services: (services.data ?? []).map(({ id, nameKa, nameEn }) => ({ id, nameKa, nameEn })),
    staff: staff.data ?? [],
    sessions: file.sessions,
    closed: file.case.status === 'closed',
  };
}

/**
 * Sessions: the form for one more, and those held so far. A session is recorded on the device
 * first (the outbox) and sent from there, so it survives a lost connection, a closed tab or a
 * restarted phone; each shows whether it waits to be sent, was sent, or met a conflict.
 */
export function SessionsSection({ source, children }: { source: SessionsSource; children?: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const local = useLocalName();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const userId = me?.user.id ?? '';
  const onDevice = useLiveQuery(() => db.sessions.where('caseId').equals(source.caseId).filter((s) => s.userId === userId).sortBy('createdAt'), [source.caseId, userId]);
  // Page 1 is the file's own; later pages are read as the worker asks for them.
  const paging = useListState('sessions', { sort: 'heldOn', dir: 'desc' }, {});
  const later = useQuery({ ...caseQueries.sessions(source.caseId, paging.pageParams), enabled: !!source.sessions && paging.page > 1 });
  const shown = paging.page === 1 ? source.sessions : later.data;
  const serverIds = new Set([...(source.sessions?.items ?? []), ...(shown?.items ?? [])].map((s) => s.id));
  const sentHere = new Set((onDevice ?? []).filter((s) => s.status === 'sent').map((s) => s.id));
  // A session just sent is not in the file yet, and a conflict means the case changed: read the file again.
  const changed = (onDevice ?? []).filter((s) => (s.status === 'sent' && !serverIds.has(s.id)) || s.status === 'conflict').map((s) => s.id).join();
  useEffect(() => {
    if (changed && navigator.onLine) void queryClient.invalidateQueries({ queryKey: caseKeys.file(source.caseId) });
  }, [changed, queryClient, source.caseId]);
  // On the device and not (yet) in the file: waiting, sending, just sent, failed or in conflict.
  const pending = (onDevice ?? []).filter((s) => !serverIds.has(s.id));
  const serviceName = (id: string | null) => local(source.services.find((s) => s.id === id));
  const staffName = (id: string | null) => source.staff.find((s) => s.id === id)?.displayName ?? '';
  return (
    <Section title={t('cases.sessions.title')} id={CASE_SECTIONS.sessions}>
      {children}
      {source.closed ? <Text>{t('cases.sessions.closed')}</Text> : <SessionForm source={source} userId={userId} />}
      {pending.length > 0 && (
        <Stack gap="xs" role="list" aria-label={t('cases.sessions.onDevice')}>
          {pending.map((s) => <DeviceSessionCard key={s.id} session={s} serviceName={serviceName(s.body.serviceId)} staffName={staffName(s.body.staffId)} />)}
        </Stack>
      )}
      <ProblemAlert error={later.error} onRetry={() => void later.refetch()} />
      {(source.sessions?.total ?? 0) === 0 && pending.length === 0 ? (
        <Text c="dimmed">{t('cases.sessions.none')}</Text>
      ) : (
        shown && shown.items.length > 0 && (
          <Stack gap="xs" role="list" aria-label={t('cases.sessions.list')}>
            {shown.items.map((s) => (
              <Paper key={s.id} withBorder p="sm" radius="sm" role="listitem">
                <Group gap="xs">
                  <Text fw={600}>{formatDate(s.heldOn, i18n.language)}</Text>
                  <Badge variant="light">{t(`cases.sessions.${s.kind}`)}</Badge>
                  <Text size="sm">{`${s.minutes}′`}</Text>
                  {!s.attended && <Badge color="red.9">{t('cases.sessions.notAttended')}</Badge>}
                  {sentHere.has(s.id) && <Badge color={OUTBOX_COLOUR.sent}>{t('cases.sessions.deviceStatus.sent')}</Badge>}
                </Group>
                {(s.serviceId || s.staffId) && <Text size="sm" c="dimmed">{[serviceName(s.serviceId), staffName(s.staffId)].filter(Boolean).join(' · ')}</Text>}
                {s.notes && <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{s.notes}</Text>}
              </Paper>
            ))}
          </Stack>
        )
      )}
      {shown && (shown.next || paging.page > 1) && <Pager page={paging.page} data={shown} onPage={paging.goTo} />}
    </Section>
  );
}

function SessionForm({ source, userId }: { source: SessionsSource; userId: string }) {
  const { t } = useTranslation();
  const local = useLocalName();
  const form = useForm({
    initialValues: { kind: 'individual', heldOn: localToday(), minutes: 60 as number | string, serviceId: null as string | null, staffId: (userId || null) as string | null, attended: true, notes: '' },
    validate: {
      heldOn: (v) => (!v ? t('validation.required') : v > localToday() ? t('cases.validation.futureSession') : null),
      minutes: (v) => (v === '' ? t('validation.required') : Number(v) < 1 ? t('validation.tooSmall', { min: 1 }) : Number(v) > 1440 ? t('validation.tooBig', { max: 1440 }) : null),
    },
  });
  const submit = form.onSubmit(async (v) => {
    const stored = await keepSessionOnDevice({
      userId,
      caseId: source.caseId,
      personName: source.personName,
      body: { kind: v.kind === 'group' ? 'group' : 'individual', heldOn: v.heldOn, minutes: Number(v.minutes), serviceId: v.serviceId || null, staffId: v.staffId || null, attended: v.attended, notes: v.notes },
    });
    // On the device now: the form is free for the next one while the outbox sends this one.
    form.setValues({ notes: '', minutes: 60, attended: true });
    void askPersistence();
    if (navigator.onLine) await sendOutbox();
    // A run that was already past the sessions when this one was kept: one more, now.
    if (navigator.onLine && (await db.sessions.get(stored.id))?.status === 'waiting') await sendOutbox();
    const now = await db.sessions.get(stored.id);
    if (now?.status === 'sent') notify(t('common.saved'));
    else if (now?.status === 'waiting') notify(t('cases.sessions.keptOnDevice'));
  });
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('cases.sessions.record')}>
      <Stack>
        <SegmentedControl aria-label={t('cases.sessions.kind')} data={[{ value: 'individual', label: t('cases.sessions.individual') }, { value: 'group', label: t('cases.sessions.group') }]} {...form.getInputProps('kind')} />
        <DateField label={t('cases.sessions.date')} required maxDate={localToday()} value={form.values.heldOn} onChange={(v) => form.setFieldValue('heldOn', v)} error={form.errors.heldOn} />
        <NumberInput label={t('cases.sessions.minutes')} required min={1} max={1440} clampBehavior="none" allowDecimal={false} {...form.getInputProps('minutes')} />
        <Select label={t('cases.sessions.staff')} description={t('cases.sessions.staffHint')} searchable data={source.staff.map((s) => ({ value: s.id, label: s.displayName }))} {...form.getInputProps('staffId')} />
        <Select label={t('cases.sessions.service')} clearable data={source.services.map((s) => ({ value: s.id, label: local(s) }))} {...form.getInputProps('serviceId')} />
        <Checkbox label={t('cases.sessions.attended')} {...form.getInputProps('attended', { type: 'checkbox' })} />
        <Textarea label={t('cases.sessions.notes')} autosize minRows={3} maxLength={10_000} {...form.getInputProps('notes')} />
        <Group>
          <Button type="submit" loading={form.submitting}>{t('cases.sessions.record')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A session kept on this device: its state, and for a conflict or a refusal, the reason and what to do. */
function DeviceSessionCard({ session: s, serviceName, staffName }: { session: DeviceSession; serviceName: string; staffName: string }) {
  const { t, i18n } = useTranslation();
  const discard = () => confirmDiscard({ action: t('cases.sessions.discard'), consequence: t('cases.sessions.discardConfirm'), onConfirm: () => void discardSession(s.id) });
  const stuck = s.status === 'conflict' || s.status === 'failed';
  return (
    <Paper withBorder p="sm" radius="sm" role="listitem" data-testid="device-session" bg={stuck ? 'orange.0' : undefined}>
      <Group gap="xs">
        <Text fw={600}>{formatDate(s.body.heldOn, i18n.language)}</Text>
        <Badge variant="light">{t(`cases.sessions.${s.body.kind}`)}</Badge>
        <Text size="sm">{`${s.body.minutes}′`}</Text>
        <Badge color={OUTBOX_COLOUR[s.status]}>{t(`cases.sessions.deviceStatus.${s.status}`)}</Badge>
      </Group>
      {(serviceName || staffName) && <Text size="sm" c="dimmed">{[serviceName, staffName].filter(Boolean).join(' · ')}</Text>}
      {s.body.notes && <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{s.body.notes}</Text>}
      {s.reason && s.status !== 'sent' && (
        <Text size="sm" c="red.9" role={stuck ? 'alert' : undefined}>{t('offline.reason', { reason: s.reason })}</Text>
      )}
      {stuck && (
        <Group gap="xs" mt="xs">
          <Button size="xs" variant="light" onClick={() => void retrySession(s.id)}>{t('cases.sessions.retry')}</Button>
          <Button size="xs" variant="default" onClick={discard}>{t('cases.sessions.discard')}</Button>
        </Group>
      )}
    </Paper>
  );
}

/** "Use this case offline": keeps what recording a session needs on this device. */
export function CaseOfflineToggle({ source }: { source: SessionsSource }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const userId = me?.user.id ?? '';
  const kept = useLiveQuery(() => db.cases.get(source.caseId), [source.caseId]);
  const mine = !!kept && kept.userId === userId;
  const snapshot = (): KeptCase => ({ caseId: source.caseId, userId, personName: source.personName, services: source.services, staff: source.staff, keptAt: new Date().toISOString() });
  // While kept, the device's copy follows the services and staff read online; a closed case is no longer kept.
  const fresh = JSON.stringify([source.personName, source.services, source.staff]);
  useEffect(() => {
    if (mine && source.closed) void db.cases.delete(source.caseId);
    else if (mine && fresh !== JSON.stringify([kept.personName, kept.services, kept.staff])) void db.cases.put(snapshot());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `snapshot` reads what `fresh` stands for
  }, [mine, fresh, source.closed]);
  if (!me?.permissions.includes('responses.fill') || source.closed) return null;
  const toggle = async (on: boolean) => {
    if (on) {
      await db.cases.put(snapshot());
      await askPersistence();
    } else await db.cases.delete(source.caseId);
  };
  return <Switch checked={mine} onChange={(e) => void toggle(e.currentTarget.checked)} label={t('cases.sessions.useOffline')} description={t('cases.sessions.useOfflineHint')} />;
}

/** A case the user no longer reaches (404) is not kept on the device any more. */
export function useForgetUnreachable(caseId: string, unreachable: boolean) {
  useEffect(() => {
    if (unreachable) void db.cases.delete(caseId);
  }, [caseId, unreachable]);
}

/** The case page without a connection: what the device kept of the case, and its sessions form. */
export function KeptCaseSessions({ caseId, error }: { caseId: string; error: unknown }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const kept = useLiveQuery(async () => (await db.cases.get(caseId)) ?? null, [caseId]);
  if (kept === undefined) return null;
  if (!kept || kept.userId !== me?.user.id) return <ProblemAlert error={error} />;
  return (
    <Stack>
      <Alert color="yellow" role="status">{t('cases.sessions.fromDevice')}</Alert>
      <Text fw={700} size="lg">{kept.personName}</Text>
      <SessionsSection source={{ caseId, personName: kept.personName, services: kept.services, staff: kept.staff, sessions: null, closed: false }} />
    </Stack>
  );
}
