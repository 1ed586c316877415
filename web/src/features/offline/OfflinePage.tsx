import { Alert, Anchor, Badge, Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../common/schemas/user';
import { useMe } from '../../api/session';
import { confirmDiscard } from '../../components/confirm';
import { PageHeader } from '../../components/PageHeader';
import { PHOTO_SIZES, photoMaxPx, setPhotoMaxPx } from './photos';
import { OUTBOX_COLOUR, useOnline } from './status';
import { formatDate, formatDateTime } from '../../components/dates';
import type { InstrumentPurpose } from '../../../../common/schemas/instrument';
import { takenInTraining } from '../../../../common/schemas/response';
import { askPersistence, db, newId, type DeviceForm, type DeviceSession, type KeptCase, type KeptInstrument, type WithdrawnInstrument } from './store';
import { discardForm, keepAsNew, sendOutbox } from './sync';


function useLocal() {
  const { i18n } = useTranslation();
  return (ka: string, en: string) => (i18n.language === 'en' ? en : ka);
}

function StartForm({ kept, me, chosen }: { kept: KeptInstrument; me: Me; chosen: Set<string> }) {
  const { t } = useTranslation();
  const local = useLocal();
  const navigate = useNavigate();
  // The organisations marked for offline use among those the user may fill this in for; all of them while none is marked.
  const marked = kept.pack.organisations.filter((o) => chosen.has(o.id));
  const organisations = marked.length ? marked : kept.pack.organisations;
  const [organisationId, setOrganisationId] = useState<string | null>(organisations.some((o) => o.id === me.user.organisation.id) ? me.user.organisation.id : (organisations[0]?.id ?? null));
  // One form per press: a double tap on a slow phone made two drafts before the page moved on.
  const starting = useRef(false);
  const start = async () => {
    const organisation = organisations.find((o) => o.id === organisationId);
    if (!organisation || starting.current) return;
    starting.current = true;
    const now = new Date().toISOString();
    const form: DeviceForm = {
      id: newId(),
      userId: me.user.id,
      instrumentId: kept.instrumentId,
      versionId: kept.pack.version.id,
      versionNumber: kept.pack.version.number,
      definitionJson: JSON.stringify(kept.pack.version.definition),
      titleKa: kept.pack.instrument.titleKa,
      titleEn: kept.pack.instrument.titleEn,
      organisationId: organisation.id,
      organisationNameKa: organisation.nameKa,
      organisationNameEn: organisation.nameEn,
      answers: {},
      status: 'draft',
      baseVersion: 1,
      createdAt: now,
      updatedAt: now,
    };
    await db.forms.add(form);
    void navigate({ to: '/offline/forms/$id', params: { id: form.id } });
  };
  const title = local(kept.pack.instrument.titleKa, kept.pack.instrument.titleEn);
  return (
    <Paper withBorder p="sm">
      <Text fw={700}>{title}</Text>
      <Text size="sm" mb="xs">{t('offline.kept', { number: kept.pack.version.number })}</Text>
      {/* Nowhere to fill it in any more (the server's list, where a save would be accepted, is empty). */}
      {organisations.length === 0 ? <Text size="sm">{t('responses.cannotFillForAny')}</Text> : (
      <Group align="flex-end" gap="sm">
        <Select label={t('offline.fillFor')} searchable allowDeselect={false} value={organisationId} onChange={setOrganisationId} data={organisations.map((o) => ({ value: o.id, label: local(o.nameKa, o.nameEn) }))} w={{ base: '100%', sm: 320 }} />
        <Button onClick={() => void start()} disabled={!organisationId} aria-label={`${t('offline.fillIn')}: ${title}`}>{t('offline.fillIn')}</Button>
      </Group>
      )}
    </Paper>
  );
}

function FormCard({ form }: { form: DeviceForm }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const reopen = async (id: string) => {
    await db.forms.update(id, { status: 'draft' });
    void navigate({ to: '/offline/forms/$id', params: { id } });
  };
  const local = useLocal();
  const discard = () => confirmDiscard({ action: t('offline.discard'), consequence: t('offline.discardConfirm'), onConfirm: () => void discardForm(form.id) });
  const title = local(form.titleKa, form.titleEn);
  return (
    <Paper withBorder p="sm" data-testid="device-form">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text fw={700}>{title}</Text>
        <Badge color={OUTBOX_COLOUR[form.status]}>{t(`offline.status.${form.status}`)}</Badge>
      </Group>
      <Text size="sm">{local(form.organisationNameKa, form.organisationNameEn)} · {t('offline.version', { number: form.versionNumber })}</Text>
      {form.sentAt && <Text size="sm">{t('offline.sentAt', { date: formatDateTime(form.sentAt, i18n.language) })}</Text>}
      {form.reason && form.status !== 'sent' && <Text size="sm" c="red.9">{t('offline.reason', { reason: form.reason })}</Text>}
      <Group gap="xs" mt="xs">
        {form.status === 'draft' && <Button size="xs" variant="light" renderRoot={(props) => <Link to="/offline/forms/$id" params={{ id: form.id }} {...props} />}>{t('offline.open')}</Button>}
        {/* A form the server refused (e.g. an answer it does not accept) goes back to the drafts to be corrected. */}
        {form.status === 'failed' && <Button size="xs" variant="light" onClick={() => void reopen(form.id)}>{t('offline.open')}</Button>}
        {form.status === 'conflict' && <Button size="xs" onClick={() => void keepAsNew(form).then(() => (navigator.onLine ? sendOutbox() : undefined))}>{t('offline.keepAsNew')}</Button>}
        {(form.status === 'conflict' || form.status === 'failed' || form.status === 'draft') && <Button size="xs" variant="default" onClick={discard}>{t('offline.discard')}</Button>}
      </Group>
    </Paper>
  );
}

/**
 * An instrument the server no longer hands out (a test kept before tests were taken only in their
 * training, an instrument no longer published or no longer there for the user, a user who no
 * longer fills in forms): why it is gone, and that forms filled in with it stay on this device
 * (they cannot be sent; their answers can be copied where the form is filled in, then discarded).
 */
function Withdrawn({ withdrawn: w, forms }: { withdrawn: WithdrawnInstrument; forms: number }) {
  const { t } = useTranslation();
  const local = useLocal();
  // In the language of the moment it is read: the app's own words where it has them.
  const why =
    w.cause === 'notFound' ? t('offline.withdrawnNotFound')
    : w.cause === 'forbidden' ? t('offline.withdrawnForbidden')
    : takenInTraining(w.purpose as InstrumentPurpose) ? t('responses.testFromTraining')
    : w.reason;
  return (
    <Alert color="yellow" title={t('offline.withdrawnTitle', { title: local(w.titleKa, w.titleEn) })} data-testid="withdrawn-instrument">
      <Text size="sm">{why}</Text>
      {forms > 0 && <Text size="sm" mt="xs">{t('offline.withdrawnForms', { count: forms })}</Text>}
      <Button size="xs" variant="default" mt="xs" onClick={() => void db.withdrawn.delete(w.instrumentId)}>{t('offline.withdrawnRead')}</Button>
    </Alert>
  );
}

/** A session in the outbox: for whom, when, its state; the case page shows it in full and resolves a conflict. */
function SessionCard({ session: s }: { session: DeviceSession }) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="sm" data-testid="device-session">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text fw={700}>{s.personName}</Text>
        <Badge color={OUTBOX_COLOUR[s.status]}>{t(`offline.status.${s.status}`)}</Badge>
      </Group>
      <Text size="sm">{`${formatDate(s.body.heldOn, i18n.language)} · ${s.body.minutes}′`}</Text>
      {s.reason && s.status !== 'sent' && <Text size="sm" c="red.9">{t('offline.reason', { reason: s.reason })}</Text>}
      <Anchor size="sm" renderRoot={(props) => <Link to="/cases/$id" params={{ id: s.caseId }} {...props} />}>{t('offline.openCase')}</Anchor>
    </Paper>
  );
}

