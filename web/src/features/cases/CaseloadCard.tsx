import { Anchor, List, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert';
import { caseQueries } from './api';

/** The worker's home page: caseload, plan reviews due, overdue follow-ups. */
export function CaseloadCard() {
  const { t } = useTranslation();
  const load = useQuery(caseQueries.caseload());
  const data = load.data;
  return (
    <Paper withBorder p="md" radius="md" mb="lg">
      <Title order={2} size="h3" mb="sm">{t('cases.caseload.title')}</Title>
      <ProblemAlert error={load.error} />
      {data && data.cases.length === 0 && <Text c="dimmed">{t('cases.caseload.empty')}</Text>}
      <List>
        {(data?.cases ?? []).slice(0, 20).map((c) => (
          <List.Item key={c.id}>
            <Anchor renderRoot={(props) => <Link to="/cases/$id" params={{ id: c.id }} {...props} />}>{`${c.personName} · ${t(`cases.status.${c.status}`)}`}</Anchor>
          </List.Item>
        ))}
      </List>
      {data && data.reviewsDue.length > 0 && <Text mt="sm">{`${t('cases.caseload.reviewsDue')}: ${data.reviewsDue.length}`}</Text>}
      {data && data.overdueFollowUps.length > 0 && <Text c="red.8">{`${t('cases.caseload.overdue')}: ${data.overdueFollowUps.length}`}</Text>}
      {data && data.pendingApprovals > 0 && <Text>{`${t('cases.caseload.pendingApprovals')}: ${data.pendingApprovals}`}</Text>}
    </Paper>
  );
}
