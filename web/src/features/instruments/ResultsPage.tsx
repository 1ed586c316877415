import { BarChart } from '@mantine/charts';
import { Alert, Anchor, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../../common/numbers';
import { SUBJECT_TYPES } from '../../../../common/schemas/access';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useOrganisationOptions } from '../organisations/api';
import { useMunicipalities } from '../places/api';
import { answersExportUrl, useInstrument, useInstrumentSummary, useTitle, type InstrumentSummary, type SummaryFilter } from './api';
import { DateField } from '../../components/DateField';
import { NothingToExport, StreamedDownload, exportHold } from '../../components/ExportButtons';
import { BackgroundExport } from '../exports/BackgroundExport';

type Summary = InstrumentSummary['questions'][number];

/** The filters that are set (the API takes an absent filter, not an empty one). */
const withoutEmpty = (filter: SummaryFilter) => Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== null && v !== undefined && v !== ''));
type Bar = Summary['bars'][number];

/** A count as shown: hidden small counts read "<5". */
function useCount() {
  const { t, i18n } = useTranslation();
  return (count: number | null) => (count === null ? t('instruments.results.small') : formatNumber(count, i18n.language, { digits: 0 }));
}

const shortLabel = (label: string) => (label.length > 22 ? `${label.slice(0, 21)}…` : label);

