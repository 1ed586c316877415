import { Anchor, Button, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../../common/numbers';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { SupportTotalsTable } from './SupportTotals';
import { capacityQueries } from './api';
import { ResultsView } from './ResultsView';
import { RETURNING } from '../../components/useEntryState';

/** One printable page per CSO: scores and change, plan progress, mentoring and supervision hours, support. */
export function ReportPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const { id } = useParams({ from: '/app/organisations/$id/capacity/report' });
  const query = useQuery(capacityQueries.report(id));
  if (query.error) return <PageProblem error={query.error} />;
  const r = query.data;
  if (!r) return <Text>{t('app.loading')}</Text>;
  return (
    <>
      <PageHeader
        title={`${t('capacity.report.title')}: ${lang === 'en' ? r.organisation.nameEn : r.organisation.nameKa}`}
        actions={
          <Group gap="xs" className="no-print">
            <Button size="xs" variant="default" onClick={() => window.print()}>{t('capacity.report.print')}</Button>
            <Button size="xs" component="a" href={`/api/v1/capacity/organisations/${id}/report.pdf?lang=${lang}`} download>{t('capacity.report.pdf')}</Button>
          </Group>
        }
      />
      <Anchor renderRoot={(props) => <Link to="/organisations/$id/capacity" params={{ id }} state={RETURNING} {...props} />} size="sm" mb="md" display="inline-block" className="no-print">
        ← {t('capacity.title')}
      </Anchor>
      <Stack>
        <Title order={2} size="h3">{t('capacity.results.title')}</Title>
        <ResultsView results={r.results} />
        <Title order={2} size="h3">{t('capacity.plan.title')}</Title>
        <Progress value={r.plan.percent} aria-label={t('capacity.plan.progress')} />
        <Text>{t('capacity.plan.progressText', r.plan)}</Text>
        <Title order={2} size="h3">{t('capacity.report.mentoringAndSupervision')}</Title>
        <Text>{t('capacity.report.mentoringText', { hours: formatNumber(r.mentoringHours, lang, { maxDigits: 1 }), sessions: r.mentoringSessions })}</Text>
        <Text>{t('capacity.report.supervisionText', { hours: formatNumber(r.supervisionHours, lang, { maxDigits: 1 }) })}</Text>
        <Title order={2} size="h3">{t('capacity.support.title')}</Title>
        {r.support.length === 0 ? <Text>{t('capacity.support.none')}</Text> : (
          <SupportTotalsTable totals={r.support} />
        )}
      </Stack>
    </>
  );
}
