import { Anchor, Badge, Button, Group, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_KINDS } from '../../../../common/roles';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import type { Column } from '../../components/DataTable';
import { PagedList } from '../../components/PagedList';
import { ExportButtons } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { useListState } from '../../components/useListState';
import { useMunicipalities } from '../places/api';
import { organisationQueries, type Organisation } from './api';

const PAGE_SIZE = 25;

export function OrganisationsPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const localName = useLocalName();
  const municipalities = useMunicipalities();
  const list = useListState('organisations', { sort: 'name', dir: 'asc' }, { kind: undefined as string | undefined, municipalityId: undefined as string | undefined });
  const query = useQuery(organisationQueries.list({ ...list.params, ...list.pageParams, pageSize: PAGE_SIZE }));

  const columns: Column<Organisation>[] = [
    {
      key: 'name',
      header: t('organisations.name'),
      sortKey: 'name',
      render: (o) => (
        <Anchor renderRoot={(props) => <Link to="/organisations/$id" params={{ id: o.id }} {...props} />}>{localName(o)}</Anchor>
      ),
    },
    { key: 'kind', header: t('organisations.kind'), sortKey: 'kind', render: (o) => <Badge variant="light">{t(`kinds.${o.kind}`)}</Badge> },
    {
      key: 'municipalities',
      header: t('organisations.municipalities'),
      render: (o) =>
        o.municipalityIds.length > 3
          ? `${o.municipalityIds.length}`
          : o.municipalityIds.map((id) => localName(municipalities.data?.find((m) => m.id === id))).join(', '),
    },
    { key: 'status', header: t('common.status'), render: (o) => (o.active ? t('common.active') : t('common.inactive')) },
  ];

  return (
    <>
      <PageHeader
        title={t('organisations.title')}
        actions={
          <>
            <ExportButtons path="/organisations/export" filters={list.params} total={query.data?.total} failed={query.isError} />
            {can(me, 'organisations.create') && (
              <Button component={Link} to="/organisations/new" size="xs">
                {t('organisations.new')}
              </Button>
            )}
          </>
        }
      />
      <Group mb="sm" gap="sm" align="flex-end" wrap="wrap">
        <TextInput label={t('common.search')} type="search" value={list.search} onChange={(e) => list.setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 240 }} />
        <Select
          label={t('organisations.filterKind')}
          clearable
          value={list.filters.kind ?? null}
          onChange={(v) => list.setFilter('kind', v ?? undefined)}
          data={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
          placeholder={t('common.all')}
          w={{ base: '100%', xs: 200 }}
        />
        <Select
          label={t('organisations.filterMunicipality')}
          clearable
          searchable
          value={list.filters.municipalityId ?? null}
          onChange={(v) => list.setFilter('municipalityId', v ?? undefined)}
          data={(municipalities.data ?? []).map((m) => ({ value: m.id, label: localName(m) }))}
          placeholder={t('common.all')}
          w={{ base: '100%', xs: 200 }}
        />
      </Group>
      <PagedList caption={t('organisations.title')} columns={columns} query={query} list={list} rowKey={(o) => o.id} />
    </>
  );
}
