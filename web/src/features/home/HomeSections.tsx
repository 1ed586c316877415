import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import type { Page } from '../../../../common/schemas/list';
import { useInstrumentSummary, type Instrument } from '../instruments/api';
import { formatDateTime } from '../../components/dates';
import { useOrganisationOptions } from '../organisations/api';
import { responseQueries } from '../responses/api';
import { useResponseLabel } from '../responses/labels';

// The chart library loads with the chart, not with the home page.
const ChartWithTable = lazy(() => import('../instruments/ResultsPage').then((m) => ({ default: m.ChartWithTable })));

/** What I have to finish: my organisation's drafts, newest first. */
export function MyDrafts() {
  const { t, i18n } = useTranslation();
  const responseLabel = useResponseLabel();
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
            {(i18n.language === 'en' ? r.instrumentTitleEn : r.instrumentTitleKa) + (r.label ? ` · ${responseLabel(r.label)}` : '')}
          </Anchor>
        ))}
      </Stack>
    </Paper>
  );
}

/**
 * When this user last opened the home page on this device, remembered in the browser (it is a
 * convenience, not a record: another device starts afresh). Read once, then moved to now.
 */
function useLastVisit(userId: string | undefined): Date | null {
  const key = userId ? `ertad.home.lastVisit.${userId}` : null;
  const [lastVisit] = useState(() => {
    const stored = key ? window.localStorage.getItem(key) : null;
    const date = stored ? new Date(stored) : null;
    return date && !Number.isNaN(date.getTime()) ? date : null;
  });
  useEffect(() => {
    if (key) window.localStorage.setItem(key, new Date().toISOString());
  }, [key]);
  return lastVisit;
}

/**
 * What changed: the forms submitted most recently in the user's reach, those since the last visit
 * marked new; each names its organisation where the user reaches more than one (a mentor's CSOs'
 * assessments otherwise read alike).
 */
export function RecentChanges() {
  const { t, i18n } = useTranslation();
  const responseLabel = useResponseLabel();
  const organisations = useOrganisationOptions();
  const localName = useLocalName();
  const organisationOf = (id: string) => ((organisations.data?.length ?? 0) > 1 ? organisations.data?.find((o) => o.id === id) : undefined);
  const { data: me } = useMe();
  const allowed = can(me, 'responses.read');
  const lastVisit = useLastVisit(me?.user.id);
  const recent = useQuery({ ...responseQueries.list({ status: 'submitted', sort: 'updatedAt', dir: 'desc', page: 1, pageSize: 5 }), enabled: allowed });
  if (!allowed) return null;
  const items = recent.data?.items ?? [];
  return (
    <Paper withBorder p="md" mb="lg" component="section" aria-labelledby="recent-changes">
      <Title id="recent-changes" order={2} size="h3" mb={4}>{t('home.recentChanges')}</Title>
      {lastVisit && <Text size="sm" c="dimmed" mb="xs">{t('home.lastVisit', { when: formatDateTime(lastVisit, i18n.language) })}</Text>}
      {recent.isPending && <Skeleton h={80} />}
      {recent.data && items.length === 0 && <Text c="dimmed">{t('home.noRecentChanges')}</Text>}
      <Stack gap={6}>
        {items.map((r) => (
          <Group key={r.id} gap="xs" wrap="wrap">
            <Anchor renderRoot={(props) => <Link to="/responses/$id" params={{ id: r.id }} {...props} />}>
              {(i18n.language === 'en' ? r.instrumentTitleEn : r.instrumentTitleKa) + (r.label ? ` · ${responseLabel(r.label)}` : '')}
            </Anchor>
            {organisationOf(r.organisationId) && <Text size="sm">{localName(organisationOf(r.organisationId))}</Text>}
            <Text size="sm" c="dimmed">{t('home.submittedOn', { when: formatDateTime(r.submittedAt ?? r.updatedAt, i18n.language) })}</Text>
            {lastVisit && new Date(r.updatedAt) > lastVisit && <Badge size="sm" variant="light">{t('home.new')}</Badge>}
          </Group>
        ))}
      </Stack>
      {items.length > 0 && (
        <Anchor mt="xs" display="inline-block" size="sm" renderRoot={(props) => <Link to="/responses" {...props} />}>{t('home.allForms')}</Anchor>
      )}
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