/** One chart and, under it, the same numbers as a table (the chart's text alternative). */
export function ChartWithTable({ title, bars, answered, mean }: { title: string; bars: Bar[]; answered: number | null; mean: number | null }) {
  const { t, i18n } = useTranslation();
  const shown = useCount();
  const label = (b: Bar) => (i18n.language === 'en' ? b.labelEn : b.labelKa);
  // Hidden counts are drawn as empty bars; the table says "<5".
  const data = bars.map((b) => ({ label: label(b), count: b.count ?? 0 }));
  // A label that takes two lines (a range such as "1,4 – 1,6-ზე ნაკლები") gets a taller row, so
  // the lines of one bar stand apart from the next bar's.
  const rowHeight = data.some((d) => shortLabel(d.label).length > 18) ? 44 : 32;
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Title order={3} size="h5" mb="xs">{title}</Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('instruments.results.answered', { shown: shown(answered) })}
        {mean !== null && ` · ${t('instruments.results.mean')}: ${formatNumber(mean, i18n.language)}`}
      </Text>
      {bars.length > 0 && (
        <div aria-hidden="true">
          <BarChart
            h={Math.max(160, Math.min(bars.length, 12) * rowHeight)}
            data={data}
            dataKey="label"
            orientation="vertical"
            // Long answers (Georgian ones especially) would wrap onto their neighbours: one line
            // each, shortened; the table below gives them in full.
            yAxisProps={{ width: 150, interval: 0, tickFormatter: shortLabel }}
            series={[{ name: 'count', label: t('instruments.results.count'), color: 'blue.7' }]}
            withTooltip={false}
          />
        </div>
      )}
      <Table mt="xs" striped>
        <caption className="visually-hidden">{title}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('instruments.results.answer')}</Table.Th>
            <Table.Th scope="col" ta="right">{t('instruments.results.count')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bars.map((b) => (
            <Table.Tr key={b.key}>
              <Table.Td>{label(b)}</Table.Td>
              <Table.Td ta="right">{shown(b.count)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function Filters({ filter, onChange }: { filter: SummaryFilter; onChange: (f: SummaryFilter) => void }) {
  const { t } = useTranslation();
  const localName = useLocalName();
  const organisations = useOrganisationOptions();
  const municipalities = useMunicipalities();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} mb="md">
      <Select label={t('instruments.results.organisation')} clearable searchable value={filter.organisationId ?? null} onChange={(v) => onChange({ ...filter, organisationId: v })} data={(organisations.data ?? []).filter((o) => o.kind === 'cso').map((o) => ({ value: o.id, label: localName(o) }))} />
      <Select label={t('instruments.results.municipality')} clearable searchable value={filter.municipalityId ?? null} onChange={(v) => onChange({ ...filter, municipalityId: v })} data={(municipalities.data ?? []).map((m) => ({ value: m.id, label: localName(m) }))} />
      <Select label={t('instruments.results.subjectType')} clearable value={filter.subjectType ?? null} onChange={(v) => onChange({ ...filter, subjectType: v })} data={SUBJECT_TYPES.map((s) => ({ value: s, label: t(`responses.subjectTypes.${s}`) }))} />
      <DateField label={t('instruments.results.from')} value={filter.from} onChange={(from) => onChange({ ...filter, from })} />
      <DateField label={t('instruments.results.to')} value={filter.to} onChange={(to) => onChange({ ...filter, to })} />
    </SimpleGrid>
  );
}

/** The answers export's switches (as in Kobo) and a download link that streams the file. */
/** `responses`: how many forms the filters find (the summary's count; undefined while it loads), `failed`: the summary did not load. */
function ExportPanel({ id, filter, responses, failed }: { id: string; filter: SummaryFilter; responses: number | null | undefined; failed: boolean }) {
  const { t, i18n } = useTranslation();
  const [format, setFormat] = useState('xlsx');
  const [layout, setLayout] = useState('wide');
  // Headers in the reader's language until they choose others: read at each render, so it follows
  // the profile's language once it has loaded, and a switch of the interface language.
  const [chosenLabels, setLabels] = useState<string | null>(null);
  const labels = chosenLabels ?? (i18n.language === 'en' ? 'en' : 'ka');
  const hold = exportHold(responses, failed);
  return (
    <Paper withBorder p="md" mb="md">
      <Title order={2} size="h4" mb="xs">{t('instruments.results.exportTitle')}</Title>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select label={t('instruments.results.format')} allowDeselect={false} value={format} onChange={(v) => v && setFormat(v)} data={[{ value: 'xlsx', label: 'Excel (XLSX)' }, { value: 'csv', label: 'CSV (UTF-8)' }]} w={{ base: '100%', sm: 180 }} />
        <Select label={t('instruments.results.layout')} allowDeselect={false} value={layout} onChange={(v) => v && setLayout(v)} data={[{ value: 'wide', label: t('instruments.results.wide') }, { value: 'long', label: t('instruments.results.long') }]} w={{ base: '100%', sm: 240 }} />
        <Select label={t('instruments.results.labels')} allowDeselect={false} value={labels} onChange={(v) => v && setLabels(v)} data={[{ value: 'ka', label: t('languages.ka') }, { value: 'en', label: t('languages.en') }, { value: 'names', label: t('instruments.results.names') }]} w={{ base: '100%', sm: 220 }} />
        {hold ? (
          <NothingToExport size="sm" labels={[t('instruments.results.download'), t('exports.background.inBackground')]} reason={hold} />
        ) : (
          <>
            <StreamedDownload href={answersExportUrl(id, { ...filter, format, layout, labels })} variant="filled" size="sm">{t('instruments.results.download')}</StreamedDownload>
            <BackgroundExport size="sm" request={() => ({ kind: 'answers', params: { ...withoutEmpty(filter), instrumentId: id, format: format as 'csv' | 'xlsx', layout: layout as 'wide' | 'long', labels: labels as 'ka' | 'en' | 'names' } })} />
          </>
        )}
      </Group>
      {layout === 'wide' && <Text size="sm" c="dimmed" mt="xs">{t('instruments.results.repeatSheets')}</Text>}
    </Paper>
  );
}

export function ResultsPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ from: '/app/instruments/$id/results' });
  const { data: me } = useMe();
  const title = useTitle();
  const instrument = useInstrument(id);
  const [filter, setFilter] = useState<SummaryFilter>({});
  const summary = useInstrumentSummary(id, filter);
  const shown = useCount();
  const name = (s: { labelKa: string; labelEn: string; name: string }) => (i18n.language === 'en' ? s.labelEn : s.labelKa) || s.name;
  const data = summary.data;
  return (
    <>
      <PageHeader title={t('instruments.results.title', { title: title(instrument.data, i18n.language) })} />
      <Anchor renderRoot={(props) => <Link to="/instruments/$id" params={{ id }} {...props} />} size="sm" mb="md" display="inline-block">← {title(instrument.data, i18n.language)}</Anchor>
      {can(me, 'responses.read') && <ExportPanel id={id} filter={filter} responses={summary.data?.responses} failed={summary.isError} />}
      <Filters filter={filter} onChange={setFilter} />
      <ProblemAlert error={summary.error} />
      {data && (
        <Stack>
          <Text fw={700}>{t('instruments.results.responses', { shown: shown(data.responses) })}</Text>
          {data.suppressed && <Alert color="blue">{t('instruments.results.suppressed', { threshold: data.threshold })}</Alert>}
          {/* Nothing to count: one sentence, not a page of empty charts, one per question. */}
          {data.responses === 0 && <Text c="dimmed">{t(Object.keys(withoutEmpty(filter)).length > 0 ? 'instruments.results.noneFiltered' : 'instruments.results.none')}</Text>}
          {data.responses !== 0 && (data.bands.length > 0 || data.overall) && (
            <>
              <Title order={2} size="h4">{t('instruments.results.scores')}</Title>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                {data.bands.length > 0 && <ChartWithTable title={t('instruments.results.bands')} bars={data.bands} answered={data.overall?.answered ?? null} mean={null} />}
                {data.overall && <ChartWithTable title={t('instruments.results.overall')} bars={data.overall.bars} answered={data.overall.answered} mean={data.overall.mean} />}
                {data.sections.map((s) => <ChartWithTable key={s.name} title={name(s)} bars={s.bars} answered={s.answered} mean={s.mean} />)}
              </SimpleGrid>
            </>
          )}
          {data.responses !== 0 && (
            <>
              <Title order={2} size="h4">{t('instruments.results.questions')}</Title>
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                {data.questions.map((q) => <ChartWithTable key={q.name} title={name(q)} bars={q.bars} answered={q.answered} mean={q.mean} />)}
              </SimpleGrid>
            </>
          )}
        </Stack>
      )}
    </>
  );
}
