import { Anchor, List, Paper, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../api/session';
import { formatDate } from '../../components/dates';
import { capacityQueries } from './api';

/** On the home page: the plan actions the signed-in user is responsible for that are overdue. */
export function OverduePlanActions() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const allowed = can(me, 'capacity.read');
  const query = useQuery({ ...capacityQueries.plan({ mine: 'true', overdue: 'true', pageSize: 20, sort: 'deadline', dir: 'asc' }), enabled: allowed });
  const items = query.data?.items ?? [];
  if (!allowed || items.length === 0) return null;
  return (
    <Paper withBorder p="md" mb="lg">
      <Title order={2} size="h3" mb="sm">{t('capacity.plan.myOverdue')}</Title>
      <List>
        {items.map((a) => (
          <List.Item key={a.id}>
            <Anchor renderRoot={(props) => <Link to="/organisations/$id/capacity" params={{ id: a.organisationId }} {...props} />}>{a.action}</Anchor> — {t('capacity.plan.deadline')}: {formatDate(a.deadline, i18n.language)}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}
