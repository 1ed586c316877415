import { Anchor, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollRegion } from './ScrollRegion';
import { MIN_CELL, ROUND_KINDS } from '../../../../common/schemas/capacity';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import { FormActions } from '../../components/FormActions';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useOrganisationOptions } from '../organisations/api';
import { useMunicipalities, useRegions } from '../places/api';
import { capacityQueries, useCreateRound, type Portfolio } from './api';
import { DateField } from '../../components/DateField';
import { ExportButtons } from '../../components/ExportButtons';
import { formatScore } from '../../../../common/numbers';

/** Cell colours by score band (1 red … 4 green); dark text on light fills keeps the contrast. */
function cellColour(score: number | null): string | undefined {
  if (score === null) return undefined;
  if (score < 1.75) return 'var(--mantine-color-red-1)';
  if (score < 2.5) return 'var(--mantine-color-orange-1)';
  if (score < 3.25) return 'var(--mantine-color-yellow-1)';
  return 'var(--mantine-color-green-1)';
}

function NewRound({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const create = useCreateRound({ successMessage: t('common.saved'), onSuccess: onDone });
  const form = useForm({ initialValues: { kind: 'baseline' as (typeof ROUND_KINDS)[number], nameKa: '', nameEn: '', startsOn: '', endsOn: '' } });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, create);
  return (
    <form onSubmit={onSubmit} noValidate>
      <ProblemAlert error={error} shownFields={shownFields} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select label={t('capacity.roundKind')} allowDeselect={false} data={ROUND_KINDS.map((k) => ({ value: k, label: t(`capacity.roundKinds.${k}`) }))} {...form.getInputProps('kind')} />
        <TextInput label={t('capacity.roundNameKa')} lang="ka" required {...form.getInputProps('nameKa')} />
        <TextInput label={t('capacity.roundNameEn')} lang="en" required {...form.getInputProps('nameEn')} />
        <DateField label={t('capacity.roundStartsOn')} required {...form.getInputProps('startsOn')} />
        <DateField label={t('capacity.roundEndsOn')} required {...form.getInputProps('endsOn')} />
      </SimpleGrid>
      <FormActions submitLabel={t('common.create')} pending={pending} onCancel={onDone} />
    </form>
  );
}

