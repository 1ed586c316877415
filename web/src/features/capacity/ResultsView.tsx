import '@mantine/charts/styles.css';
import { RadarChart } from '@mantine/charts';
import { Grid, Paper, Select, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatScore } from '../../../../common/numbers';
import { DataTable, type Column } from '../../components/DataTable';
import { usePhone } from '../../components/usePhone';
import { ScrollRegion } from './ScrollRegion';
import type { Results } from './api';
import { CHANGE_DIRECTIONS } from '../../../../common/schemas/capacity';

const COLORS = ['gray.6', 'blue.6', 'teal.6'];
/** Dark shades only, so the words keep their contrast; the arrow says the same without colour. */
const DIRECTION = { improved: { c: 'teal.9', mark: '▲' }, same: { c: undefined, mark: '=' }, worse: { c: 'red.9', mark: '▼' }, new: { c: undefined, mark: '•' } } as const;

/** Domain scores per round as a radar chart, with the same numbers as a table beside it. */
export function ResultsView({ results }: { results: Results }) {
  const { t, i18n } = useTranslation();
  const phone = usePhone();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const fmt = (n: number | null | undefined) => formatScore(n, lang);
  // The change list has a line per sub-area (50 in the GESI tool, about 10,000 px of cards on a
  // phone): it narrows to one domain or one direction ("what got worse"), saying how many each holds.
  const [domainShown, setDomainShown] = useState<string | null>(null);
  const [directionShown, setDirectionShown] = useState<string | null>(null);
  const rounds = results.rounds.slice(-3);
  if (rounds.length === 0) return <Text>{t('capacity.results.none')}</Text>;
  const roundName = (r: Results['rounds'][number]) => (lang === 'ka' ? r.roundNameKa : r.roundNameEn);
  const domains = rounds[rounds.length - 1]!.domains;
  // On a phone the domains' names do not fit around the chart: it shows their numbers, which the
  // table beside it names.
  const data = domains.map((d, i) => ({ domain: phone ? String(i + 1) : d.label[lang], ...Object.fromEntries(rounds.map((r) => [roundName(r), r.domains.find((x) => x.name === d.name)?.score ?? 0])) }));
  const shownChange = results.change.filter((c) => (!domainShown || c.domain === domainShown) && (!directionShown || c.direction === directionShown));
  const count = (n: number) => formatNumber(n, lang, { digits: 0 });
  // Each choice counts what it would show beside the other filter's choice; a choice that would
  // show nothing is still offered while it is the one chosen, so the box never names a stale count.
  const inDomain = (name: string) => results.change.filter((c) => c.domain === name && (!directionShown || c.direction === directionShown)).length;
  const inDirection = (direction: string) => results.change.filter((c) => c.direction === direction && (!domainShown || c.domain === domainShown)).length;
  const changeColumns: Column<Results['change'][number]>[] = [
    { key: 'subArea', header: t('capacity.results.subArea'), render: (c) => c.label[lang], card: 'title' },
    { key: 'before', header: t('capacity.change.before'), render: (c) => fmt(c.before) },
    { key: 'after', header: t('capacity.change.after'), render: (c) => fmt(c.after) },
    {
      key: 'delta',
      header: t('capacity.change.delta'),
      render: (c) => (
        <Text span size="sm" fw={600} c={DIRECTION[c.direction].c}>
          <span aria-hidden="true">{DIRECTION[c.direction].mark} </span>
          {t(`capacity.change.${c.direction}`)} {c.delta !== null && c.delta !== 0 ? `(${c.delta > 0 ? '+' : ''}${formatNumber(c.delta, lang)})` : ''}
        </Text>
      ),
    },
  ];
  return (
    <>
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Paper withBorder p="sm" role="img" aria-label={t('capacity.results.radar')} style={{ overflow: 'hidden' }}>
            <RadarChart h={320} data={data} dataKey="domain" withLegend withPolarRadiusAxis polarRadiusAxisProps={{ domain: [0, 4] }}
              series={rounds.map((r, i) => ({ name: roundName(r), color: COLORS[i % COLORS.length]!, opacity: 0.2 }))} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <ScrollRegion>
            <Table striped>
              <caption>{t('capacity.results.table')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('capacity.results.domain')}</Table.Th>
                  {rounds.map((r) => <Table.Th scope="col" key={r.assessmentId}>{roundName(r)}</Table.Th>)}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {domains.map((d, i) => (
                  <Table.Tr key={d.name}>
                    <Table.Th scope="row" fw={400}>{i + 1}. {d.label[lang]}</Table.Th>
                    {rounds.map((r) => <Table.Td key={r.assessmentId}>{fmt(r.domains.find((x) => x.name === d.name)?.score)}</Table.Td>)}
                  </Table.Tr>
                ))}
                <Table.Tr>
                  <Table.Th scope="row">{t('capacity.overall')}</Table.Th>
                  {rounds.map((r) => <Table.Td key={r.assessmentId} fw={700}>{fmt(r.overall)}</Table.Td>)}
                </Table.Tr>
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        </Grid.Col>
      </Grid>
      {results.change.length > 0 && (
        <>
          <Title order={3} size="h4" mt="lg" mb="xs">{t('capacity.change.title')}</Title>
          <Text mb="xs">{t('capacity.change.summary', results.changeSummary)}</Text>
          {/* On a phone, one card per sub-area: as a table it was 482 px wide at 375. */}
          <SimpleGrid cols={{ base: 1, sm: 2 }} mb="sm">
            <Select
              label={t('capacity.change.domain')}
              placeholder={t('capacity.change.allDomains', { n: count(results.change.length) })}
              clearable
              value={domainShown}
              onChange={setDomainShown}
              data={domains.flatMap((d, i) => (inDomain(d.name) > 0 || d.name === domainShown ? [{ value: d.name, label: `${i + 1}. ${d.label[lang]} (${count(inDomain(d.name))})` }] : []))}
            />
            <Select
              label={t('capacity.change.direction')}
              placeholder={t('capacity.change.allDirections')}
              clearable
              value={directionShown}
              onChange={setDirectionShown}
              data={CHANGE_DIRECTIONS.filter((d) => inDirection(d) > 0 || d === directionShown).map((d) => ({ value: d, label: `${t(`capacity.change.${d}`)} (${count(inDirection(d))})` }))}
            />
          </SimpleGrid>
          <Text size="sm" c="dimmed" mb="xs" aria-live="polite">{t('capacity.change.shown', { shown: count(shownChange.length), total: count(results.change.length) })}</Text>
          <DataTable caption={t('capacity.change.title')} columns={changeColumns} rows={shownChange} rowKey={(c) => c.name} emptyText={t('capacity.change.noneShown')} />
        </>
      )}
    </>
  );
}
