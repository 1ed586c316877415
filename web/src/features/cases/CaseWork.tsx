import { Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_TRANSITIONS, REFERRAL_URGENCIES, SHARED_FIELDS, type SharedField } from '../../../../common/schemas/cases';
import { ApiError } from '../../api/client';
import { useLocalName } from '../../api/lookups';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { caseQueries, useBreakGlass, useChangeStatus, useCloseCase, useReferralAction, useRequestApproval, useSendReferral, type CaseFile } from './api';
import { CASE_SECTIONS, Section } from './PlanSections';
import { DateField } from '../../components/DateField';

/** Status changes along the case's path, and closure through an approved request. */
export function StatusSection({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const c = file.case;
  const next = CASE_TRANSITIONS[c.status];
  const form = useForm({ initialValues: { status: next[0] ?? '', nextFollowUp: c.nextFollowUp ?? '' } });
  const change = useChangeStatus(c.id, { successMessage: t('common.saved') });
  const bound = useApiForm(form, change, (v) => ({ status: v.status as (typeof next)[number], version: c.version, nextFollowUp: v.nextFollowUp || null }));
  const [reason, setReason] = useState('');
  const request = useRequestApproval(c.id, { successMessage: t('common.saved'), onSuccess: () => setReason('') });
  const close = useCloseCase(c.id, { successMessage: t('common.saved') });
  const closure = file.approvals.find((a) => a.kind === 'closure');
  if (c.status === 'closed') {
    return (
      <Section title={t('cases.case.statusTitle')} id={CASE_SECTIONS.status}>
        <Text>{t('cases.case.closedBecause', { reason: c.closureReason })}</Text>
      </Section>
    );
  }
  return (
    <Section title={t('cases.case.statusTitle')} id={CASE_SECTIONS.status}>
      {next.length > 0 && (
        <form onSubmit={bound.onSubmit} noValidate aria-label={t('cases.case.changeStatus')}>
          <Stack>
            <ProblemAlert error={bound.error} shownFields={bound.shownFields} />
            <Select label={t('cases.case.nextStatus')} allowDeselect={false} data={next.map((s) => ({ value: s, label: t(`cases.status.${s}`) }))} {...form.getInputProps('status')} />
            <DateField label={t('cases.case.nextFollowUp')} value={form.getValues().nextFollowUp} onChange={(v) => form.setFieldValue('nextFollowUp', v)} error={form.errors.nextFollowUp} />
            <Group>
              <Button type="submit" variant="light" loading={bound.pending}>{t('cases.case.changeStatus')}</Button>
            </Group>
          </Stack>
        </form>
      )}
      <ProblemAlert error={request.error ?? close.error} />
      {closure?.status === 'pending' && <Alert color="yellow">{t('cases.case.closurePending')}</Alert>}
      {closure?.status === 'approved' ? (
        <Stack gap="xs">
          <Alert color="green">{`${t('cases.case.closureApproved')} (${closure.closureReason})`}</Alert>
          <Group>
            <Button color="red.9" loading={close.isPending} onClick={() => close.mutate({ version: c.version })}>{t('cases.case.close')}</Button>
          </Group>
        </Stack>
      ) : (
        closure?.status !== 'pending' && (
          <Stack gap="xs">
            {closure?.status === 'rejected' && <Text c="red.8">{`${t('cases.approvalStatus.rejected')}: ${closure.comment}`}</Text>}
            <Textarea label={t('cases.case.closureReason')} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Group>
              <Button variant="default" disabled={!reason.trim()} loading={request.isPending} onClick={() => request.mutate({ kind: 'closure', closureReason: reason })}>{t('cases.case.requestClosure')}</Button>
            </Group>
          </Stack>
        )
      )}
    </Section>
  );
}

/** Referring the person to another CSO or a state service; the server checks consent to sharing. */
export function ReferralSection({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const local = useLocalName();
  const targets = useQuery(caseQueries.targets());
  const nameOf = (id: string) => local(targets.data?.find((o) => o.id === id));
  const form = useForm<{ toOrganisationId: string | null; reason: string; urgency: string; sharedFields: string[] }>({
    initialValues: { toOrganisationId: null, reason: '', urgency: 'routine', sharedFields: ['name', 'sex', 'birthDate'] },
    validate: { toOrganisationId: (v) => (v ? null : t('validation.required')), reason: (v) => (v.trim() ? null : t('validation.required')) },
  });
  const send = useSendReferral(file.case.id, { successMessage: t('common.saved'), onSuccess: () => form.reset() });
  const bound = useApiForm(form, send, (v) => ({ toOrganisationId: v.toOrganisationId ?? '', reason: v.reason, urgency: v.urgency as (typeof REFERRAL_URGENCIES)[number], sharedFields: v.sharedFields as SharedField[] }));
  const revoke = useReferralAction({ successMessage: t('common.saved') });
  // The consent check is the server's: its field error names consent, said plainly above the form.
  const noConsent = send.error instanceof ApiError && !!send.error.problem.errors?.some((e) => e.message === t('cases.validation.noSharingConsent'));
  const groups = [
    { group: t('cases.referrals.csos'), items: (targets.data ?? []).filter((o) => o.kind === 'cso').map((o) => ({ value: o.id, label: local(o) })) },
    { group: t('cases.referrals.stateServices'), items: (targets.data ?? []).filter((o) => o.kind === 'municipality').map((o) => ({ value: o.id, label: local(o) })) },
  ];
  return (
    <Section title={t('cases.referrals.title')} id={CASE_SECTIONS.referrals}>
      {file.referrals.map((r) => (
        <Paper key={r.id} withBorder p="sm" radius="sm">
          <Group gap="xs">
            <Badge variant="light">{t(`cases.referralStatus.${r.status}`)}</Badge>
            <Badge variant="outline" color={r.urgency === 'routine' ? 'gray.8' : 'red.9'}>{t(`cases.urgency.${r.urgency}`)}</Badge>
          </Group>
          <Text mt={4}>{t('cases.referrals.toName', { name: nameOf(r.toOrganisationId) })}</Text>
          <Text size="sm">{r.reason}</Text>
          {r.decisionReason && <Text size="sm" c="dimmed">{t('cases.referrals.decision', { reason: r.decisionReason })}</Text>}
          {(r.status === 'pending' || r.status === 'accepted') && (
            <Button mt="xs" size="xs" variant="default" loading={revoke.isPending} onClick={() => revoke.mutate({ id: r.id, action: 'revoke', reason: '' })}>{t('cases.referrals.revoke')}</Button>
          )}
        </Paper>
      ))}
      <ProblemAlert error={targets.error ?? revoke.error} />
      <form onSubmit={bound.onSubmit} noValidate aria-label={t('cases.referrals.new')}>
        <Stack>
          <Text fw={600}>{t('cases.referrals.new')}</Text>
          {noConsent ? <Alert color="red.9" role="alert" title={t('cases.validation.noSharingConsent')}>{t('cases.referrals.noConsent')}</Alert> : <ProblemAlert error={bound.error} shownFields={bound.shownFields} />}
          <Select label={t('cases.referrals.to')} required searchable data={groups} {...form.getInputProps('toOrganisationId')} />
          <Textarea label={t('cases.fields.reason')} required autosize minRows={2} {...form.getInputProps('reason')} />
          <Select label={t('cases.fields.urgency')} allowDeselect={false} data={REFERRAL_URGENCIES.map((u) => ({ value: u, label: t(`cases.urgency.${u}`) }))} {...form.getInputProps('urgency')} />
          {/* The missing-consent answer is the alert above; the group keeps only its own errors. */}
          <Checkbox.Group label={t('cases.referrals.shared')} {...form.getInputProps('sharedFields')} error={noConsent ? undefined : form.getInputProps('sharedFields').error}>
            <Stack gap={6} mt={6}>
              {SHARED_FIELDS.map((f) => <Checkbox key={f} value={f} label={t(`cases.shared.${f}`)} />)}
            </Stack>
          </Checkbox.Group>
          <Group>
            <Button type="submit" loading={bound.pending}>{t('cases.referrals.send')}</Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

/** Break-glass: a CSO manager opens a case outside their caseload by writing why, for a while. */
export function BreakGlass({ caseId, onOpened }: { caseId: string; onOpened: (expiresAt: string) => void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const form = useForm({
    initialValues: { reason: '', minutes: 60 },
    validate: { reason: (v) => (v.trim().length >= 10 ? null : t('cases.breakGlass.reason')) },
  });
  const open = useBreakGlass(caseId, {
    onSuccess: (r) => {
      setOpened(false);
      onOpened(r.expiresAt);
    },
  });
  const bound = useApiForm(form, open, (v) => ({ reason: v.reason, minutes: Number(v.minutes) }));
  return (
    <>
      <Alert color="yellow" title={t('cases.breakGlass.title')}>
        <Text size="sm" mb="sm">{t('cases.breakGlass.explain')}</Text>
        <Button color="orange.9" onClick={() => setOpened(true)}>{t('cases.breakGlass.button')}</Button>
      </Alert>
      <Modal opened={opened} onClose={() => setOpened(false)} title={t('cases.breakGlass.title')} size="md" closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form onSubmit={bound.onSubmit} noValidate>
          <Stack>
            <Text size="sm">{t('cases.breakGlass.explain')}</Text>
            <ProblemAlert error={bound.error} shownFields={bound.shownFields} />
            <Textarea label={t('cases.breakGlass.reason')} required autosize minRows={3} data-autofocus {...form.getInputProps('reason')} />
            <NumberInput label={t('cases.breakGlass.minutes')} min={5} max={240} step={5} {...form.getInputProps('minutes')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpened(false)}>{t('common.cancel')}</Button>
              <Button type="submit" color="orange.9" loading={bound.pending}>{t('cases.breakGlass.open')}</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