/** Cases kept for offline use: a session is recorded for them on the case page, with or without a connection. */
function KeptCases({ cases }: { cases: KeptCase[] }) {
  const { t } = useTranslation();
  if (cases.length === 0) return null;
  return (
    <section aria-labelledby="offline-cases">
      <Title order={2} size="h3" id="offline-cases" mb="xs">{t('offline.casesTitle')}</Title>
      <Stack gap={4}>
        {cases.map((c) => <Anchor key={c.caseId} renderRoot={(props) => <Link to="/cases/$id" params={{ id: c.caseId }} {...props} />}>{c.personName}</Anchor>)}
      </Stack>
    </section>
  );
}

/** The offline hub: instruments kept on this device, drafts, and the outbox (waiting, sent, failed, conflicts). */
export function OfflinePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const online = useOnline();
  const userId = me?.user.id ?? '';
  const kept = useLiveQuery(() => db.instruments.where('userId').equals(userId).toArray(), [userId]);
  const withdrawn = useLiveQuery(() => db.withdrawn.where('userId').equals(userId).toArray(), [userId]);
  const chosen = useLiveQuery(async () => new Set((await db.organisations.where('userId').equals(userId).toArray()).map((o) => o.id)), [userId]);
  const forms = useLiveQuery(() => db.forms.where('userId').equals(userId).reverse().sortBy('updatedAt'), [userId]);
  const sessions = useLiveQuery(() => db.sessions.where('userId').equals(userId).reverse().sortBy('updatedAt'), [userId]);
  const keptCases = useLiveQuery(() => db.cases.where('userId').equals(userId).sortBy('personName'), [userId]);
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const [maxPx, setMaxPx] = useState(photoMaxPx());
  const [sending, setSending] = useState(false);
  useEffect(() => {
    void askPersistence().then(setPersisted);
  }, []);
  useEffect(() => {
    if (online) void sendOutbox();
  }, [online]);
  if (!me) return null;
  const drafts = (forms ?? []).filter((f) => f.status === 'draft');
  const outbox = (forms ?? []).filter((f) => f.status !== 'draft');
  const sendNow = async () => {
    setSending(true);
    try {
      await sendOutbox({ retryFailed: true });
    } finally {
      setSending(false);
    }
  };
  return (
    <>
      <PageHeader title={t('offline.nav')} />
      {persisted !== null && <Text size="sm" mb="md">{persisted ? t('offline.persisted') : t('offline.notPersisted')}</Text>}
      <Stack gap="lg">
        <section aria-labelledby="offline-instruments">
          <Title order={2} size="h3" id="offline-instruments" mb="xs">{t('offline.instrumentsTitle')}</Title>
          {!!withdrawn?.length && (
            <Stack gap="sm" mb="sm">
              {withdrawn.map((w) => <Withdrawn key={w.instrumentId} withdrawn={w} forms={(forms ?? []).filter((f) => f.instrumentId === w.instrumentId && f.status !== 'sent').length} />)}
            </Stack>
          )}
          {kept?.length === 0 && (
            <Alert color="gray">
              {t('offline.noInstruments')} <Anchor component={Link} to="/instruments">{t('nav.instruments')}</Anchor>
            </Alert>
          )}
          <Stack gap="sm">
            {kept?.map((k) => <StartForm key={k.instrumentId} kept={k} me={me} chosen={chosen ?? new Set()} />)}
          </Stack>
        </section>
        {drafts.length > 0 && (
          <section aria-labelledby="offline-drafts">
            <Title order={2} size="h3" id="offline-drafts" mb="xs">{t('offline.draftsTitle')}</Title>
            <Stack gap="sm">{drafts.map((f) => <FormCard key={f.id} form={f} />)}</Stack>
          </section>
        )}
        <section aria-labelledby="offline-outbox">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h3" id="offline-outbox">{t('offline.outboxTitle')}</Title>
            <Button size="xs" onClick={() => void sendNow()} loading={sending} disabled={!online}>{t('offline.sendNow')}</Button>
          </Group>
          <Text size="sm" mb="xs">{t('offline.sendsItself')}</Text>
          {outbox.length === 0 && !sessions?.length && <Text size="sm">{t('offline.emptyOutbox')}</Text>}
          <Stack gap="sm">{outbox.map((f) => <FormCard key={f.id} form={f} />)}</Stack>
          {!!sessions?.length && (
            <>
              <Title order={3} size="h4" mt="md" mb="xs">{t('offline.sessionsTitle')}</Title>
              <Stack gap="sm">{sessions.map((s) => <SessionCard key={s.id} session={s} />)}</Stack>
            </>
          )}
        </section>
        <KeptCases cases={keptCases ?? []} />
        <Select
          label={t('offline.photoSize', { px: maxPx })}
          value={String(maxPx)}
          allowDeselect={false}
          onChange={(v) => {
            if (!v) return;
            setPhotoMaxPx(Number(v));
            setMaxPx(Number(v));
          }}
          data={PHOTO_SIZES.map((px) => ({ value: String(px), label: `${px} px` }))}
          w={{ base: '100%', sm: 320 }}
        />
      </Stack>
    </>
  );
}
