import { Anchor, List, Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { caseQueries } from './api';
import { formatDate } from '../../components/dates';

function CaseLink({ id, children }: { id: string; children: string }) {
  return <Anchor renderRoot={(props) => <Link to="/cases/$id" params={{ id }} {...props} />}>{children}</Anchor>;
}

/** The worker's home page: caseload, plan reviews due, overdue follow-ups (and, for a manager, requests to decide). */
export function CaseloadCard() {
  const { t, i18n } = useTranslation();
  const load = useQuery(caseQueries.caseload());
  const data = load.data;
  return (
    <Paper withBorder p="md" radius="md" mb="lg" component="section" aria-label={t('cases.caseload.title')}>
      <Title order={2} size="h3" mb="sm">{t('cases.caseload.title')}</Title>
      <ProblemAlert error={load.error} onRetry={() => void load.refetch()} />
      {data && data.cases.length === 0 && <Text c="dimmed">{t('cases.caseload.empty')}</Text>}
      <List>
        {(data?.cases ?? []).slice(0, 20).map((c) => (
          <List.Item key={c.id}>
            <CaseLink id={c.id}>{`${c.personName} · ${t(`cases.status.${c.status}`)}`}</CaseLink>
          </List.Item>
        ))}
      </List>
      {data && (data.reviewsDue.length > 0 || data.overdueFollowUps.length > 0) && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="md">
          {data.reviewsDue.length > 0 && (
            <div>
              <Title order={3} size="h4" mb={4}>{`${t('cases.caseload.reviewsDue')}: ${data.reviewsDue.length}`}</Title>
              <List size="sm">
                {data.reviewsDue.slice(0, 10).map((r) => (
                  <List.Item key={`${r.caseId}-${r.reviewOn}`}><CaseLink id={r.caseId}>{t('cases.caseload.reviewOn', { name: r.personName, date: formatDate(r.reviewOn, i18n.language) })}</CaseLink></List.Item>
                ))}
              </List>
            </div>
          )}
          {data.overdueFollowUps.length > 0 && (
            <div>
              <Title order={3} size="h4" mb={4} c="red.8">{`${t('cases.caseload.overdue')}: ${data.overdueFollowUps.length}`}</Title>
              <List size="sm">
                {data.overdueFollowUps.slice(0, 10).map((r) => (
                  <List.Item key={r.caseId}><CaseLink id={r.caseId}>{t('cases.caseload.followUp', { name: r.personName, date: formatDate(r.nextFollowUp, i18n.language) })}</CaseLink></List.Item>
                ))}
              </List>
            </div>
          )}
        </SimpleGrid>
      )}
      {data && data.pendingApprovals > 0 && (
        <Text mt="sm">
          {`${t('cases.caseload.pendingApprovals')}: ${data.pendingApprovals} · `}
          <Anchor renderRoot={(props) => <Link to="/approvals" {...props} />}>{t('cases.caseload.toApprovals')}</Anchor>
        </Text>
      )}
    </Paper>
  );
}
