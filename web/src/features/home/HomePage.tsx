import { Paper, SimpleGrid, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../../common/numbers';
import { ORGANISATION_KINDS } from '../../../../common/roles';
import { useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { AssessmentsToFinish } from '../capacity/AssessmentsToFinish';
import { OverduePlanActions } from '../capacity/OverduePlanActions';
import { ProblemAlert } from '../../components/ProblemAlert';
import { CaseloadCard } from '../cases/CaseloadCard';
import { dashboardQueries } from './api';
import { MyDrafts, ProgrammeResults, RecentChanges } from './HomeSections';

function Figure({ label, value }: { label: string; value: number | undefined }) {
  const { i18n } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={32} fw={700} aria-live="polite">
        {value === undefined ? '…' : formatNumber(value, i18n.language, { digits: 0 })}
      </Text>
    </Paper>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const numbers = useQuery(dashboardQueries.keyNumbers());
  return (
    <>
      <PageHeader title={t('home.welcome', { name: me?.user.displayName ?? '' })} />
      <Text mb="lg">{t('app.tagline')}</Text>
      {/* A case worker's day starts with their cases: first, not below the capacity work. */}
      {me?.permissions.includes('cases.work') && <CaseloadCard />}
      <MyDrafts />
      <RecentChanges />
      <AssessmentsToFinish />
      <OverduePlanActions />
      <Title order={2} size="h3" mb="sm">
        {t('home.keyNumbers')}
      </Title>
      <ProblemAlert error={numbers.error} onRetry={() => void numbers.refetch()} />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
        {/* Only the kinds of organisation the user reaches: "consortium: 0" tells a CSO's staff nothing. */}
        {ORGANISATION_KINDS.filter((kind) => !numbers.data || numbers.data.organisationsByKind[kind] > 0).map((kind) => (
          <Figure key={kind} label={t('home.organisationsOfKind', { kind: t(`kinds.${kind}`) })} value={numbers.data?.organisationsByKind[kind]} />
        ))}
        <Figure label={t('home.activeUsers')} value={numbers.data?.activeUsers} />
        <Figure label={t('home.municipalities')} value={numbers.data?.municipalities} />
      </SimpleGrid>
      <ProgrammeResults />
    </>
  );
}
