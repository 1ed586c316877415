import { Alert, Anchor, Badge, Button, Group, List, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { caseQueries, useDecideApproval, type Approval } from './api';
import { formatDate } from '../../components/dates';

/** Supervision: a CSO manager approves or rejects service plans and closures; never their own requests. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const list = useQuery(caseQueries.approvals());
  return (
    <>
      <PageHeader title={t('cases.approvals.title')} />
      <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />
      {list.data && list.data.length === 0 && <Text c="dimmed">{t('cases.approvals.none')}</Text>}
      <Stack>
        {(list.data ?? []).map((a) => <ApprovalCard key={a.id} approval={a} />)}
      </Stack>
    </>
  );
}

function ApprovalCard({ approval: a }: { approval: Approval }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const [comment, setComment] = useState('');
  const decide = useDecideApproval({ successMessage: t('common.saved') });
  const own = a.requestedBy === me?.user.id;
  const label = t(`cases.approvals.kind.${a.kind}`);
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-label={label}>
      <Group gap="xs" mb="xs">
        <Badge variant="light">{label}</Badge>
        <Badge variant="outline">{t(`cases.approvalStatus.${a.status}`)}</Badge>
      </Group>
      {a.personName && <Text fw={600}>{a.personName}</Text>}
      {a.closureReason && <Text style={{ overflowWrap: 'anywhere' }}>{`${t('cases.case.closureReason')}: ${a.closureReason}`}</Text>}
      {a.plan && (
        <>
          <Text size="sm" mt={4}>{`${t('cases.approvals.goals')} (${t('cases.plan.reviewOn')}: ${formatDate(a.plan.reviewOn, i18n.language)})`}</Text>
          <List type="ordered" size="sm">
            {a.plan.goals.map((g) => (
              <List.Item key={g.id} style={{ overflowWrap: 'anywhere' }}>{[g.text, g.services, g.frequency].filter(Boolean).join(' · ')}</List.Item>
            ))}
          </List>
        </>
      )}
      <Anchor renderRoot={(props) => <Link to="/cases/$id" params={{ id: a.caseId }} {...props} />}>{t('cases.approvals.openCase')}</Anchor>
      <ProblemAlert error={decide.error} />
      {own ? (
        <Alert color="gray" mt="sm">{t('cases.approvals.own')}</Alert>
      ) : (
        <Stack gap="xs" mt="sm">
          <Textarea label={t('cases.approvals.comment')} autosize minRows={2} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
          <Group gap="xs">
            <Button loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, approve: true, comment, version: a.version })}>{t('cases.approvals.approve')}</Button>
            <Button color="red.9" variant="outline" loading={decide.isPending} onClick={() => decide.mutate({ id: a.id, approve: false, comment, version: a.version })}>{t('cases.approvals.reject')}</Button>
          </Group>
        </Stack>
      )}
    </Paper>
  );
}
