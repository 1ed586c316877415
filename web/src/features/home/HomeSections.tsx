import { Anchor, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { can, useMe } from '../../api/session';
import type { Page } from '../../../../common/schemas/list';
import { useInstrumentSummary, type Instrument } from '../instruments/api';
import { responseQueries } from '../responses/api';

// The chart library loads with the chart, not with the home page.
const ChartWithTable = lazy(() => import('../instruments/ResultsPage').then((m) => ({ default: m.ChartWithTable })));

/** What I have to finish: my organisation's drafts, newest first. */
export function MyDrafts() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const drafts = useQuery({ ...responseQueries.list({ status: 'draft', mine: 'true', sort: 'updatedAt', dir: 'desc', page: 1, pageSize: 5 }), enabled: can(me, 'responses.fill') });
  if (!can(me, 'responses.fill')) return null;
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="my-drafts">
      <Title id="my-drafts" order={2} size="h3" mb="sm">{t('home.drafts')}</Title>
      {drafts.data && drafts.data.items.length === 0 && <Text c="dimmed">{t('home.noDrafts')}</Text>}
      <Stack gap={4}>
        {drafts.data?.items.map((r) => (
          <Anchor key={r.id} renderRoot={(props) => <Link to="/responses/$id" params={{ id: r.id }} {...props} />}>
            {(i18n.language === 'en' ? r.instrumentTitleEn : r.instrumentTitleKa) + (r.label ? ` · ${r.label}` : '')}
          </Anchor>
        ))}
      </Stack>
    </Paper>
  );
}

function ResultsOf({ instrument }: { instrument: Instrument }) {
  const { t, i18n } = useTranslation();
  const summary = useInstrumentSummary(instrument.id, {});
  const title = i18n.language === 'en' ? instrument.titleEn : instrument.titleKa;
  return (
    <Suspense fallback={<Skeleton h={240} />}>
      {summary.data && summary.data.bands.length > 0 ? (
        <ChartWithTable title={`${title}: ${t('instruments.results.bands')}`} bars={summary.data.bands} answered={summary.data.responses} mean={null} />
      ) : (
        <Skeleton h={240} />
      )}
      <Anchor renderRoot={(props) => <Link to="/instruments/$id/results" params={{ id: instrument.id }} {...props} />} size="sm">{t('instruments.results.open')}</Anchor>
    </Suspense>
  );
}

/** The programme's results as aggregates (small counts hidden where the reader is outside the organisation). */
export function ProgrammeResults() {
  const { t } = useTranslation();
  const oca = useQuery({ queryKey: ['instruments', 'list', 'home', 'gesi_oca'], queryFn: () => api<Page<Instrument>>('GET', '/instruments?q=gesi_oca&pageSize=1') });
  const instrument = oca.data?.items[0];
  if (!instrument) return null;
  return (
    <section aria-labelledby="programme-results">
      <Title id="programme-results" order={2} size="h3" mb="sm" mt="lg">{t('home.programmeResults')}</Title>
      <ResultsOf instrument={instrument} />
    </section>
  );
}
