import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Group, Paper, Select, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { figureGroupLabel, type FigureDimension } from '../../../../common/figure-groups';
import { formatNumber } from '../../../../common/numbers';
import { aggregateQuery } from '../../../../common/schemas/cases';
import { ApiError } from '../../api/client';
import { useLocalName } from '../../api/lookups';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { ScrollRegion } from '../capacity/ScrollRegion';
import { useOrganisationOptions } from '../organisations/api';
import { useMunicipalities } from '../places/api';
import { caseQueries } from './api';
import { DateField } from '../../components/DateField';
import { ExportButtons } from '../../components/ExportButtons';

const DIMENSIONS = aggregateQuery.shape.by.unwrap().options;
type Dimension = FigureDimension;

/** People served and sessions delivered by group and period: the results framework's numbers, small cells hidden outside the CSO. */
export function AggregatesPage() {
  const { t, i18n } = useTranslation();
  // A hidden count (under five, or one that the total would tell) says so in its own cell.
  // A dash keeps the table within a phone's width; a screen reader hears the word.
  const cell = (n: number | null) =>
    n === null ? (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('cases.aggregates.hiddenCell')}</span>
      </>
    ) : (
      formatNumber(n, i18n.language, { digits: 0 })
    );
  const local = useLocalName();
  const [by, setBy] = useState<Dimension>('sex');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const data = useQuery(caseQueries.aggregates({ by, ...(from ? { from } : {}), ...(to ? { to } : {}) }));
  // A period that ends before it starts is the 'to' field's error, said next to it (not a bare "some fields need attention").
  const fieldErrors: Record<string, string> = data.error instanceof ApiError ? data.error.fieldErrors() : {};
  const periodError = fieldErrors['querystring.to'] ?? fieldErrors['querystring.from'];
  const municipalities = useMunicipalities();
  const organisations = useOrganisationOptions();
  const groupLabel = (group: string | null): string =>
    figureGroupLabel(by, group, t, (id) => local(municipalities.data?.find((m) => m.id === id)) || undefined);
  const orgName = (id: string) => local(organisations.data?.find((o) => o.id === id)) || '—';
  const rows = data.data?.rows ?? [];
  // The chart adds up what may be shown; suppressed cells stay out of it (and are marked in the table).
  const totals = new Map<string, { label: string; people: number; sessions: number }>();
  for (const r of rows) {
    if (r.suppressed) continue;
    const label = groupLabel(r.group);
    const entry = totals.get(label) ?? { label, people: 0, sessions: 0 };
    entry.people += r.people ?? 0;
    entry.sessions += r.sessions ?? 0;
    totals.set(label, entry);
  }
  const chart = [...totals.values()];
  const anySuppressed = rows.some((r) => r.suppressed);
  // One organisation (a CSO's own figures): no column for it, so the table fits a phone.
  const manyOrganisations = new Set(rows.map((r) => r.organisationId)).size > 1;
  return (
    <>
      <PageHeader
        title={t('cases.aggregates.title')}
        actions={<ExportButtons path="/cases-aggregates/export" filters={{ by, from: from || undefined, to: to || undefined }} total={data.data?.rows.length} failed={data.isError} />}
      />
      <Group align="end" mb="md" gap="sm">
        <Select
          label={t('cases.aggregates.by')}
          allowDeselect={false}
          value={by}
          onChange={(v) => v && setBy(v as Dimension)}
          data={DIMENSIONS.map((d) => ({ value: d, label: t(`cases.aggregates.dimension.${d}`) }))}
        />
        <DateField label={t('cases.aggregates.from')} value={from} onChange={setFrom} />
        <DateField label={t('cases.aggregates.to')} value={to} onChange={setTo} error={periodError} />
      </Group>
      {/* The period's message is under its end date: the alert would only add a bare "some fields
          need attention" headline above it (it lists only messages shown nowhere else, and offers
          Retry only where asking again can help), so it stays away then. */}
      {!periodError && <ProblemAlert error={data.error} onRetry={() => void data.refetch()} />}
      {data.data && rows.length === 0 && <Text c="dimmed">{t('cases.aggregates.none')}</Text>}
      {chart.length > 0 && (
        <Paper withBorder p="md" radius="md" mb="md">
          <div aria-hidden="true">
            <BarChart
              h={Math.max(180, chart.length * 56)}
              data={chart}
              dataKey="label"
              orientation="vertical"
              yAxisProps={{ width: 110 }}
              xAxisProps={{ allowDecimals: false }}
              withLegend
              withTooltip={false}
              series={[
                { name: 'people', label: t('cases.aggregates.people'), color: 'blue.7' },
                { name: 'sessions', label: t('cases.aggregates.sessions'), color: 'teal.7' },
              ]}
            />
          </div>
          <Text className="visually-hidden">{t('cases.aggregates.chart')}</Text>
        </Paper>
      )}
      {anySuppressed && <Text size="sm" c="dimmed" mb="xs">{t('cases.aggregates.suppressedNote')}</Text>}
      {by === 'serviceType' && rows.length > 0 && <Text size="sm" c="dimmed" mb="xs">{t('cases.aggregates.severalServices')}</Text>}
      {rows.length > 0 && (
        <ScrollRegion>
          <Table striped>
            <caption className="visually-hidden">{t('cases.aggregates.title')}</caption>
            <Table.Thead>
              <Table.Tr>
                {manyOrganisations && <Table.Th scope="col">{t('cases.fields.organisation')}</Table.Th>}
                <Table.Th scope="col">{t(`cases.aggregates.dimension.${by}`)}</Table.Th>
                <Table.Th scope="col" ta="right">{t('cases.aggregates.people')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('cases.aggregates.sessions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={`${r.organisationId}|${r.group ?? ''}`}>
                  {manyOrganisations && <Table.Td>{orgName(r.organisationId)}</Table.Td>}
                  <Table.Td>{groupLabel(r.group)}</Table.Td>
                  <Table.Td ta="right">{cell(r.people)}</Table.Td>
                  <Table.Td ta="right">{cell(r.sessions)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
            <Table.Tfoot>
              {/* Everyone counted once: by service a person may be in several rows. */}
              {(data.data?.totals ?? []).map((r) => (
                <Table.Tr key={r.organisationId} fw={700}>
                  {manyOrganisations && <Table.Td>{orgName(r.organisationId)}</Table.Td>}
                  <Table.Th scope="row" fw={700}>{t('cases.aggregates.total')}</Table.Th>
                  <Table.Td ta="right">{cell(r.people)}</Table.Td>
                  <Table.Td ta="right">{cell(r.sessions)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tfoot>
          </Table>
        </ScrollRegion>
      )}
    </>
  );
}
