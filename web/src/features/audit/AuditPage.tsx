import { Code, Group, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { catalogues } from '../../../../common/i18n/translate';
import type { Column } from '../../components/DataTable';
import { PagedList } from '../../components/PagedList';
import { ExportButtons } from '../../components/ExportButtons';
import { PageHeader } from '../../components/PageHeader';
import { useListState } from '../../components/useListState';
import { auditQueries, type AuditEntry } from './api';
import { DateField } from '../../components/DateField';
import { formatDateTime } from '../../components/dates';

const PAGE_SIZE = 50;
// The catalogue is the list of what the audit log records (a test keeps it complete).
const ACTIONS = Object.keys(catalogues.en.audit.actions);
const ENTITY_TYPES = Object.keys(catalogues.en.audit.entities);

function Changes({ changes }: { changes: AuditEntry['changes'] }) {
  if (!changes || Object.keys(changes).length === 0) return <>—</>;
  return (
    <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxWidth: 360 }}>
      {Object.entries(changes)
        .map(([field, { from, to }]) => `${field}: ${JSON.stringify(from ?? null)} → ${JSON.stringify(to ?? null)}`)
        .join('\n')}
    </Code>
  );
}

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const list = useListState(
    'audit',
    { sort: 'at', dir: 'desc' },
    { action: undefined as string | undefined, entityType: undefined as string | undefined, from: undefined as string | undefined, to: undefined as string | undefined },
  );
  const query = useQuery(auditQueries.list({ ...list.params, ...list.pageParams, pageSize: PAGE_SIZE }));
  const columns: Column<AuditEntry>[] = [
    { key: 'at', header: t('audit.at'), sortKey: 'at', render: (e) => formatDateTime(e.at, i18n.language) },
    { key: 'actor', header: t('audit.actor'), render: (e) => e.actorEmail ?? '—' },
    { key: 'action', header: t('audit.action'), render: (e) => t(`audit.actions.${e.action}`, { defaultValue: e.action }) },
    { key: 'entity', header: t('audit.entityType'), render: (e) => `${t(`audit.entities.${e.entityType}`, { defaultValue: e.entityType })}${e.entityId ? ` · ${e.entityId.slice(0, 8)}` : ''}` },
    { key: 'ip', header: t('audit.ip'), card: 'hide', render: (e) => e.ip ?? '—' },
    { key: 'changes', header: t('audit.changes'), render: (e) => <Changes changes={e.changes} /> },
  ];
  return (
    <>
      <PageHeader title={t('audit.title')} actions={<ExportButtons path="/audit/export" filters={list.params} />} />
      <Group mb="sm" gap="sm" align="flex-end" wrap="wrap">
        <TextInput label={t('common.search')} type="search" value={list.search} onChange={(e) => list.setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 200 }} />
        <Select label={t('audit.action')} clearable searchable placeholder={t('common.all')} data={ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))} value={list.filters.action ?? null} onChange={(v) => list.setFilter('action', v ?? undefined)} w={{ base: '100%', xs: 180 }} />
        <Select label={t('audit.entityType')} clearable placeholder={t('common.all')} data={ENTITY_TYPES.map((e) => ({ value: e, label: t(`audit.entities.${e}`) }))} value={list.filters.entityType ?? null} onChange={(v) => list.setFilter('entityType', v ?? undefined)} w={{ base: '100%', xs: 180 }} />
        <DateField label={t('audit.from')} value={list.filters.from} onChange={(v) => list.setFilter('from', v || undefined)} w={{ base: '100%', xs: 160 }} />
        <DateField label={t('audit.to')} value={list.filters.to} onChange={(v) => list.setFilter('to', v || undefined)} w={{ base: '100%', xs: 160 }} />
      </Group>
      <PagedList caption={t('audit.title')} columns={columns} query={query} list={list} rowKey={(e) => String(e.id)} />
    </>
  );
}
