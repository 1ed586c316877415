import { BarChart } from '@mantine/charts';
import { Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../../common/numbers';
import { REPORT_GROUPS } from '../../../../common/schemas/learning';
import { ExportButtons } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { learningQueries } from './api';
import { useLocal } from './local';
import { ScrollRegion } from '../capacity/ScrollRegion';

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">{label}</Text>
      <Text fw={700} size="xl">{value}</Text>
    </Paper>
  );
}

/** People trained and hours by group (results framework: "CSO staff trained"), rates and knowledge gain. */
export function ReportsPage() {
  const { t, i18n } = useTranslation();
  const num = (n: number | null | undefined) => formatNumber(n, i18n.language);
  const local = useLocal();
  const [by, setBy] = useState<string>('sex');
  const report = useQuery(learningQueries.report(by));
  const label = (r: { group: string | null; labelKa: string | null; labelEn: string | null }) => {
    if (r.labelKa || r.labelEn) return local(r.labelKa ?? '', r.labelEn ?? '');
    if (r.group === null) return t('learning.reports.unknown');
    return r.group;
  };
  const rows = report.data?.rows ?? [];
  // A hidden group is not a zero: the chart shows only the groups that may be shown.
  const data = rows.filter((r) => !r.suppressed).map((r) => ({ label: label(r), people: r.people ?? 0, hours: r.hours ?? 0 }));
  const anySuppressed = rows.some((r) => r.suppressed);
  const pct = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${num(n)}%`);
  return (
    <>
      <PageHeader title={t('learning.reports.title')} actions={<ExportButtons path="/learning/reports/export" filters={{ by }} total={report.data?.rows.length} failed={report.isError} />} />
      <Stack gap="md">
        <Select label={t('learning.reports.by')} allowDeselect={false} value={by} onChange={(v) => setBy(v ?? 'sex')} data={REPORT_GROUPS.map((g) => ({ value: g, label: t(`learning.reports.groups.${g}`) }))} maw={320} />
        <ProblemAlert error={report.error} onRetry={() => void report.refetch()} />
        {report.data && (
          <>
            <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
              <Figure label={t('learning.reports.people')} value={num(report.data.totals.people)} />
              <Figure label={t('learning.reports.hours')} value={num(report.data.totals.hours)} />
              <Figure label={t('learning.reports.completionRate')} value={pct(report.data.totals.completionRate)} />
              <Figure label={t('learning.reports.passRate')} value={pct(report.data.totals.passRate)} />
              <Figure label={t('learning.reports.averageGain')} value={report.data.totals.averageGain === null ? '—' : `+${num(report.data.totals.averageGain)}`} />
            </SimpleGrid>
            <Paper withBorder p="sm">
              <Title order={2} size="h4" mb="xs">{t('learning.reports.chart')}</Title>
              {data.length > 0 ? (
                <BarChart
                  h={Math.max(180, data.length * 48)}
                  data={data}
                  dataKey="label"
                  orientation="vertical"
                  yAxisProps={{ width: 140 }}
                  series={[
                    { name: 'people', label: t('learning.reports.people'), color: 'blue.7' },
                    { name: 'hours', label: t('learning.reports.hours'), color: 'teal.8' },
                  ]}
                  withLegend
                />
              ) : (
                <Text c="dimmed">{anySuppressed ? t('learning.reports.allHidden') : t('common.empty')}</Text>
              )}
            </Paper>
            {anySuppressed && <Text size="sm" c="dimmed">{t('learning.reports.hiddenNote')}</Text>}
            <ScrollRegion>
              <Table>
                <caption className="visually-hidden">{t('learning.reports.title')}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('learning.reports.group')}</Table.Th>
                    <Table.Th scope="col">{t('learning.reports.people')}</Table.Th>
                    <Table.Th scope="col">{t('learning.reports.hours')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.group ?? 'none'}>
                      <Table.Th scope="row">{label(r)}</Table.Th>
                      {r.suppressed ? (
                        <Table.Td colSpan={2}>{t('learning.reports.hiddenRow')}</Table.Td>
                      ) : (
                        <>
                          <Table.Td>{num(r.people)}</Table.Td>
                          <Table.Td>{num(r.hours)}</Table.Td>
                        </>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          </>
        )}
      </Stack>
    </>
  );
}
