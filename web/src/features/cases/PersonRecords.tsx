import { Alert, Anchor, Badge, Button, Checkbox, Group, List, Modal, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { Person, personPatch } from '../../../../common/schemas/cases';
import { DateField } from '../../components/DateField';
import { formatDate, formatDateTime, localToday } from '../../components/dates';
import { Pager } from '../../components/Pager';
import { useListState } from '../../components/useListState';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { caseQueries, useAddConsent, useErasePerson, useUpdatePerson, useWithdrawConsent } from './api';
import { RepresentativeSelect, usePersonOptions } from './PersonFields';
import { Section } from './PlanSections';

/** Consents: what was agreed, by whom and when; record a new one or withdraw one. */
export function ConsentsSection({ person }: { person: Person }) {
  const { t, i18n } = useTranslation();
  const withdraw = useWithdrawConsent(person.id, { successMessage: t('common.saved') });
  // Withdrawal stops case work and cannot be taken back: asked first, as deactivating a user is.
  const confirmWithdraw = (consentId: string) =>
    modals.openConfirmModal({
      closeButtonProps: { 'aria-label': t('common.close') },
      title: t('cases.personPage.withdrawTitle'),
      children: <Text size="sm">{t('cases.personPage.withdrawConfirm')}</Text>,
      labels: { confirm: t('cases.personPage.withdraw'), cancel: t('common.cancel') },
      confirmProps: { color: 'red.9' },
      onConfirm: () => withdraw.mutate(consentId),
    });
  const form = useForm({
    initialValues: { givenBy: 'person', representativeName: '', givenOn: localToday(), processing: true, referralSharing: false, photos: false, formReference: '' },
  });
  const add = useAddConsent(person.id, { successMessage: t('common.saved'), onSuccess: () => form.reset() });
  const bound = useApiForm(form, add, (v) => ({ ...v, givenBy: v.givenBy as 'person' | 'representative' }));
  const scope = (c: Person['consents'][number]) =>
    [c.processing && t('cases.consent.processing'), c.referralSharing && t('cases.consent.referralSharing'), c.photos && t('cases.consent.photos')].filter(Boolean).join(', ');
  return (
    <Section title={t('cases.personPage.consents')}>
      {person.consents.length === 0 && <Text c="dimmed">{t('cases.personPage.noConsents')}</Text>}
      {person.consents.map((c) => (
        <Paper key={c.id} withBorder p="sm" radius="sm">
          <Group gap="xs">
            <Text fw={600}>{formatDate(c.givenOn, i18n.language)}</Text>
            <Text size="sm">{c.givenBy === 'person' ? t('cases.consent.person') : `${t('cases.consent.representative')}: ${c.representativeName}`}</Text>
            {c.withdrawnAt && <Badge color="red.9">{t('cases.personPage.withdrawnOn', { date: formatDate(c.withdrawnAt, i18n.language) })}</Badge>}
          </Group>
          <Text size="sm">{scope(c)}</Text>
          {c.formReference && <Text size="sm" c="dimmed">{`${t('cases.personPage.formReference')}: ${c.formReference}`}</Text>}
          {!c.withdrawnAt && (
            <Button mt="xs" size="xs" variant="default" color="red.9" loading={withdraw.isPending} onClick={() => confirmWithdraw(c.id)}>{t('cases.personPage.withdraw')}</Button>
          )}
        </Paper>
      ))}
      <ProblemAlert error={withdraw.error} />
      <form onSubmit={bound.onSubmit} noValidate aria-label={t('cases.personPage.addConsent')}>
        <Stack gap="xs">
          <Text fw={600}>{t('cases.personPage.addConsent')}</Text>
          <ProblemAlert error={bound.error} shownFields={bound.shownFields} />
          <Select label={t('cases.consent.givenBy')} allowDeselect={false} data={[{ value: 'person', label: t('cases.consent.person') }, { value: 'representative', label: t('cases.consent.representative') }]} {...form.getInputProps('givenBy')} />
          {form.getValues().givenBy === 'representative' && <TextInput label={t('cases.consent.representative')} {...form.getInputProps('representativeName')} />}
          <DateField label={t('cases.personPage.givenOn')} required value={form.getValues().givenOn} onChange={(d) => form.setFieldValue('givenOn', d)} error={form.errors['givenOn']} />
          <Checkbox label={t('cases.consent.processing')} {...form.getInputProps('processing', { type: 'checkbox' })} />
          <Checkbox label={t('cases.consent.referralSharing')} {...form.getInputProps('referralSharing', { type: 'checkbox' })} />
          <Checkbox label={t('cases.consent.photos')} {...form.getInputProps('photos', { type: 'checkbox' })} />
          <TextInput label={t('cases.personPage.formReference')} {...form.getInputProps('formReference')} />
          <Group>
            <Button type="submit" variant="light" loading={bound.pending}>{t('cases.personPage.addConsent')}</Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

/** Subject access (everything held, as JSON or a printable page) and erasure on request: a CSO manager's acts. */
export function SubjectRightsSection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const erase = useErasePerson(person.id, { successMessage: t('cases.personPage.erased'), onSuccess: () => setConfirming(false) });
  const base = `/api/v1/people/${person.id}/subject-access`;
  return (
    <Section title={t('cases.personPage.subjectAccess')}>
      <Group gap="md">
        <Anchor href={`${base}?format=json`} download={`subject-access-${person.id}.json`}>{t('cases.personPage.downloadJson')}</Anchor>
        <Anchor href={`${base}?format=html`} target="_blank" rel="noopener">{t('cases.personPage.printable')}</Anchor>
      </Group>
      <ProblemAlert error={erase.error} />
      <Group>
        <Button color="red.9" variant="outline" onClick={() => setConfirming(true)}>{t('cases.personPage.erase')}</Button>
      </Group>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('cases.personPage.erase')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack>
          <Alert color="red.9">{t('cases.personPage.eraseExplain')}</Alert>
          <TextInput label={t('cases.personPage.eraseConfirm')} value={typed} onChange={(e) => setTyped(e.currentTarget.value)} data-autofocus />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
            <Button color="red.9" disabled={typed.trim() !== (person.surname ?? '').trim()} loading={erase.isPending} onClick={() => erase.mutate()}>{t('cases.personPage.eraseNow')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Section>
  );
}

/** Who viewed or changed the record: the audit entries about it, newest first, 25 at a time. */
export function HistorySection({ personId }: { personId: string }) {
  const { t, i18n } = useTranslation();
  const paging = useListState('records', { sort: 'at', dir: 'desc' }, {});
  const history = useQuery(caseQueries.history(personId, paging.pageParams));
  // The audit log's own wording of each action.
  const action = (a: string) => (i18n.exists(`audit.actions.${a}`) ? t(`audit.actions.${a}`) : a);
  return (
    <Section title={t('cases.personPage.history')}>
      <ProblemAlert error={history.error} onRetry={() => void history.refetch()} />
      {history.data && history.data.items.length === 0 && <Text c="dimmed">{t('cases.personPage.noHistory')}</Text>}
      <List size="sm" spacing={4}>
        {(history.data?.items ?? []).map((h, i) => (
          <List.Item key={`${h.at}-${i}`} style={{ overflowWrap: 'anywhere' }}>{`${formatDateTime(h.at, i18n.language)} · ${h.actorEmail ?? '—'} · ${action(h.action)}`}</List.Item>
        ))}
      </List>
      {history.data && history.data.items.length > 0 && <Pager page={paging.page} data={history.data} onPage={paging.goTo} />}
    </Section>
  );
}

/** Details after registration: contacts, language, needs, target group, and the link to a legal representative served by the same CSO. */
export function DetailsSection({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { languages, targetGroups } = usePersonOptions();
  const representative = useQuery({ ...caseQueries.person(person.representativeId ?? ''), enabled: !!person.representativeId });
  const form = useForm({
    initialValues: {
      phone: person.phone ?? '',
      address: person.address ?? '',
      language: person.language ?? 'ka',
      accessibilityNeeds: person.accessibilityNeeds ?? '',
      targetGroup: (person.targetGroup || null) as string | null,
      disability: person.disability === null ? '' : String(person.disability),
      representativeId: person.representativeId as string | null,
    },
  });
  const save = useUpdatePerson(person.id, { successMessage: t('common.saved') });
  const bound = useApiForm(form, save, (v) => ({
    version: person.version,
    phone: v.phone,
    address: v.address,
    language: v.language as NonNullable<z.input<typeof personPatch>['language']>,
    accessibilityNeeds: v.accessibilityNeeds,
    targetGroup: (v.targetGroup ?? '') as NonNullable<z.input<typeof personPatch>['targetGroup']>,
    disability: v.disability === '' ? null : v.disability === 'true',
    representativeId: v.representativeId,
  }));
  const nameOf = (p: { givenName: string | null; surname: string | null }) => [p.givenName, p.surname].filter(Boolean).join(' ');
  const current = representative.data && person.representativeId ? { id: person.representativeId, label: nameOf(representative.data) } : null;
  return (
    <Section title={t('cases.personPage.details')}>
      {representative.data && (
        <Anchor renderRoot={(props) => <Link to="/people/$id" params={{ id: representative.data.id }} {...props} />}>
          {t('cases.personPage.representativeOf', { name: nameOf(representative.data) })}
        </Anchor>
      )}
      <form onSubmit={bound.onSubmit} noValidate aria-label={t('cases.personPage.editDetails')}>
        <Stack gap="xs">
          <ProblemAlert error={bound.error} shownFields={bound.shownFields} />
          <RepresentativeSelect
            value={form.getValues().representativeId}
            onChange={(id) => form.setFieldValue('representativeId', id)}
            excludeId={person.id}
            current={current}
            error={form.errors['representativeId']}
          />
          <TextInput label={t('cases.fields.phone')} type="tel" {...form.getInputProps('phone')} />
          <TextInput label={t('cases.fields.address')} {...form.getInputProps('address')} />
          <Select label={t('cases.fields.language')} allowDeselect={false} data={languages} {...form.getInputProps('language')} />
          <TextInput label={t('cases.fields.accessibilityNeeds')} {...form.getInputProps('accessibilityNeeds')} />
          <Select label={t('cases.fields.targetGroup')} clearable data={targetGroups} {...form.getInputProps('targetGroup')} />
          <Select
            label={t('cases.fields.disability')}
            clearable
            data={[{ value: 'true', label: t('cases.aggregates.yes') }, { value: 'false', label: t('cases.aggregates.no') }]}
            {...form.getInputProps('disability')}
          />
          <Group>
            <Button type="submit" variant="light" loading={bound.pending}>{t('cases.personPage.editDetails')}</Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
