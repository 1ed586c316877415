import { Anchor, Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Referral } from '../../../../common/schemas/cases';
import { useLocalName } from '../../api/lookups';
import { Pager } from '../../components/Pager';
import { useListState } from '../../components/useListState';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { caseQueries, useReferralAction } from './api';
import { formatDate } from '../../components/dates';

/** Referrals sent and received: the receiver accepts or declines (with a reason), the sender may revoke. */
export function ReferralsPage() {
  const { t } = useTranslation();
  const [direction, setDirection] = useState<'received' | 'sent'>('received');
  const paging = useListState('referrals', { sort: 'createdAt', dir: 'desc' }, {});
  const list = useQuery(caseQueries.referrals(direction, paging.pageParams));
  return (
    <>
      <PageHeader title={t('cases.referrals.title')} />
      <SegmentedControl
        mb="md"
        aria-label={t('cases.referrals.title')}
        value={direction}
        onChange={(v) => {
          setDirection(v as 'received' | 'sent');
          paging.goTo(1);
        }}
        data={[{ value: 'received', label: t('cases.referrals.received') }, { value: 'sent', label: t('cases.referrals.sent') }]}
      />
      <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('cases.referrals.none')}</Text>}
      <Stack>
        {(list.data?.items ?? []).map((r) => <ReferralCard key={r.id} referral={r} />)}
      </Stack>
      {list.data && <Pager page={paging.page} data={list.data} onPage={paging.goTo} />}
    </>
  );
}

function ReferralCard({ referral: r }: { referral: Referral }) {
  const { t, i18n } = useTranslation();
  const local = useLocalName();
  const targets = useQuery(caseQueries.targets());
  const nameOf = (id: string) => local(targets.data?.find((o) => o.id === id)) || t('cases.referrals.ownOrganisation');
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState('');
  const act = useReferralAction({ successMessage: t('common.saved'), onSuccess: () => setDeclining(false) });
  const received = r.direction === 'received';
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-label={r.reason}>
      <Group gap="xs" mb={4}>
        <Badge variant="light">{t(`cases.referralStatus.${r.status}`)}</Badge>
        <Badge variant="outline" color={r.urgency === 'routine' ? 'gray.8' : 'red.9'}>{t(`cases.urgency.${r.urgency}`)}</Badge>
        <Text size="sm" c="dimmed">{formatDate(r.createdAt, i18n.language)}</Text>
      </Group>
      <Text size="sm">{received ? t('cases.referrals.from', { name: nameOf(r.organisationId) }) : t('cases.referrals.toName', { name: nameOf(r.toOrganisationId) })}</Text>
      <Text mt={4} style={{ overflowWrap: 'anywhere' }}>{r.reason}</Text>
      <Text size="sm" c="dimmed">{`${t('cases.referrals.shared')}: ${r.sharedFields.map((f) => t(`cases.shared.${f}`)).join(', ')}`}</Text>
      {r.decisionReason && <Text size="sm">{t('cases.referrals.decision', { reason: r.decisionReason })}</Text>}
      <ProblemAlert error={act.error} />
      <Group mt="sm" gap="xs">
        {received && r.status === 'pending' && !declining && (
          <>
            <Button size="sm" loading={act.isPending} onClick={() => act.mutate({ id: r.id, action: 'accept', reason: '' })}>{t('cases.referrals.accept')}</Button>
            <Button size="sm" variant="default" onClick={() => setDeclining(true)}>{t('cases.referrals.decline')}</Button>
          </>
        )}
        {received && r.status === 'accepted' && (
          <>
            <Anchor renderRoot={(props) => <Link to="/people/$id" params={{ id: r.personId }} {...props} />}>{t('cases.referrals.openPerson')}</Anchor>
            <Button size="sm" variant="default" loading={act.isPending} onClick={() => act.mutate({ id: r.id, action: 'complete', reason: '' })}>{t('cases.referrals.complete')}</Button>
          </>
        )}
        {!received && (r.status === 'pending' || r.status === 'accepted') && (
          <Button size="sm" variant="default" color="red.9" loading={act.isPending} onClick={() => act.mutate({ id: r.id, action: 'revoke', reason: '' })}>{t('cases.referrals.revoke')}</Button>
        )}
        {!received && (
          <Anchor renderRoot={(props) => <Link to="/cases/$id" params={{ id: r.caseId }} {...props} />}>{t('cases.approvals.openCase')}</Anchor>
        )}
      </Group>
      {declining && (
        <Stack mt="sm" gap="xs">
          <Textarea label={t('cases.referrals.declineReason')} required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Group gap="xs">
            <Button size="sm" color="red.9" disabled={!reason.trim()} loading={act.isPending} onClick={() => act.mutate({ id: r.id, action: 'decline', reason })}>{t('cases.referrals.decline')}</Button>
            <Button size="sm" variant="default" onClick={() => setDeclining(false)}>{t('common.cancel')}</Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
