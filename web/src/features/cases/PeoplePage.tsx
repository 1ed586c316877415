import { Anchor, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../../../../common/schemas/cases';
import { queryString } from '../../api/client';
import type { Column } from '../../components/DataTable';
import { ExportButtons, NothingToExport, StreamedDownload, exportHold } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { PagedList } from '../../components/PagedList';
import { useEntryState } from '../../components/useEntryState';
import { useListState } from '../../components/useListState';
import { caseQueries } from './api';
import { useBirthText, usePersonOptions } from './PersonFields';
import { RegisterPerson } from './RegisterPerson';

/**
 * Search before create: the list and the registration form open only after a search, with the
 * matches it found, or once the user asks for everyone (a search with nothing typed does too): a
 * manager's whole list, and its export.
 */
export function PeoplePage() {
  const { t } = useTranslation();
  const list = useListState('people', { sort: 'surname', dir: 'asc' }, { targetGroup: undefined as string | undefined });
  // The list shows only after a search is submitted: the submitted text is the list's (kept on
  // Back), what is being typed is the field's own.
  const searched = list.search;
  const [everyone, setEveryone] = useEntryState('people.everyone', false);
  const [q, setQ] = useState(searched);
  const listed = !!searched || everyone;
  const showEveryone = () => {
    setQ('');
    setEveryone(true);
    list.setSearch('');
  };
  const filters = { q: searched || undefined, targetGroup: list.filters.targetGroup, sort: list.sort.sort, dir: list.sort.dir };
  const people = useQuery(caseQueries.list({ ...filters, ...list.pageParams, pageSize: 25 }, listed));
  const hold = exportHold(people.data?.total, people.isError);
  const birthText = useBirthText();
  const { targetGroups } = usePersonOptions();
  const columns: Column<PersonSummary>[] = [
    {
      key: 'name',
      header: t('cases.fields.surname'),
      sortKey: 'surname',
      card: 'title',
      render: (p) => <Anchor renderRoot={(props) => <Link to="/people/$id" params={{ id: p.id }} {...props} />}>{`${p.givenName ?? ''} ${p.surname ?? ''}`}</Anchor>,
    },
    { key: 'latin', header: t('cases.fields.latinName'), render: (p) => p.latinName ?? '' },
    { key: 'birth', header: t('cases.fields.birthDate'), render: birthText },
    { key: 'band', header: t('cases.fields.ageBand'), card: 'hide', render: (p) => p.ageBand ?? '' },
  ];
  return (
    <>
      <PageHeader title={t('cases.people.title')} />
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (!q.trim()) return showEveryone();
          setEveryone(false);
          list.setSearch(q.trim());
        }}
      >
        <Group align="end">
          <TextInput style={{ flex: 1, minWidth: 200 }} type="search" label={t('cases.people.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
          <Button type="submit">{t('common.search')}</Button>
          <Button variant="default" onClick={showEveryone}>
            {t('cases.people.showEveryone')}
          </Button>
        </Group>
      </form>
      {listed ? (
        <Stack mt="md">
          <Group align="end" gap="xs">
            <Select
              label={t('cases.people.filterTargetGroup')}
              clearable
              placeholder={t('cases.people.all')}
              data={targetGroups}
              value={list.filters.targetGroup ?? null}
              onChange={(value) => list.setFilter('targetGroup', value ?? undefined)}
            />
            {hold ? (
              <NothingToExport labels={[t('common.exportCsv'), t('common.exportXlsx'), t('cases.people.exportDeidentified')]} reason={hold} />
            ) : (
              <>
                <ExportButtons path="/people/export" filters={{ q: filters.q, targetGroup: filters.targetGroup }} total={people.data?.total} failed={people.isError} />
                <StreamedDownload href={`/api/v1/people/export${queryString({ q: filters.q, targetGroup: filters.targetGroup, format: 'csv', deidentified: 'true' })}`}>{t('cases.people.exportDeidentified')}</StreamedDownload>
              </>
            )}
          </Group>
          <PagedList caption={t('cases.people.list')} columns={columns} query={people} list={list} rowKey={(p) => p.id} emptyText={t('cases.people.noMatches')} />
          <RegisterPerson />
        </Stack>
      ) : (
        <Text mt="md" c="dimmed">{t('cases.people.searchFirst')}</Text>
      )}
    </>
  );
}
