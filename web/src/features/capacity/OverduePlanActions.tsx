import { Anchor, List, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../../common/numbers';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import { formatDate } from '../../components/dates';
import { useOrganisationOptions } from '../organisations/api';
import { capacityQueries, type PlanAction } from './api';

/** How many overdue actions of the CSOs reached the home page lists (the longest-overdue first). */
const ACROSS_SHOWN = 50;

/** On the home page: the overdue plan actions the signed-in user is responsible for, and those of every CSO they follow. */
export function OverduePlanActions() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const allowed = can(me, 'capacity.read');
  const mine = useQuery({ ...capacityQueries.plan({ mine: 'true', overdue: 'true', pageSize: 20, sort: 'deadline', dir: 'asc' }), enabled: allowed });
  // A mentor (or programme staff) follows several CSOs: their overdue actions in one list, each
  // with its CSO, instead of a visit to every CSO's plan.
  const organisations = useOrganisationOptions();
  const csos = (organisations.data ?? []).filter((o) => o.kind === 'cso');
  const across = useQuery({ ...capacityQueries.plan({ overdue: 'true', pageSize: ACROSS_SHOWN, sort: 'deadline', dir: 'asc' }), enabled: allowed && csos.length > 1 });
  const localName = useLocalName();
  if (!allowed) return null;
  const line = (a: PlanAction, withCso: boolean) => (
    <List.Item key={a.id}>
      {withCso && <>{localName(csos.find((o) => o.id === a.organisationId)) || '—'}: </>}
      <Anchor renderRoot={(props) => <Link to="/organisations/$id/capacity" params={{ id: a.organisationId }} {...props} />}>{a.action}</Anchor> — {t('capacity.plan.deadline')}: {formatDate(a.deadline, i18n.language)}
    </List.Item>
  );
  const acrossItems = across.data?.items ?? [];
  return (
    <>
      {(mine.data?.items.length ?? 0) > 0 && (
        <Paper withBorder p="md" mb="lg">
          <Title order={2} size="h3" mb="sm">{t('capacity.plan.myOverdue')}</Title>
          <List>{mine.data!.items.map((a) => line(a, false))}</List>
        </Paper>
      )}
      {acrossItems.length > 0 && (
        <Paper withBorder p="md" mb="lg">
          <Title order={2} size="h3" mb="sm">{t('capacity.plan.overdueAcross')}</Title>
          <Text size="sm" mb="xs">
            {t('capacity.plan.overdueAcrossCount', {
              shown: formatNumber(acrossItems.length, i18n.language, { digits: 0 }),
              total: formatNumber(across.data!.total, i18n.language, { digits: 0 }) + (across.data!.totalCapped ? '+' : ''),
              count: new Set(acrossItems.map((a) => a.organisationId)).size,
            })}
          </Text>
          <List>{acrossItems.map((a) => line(a, true))}</List>
        </Paper>
      )}
    </>
  );
}