type HeatMapRow = Portfolio['rows'][number] & { suppressed?: boolean; csos?: number };
function HeatMap({ data, caption, name, link }: { data: { domains: Portfolio['domains']; rows: HeatMapRow[] }; caption: string; name: string; link: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const fmt = (n: number | null) => formatScore(n, lang);
  return (
    <ScrollRegion>
      <Table withTableBorder withColumnBorders>
        <caption>{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{name}</Table.Th>
            {data.domains.map((d) => <Table.Th scope="col" key={d.name} fz="xs">{d.label[lang]}</Table.Th>)}
            <Table.Th scope="col">{t('capacity.overall')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.rows.map((r) => (
            <Table.Tr key={r.organisationId}>
              <Table.Th scope="row" fw={400}>
                {link ? <Anchor renderRoot={(props) => <Link to="/organisations/$id/capacity" params={{ id: r.organisationId }} {...props} />}>{lang === 'en' ? r.nameEn : r.nameKa}</Anchor> : lang === 'en' ? r.nameEn : r.nameKa}
                {r.csos !== undefined && <Text size="xs">{t('capacity.portfolio.csos')}: {r.csos}{r.suppressed ? ` — ${t('capacity.portfolio.suppressed', { min: MIN_CELL })}` : ''}</Text>}
              </Table.Th>
              {data.domains.map((d) => <Table.Td key={d.name} style={{ background: cellColour(r.scores[d.name] ?? null) }}>{fmt(r.scores[d.name] ?? null)}</Table.Td>)}
              <Table.Td fw={700} style={{ background: cellColour(r.overall) }}>{fmt(r.overall)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

/** The programme's portfolio: rounds, the CSO × domain heat map, and region averages for everyone. */
export function PortfolioPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const localName = useLocalName();
  const regions = useRegions();
  const municipalities = useMunicipalities();
  const rounds = useQuery(capacityQueries.rounds());
  const organisations = useOrganisationOptions();
  const [addingRound, setAddingRound] = useState(false);
  const [filters, setFilters] = useState<{ roundId?: string; municipalityId?: string; regionId?: string; partnerId?: string }>({});
  const perCso = can(me, 'capacity.read');
  const portfolio = useQuery({ ...capacityQueries.portfolio(filters), enabled: perCso });
  const aggregates = useQuery(capacityQueries.aggregates(filters));
  const set = (key: keyof typeof filters) => (value: string | null) => setFilters((f) => ({ ...f, [key]: value ?? undefined }));
  return (
    <>
      <PageHeader title={t('capacity.title')} actions={can(me, 'capacity.rounds') && !addingRound && <Button size="xs" onClick={() => setAddingRound(true)}>{t('capacity.newRound')}</Button>} />
      <Stack>
        {addingRound && <Paper withBorder p="md"><NewRound onDone={() => setAddingRound(false)} /></Paper>}
        <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
          <Select label={t('capacity.filters.round')} clearable placeholder={t('common.all')} value={filters.roundId ?? null} onChange={set('roundId')}
            data={(rounds.data ?? []).map((r) => ({ value: r.id, label: i18n.language === 'en' ? r.nameEn : r.nameKa }))} />
          <Select label={t('capacity.filters.region')} clearable placeholder={t('common.all')} value={filters.regionId ?? null} onChange={set('regionId')}
            data={(regions.data ?? []).map((r) => ({ value: r.id, label: localName(r) }))} />
          <Select label={t('capacity.filters.municipality')} clearable searchable placeholder={t('common.all')} value={filters.municipalityId ?? null} onChange={set('municipalityId')}
            data={(municipalities.data ?? []).map((m) => ({ value: m.id, label: localName(m) }))} />
          <Select label={t('capacity.filters.partner')} clearable searchable placeholder={t('common.all')} value={filters.partnerId ?? null} onChange={set('partnerId')}
            data={(organisations.data ?? []).filter((o) => o.kind === 'consortium').map((o) => ({ value: o.id, label: localName(o) }))} />
        </SimpleGrid>
        {perCso && (
          <>
            <Group justify="space-between" gap="xs">
              <Title order={2} size="h3">{t('capacity.portfolio.title')}</Title>
              <Group gap="xs"><ExportButtons path="/capacity/portfolio/export" filters={filters} total={portfolio.data?.rows.length} failed={portfolio.isError} /></Group>
            </Group>
            <ProblemAlert error={portfolio.error} onRetry={() => void portfolio.refetch()} />
            {portfolio.data && (portfolio.data.rows.length ? <HeatMap data={portfolio.data} caption={t('capacity.portfolio.title')} name={t('capacity.portfolio.organisation')} link /> : <Text>{t('capacity.portfolio.none')}</Text>)}
          </>
        )}
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h3">{t('capacity.portfolio.aggregates')}</Title>
          <Group gap="xs"><ExportButtons path="/capacity/aggregates/export" filters={filters} total={aggregates.data?.rows.length} failed={aggregates.isError} /></Group>
        </Group>
        <ProblemAlert error={aggregates.error} onRetry={() => void aggregates.refetch()} />
        {aggregates.data && (aggregates.data.rows.length ? (
          <HeatMap
            data={{ domains: aggregates.data.domains, rows: aggregates.data.rows.map((r) => ({ ...r, organisationId: r.id })) }}
            caption={t('capacity.portfolio.aggregates')}
            name={t('capacity.filters.region')}
            link={false}
          />
        ) : <Text>{t('capacity.portfolio.none')}</Text>)}
      </Stack>
    </>
  );
}
