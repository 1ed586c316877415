import { Code, Group, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { changeLines } from '../../../../common/audit-changes';
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

/** What changed, or what a list read was filtered by ("Search: x"), in the reader's language (as the export writes it). */
function Changes({ entry }: { entry: AuditEntry }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  // A filter's ids read as names where the server gave one (records the reader may open).
  const lines = changeLines(entry.changes, entry.entityType, (key) => (i18n.exists(key) ? t(key) : undefined), (id) => entry.names?.[id]?.[lang]);
  if (lines.length === 0) return <>—</>;
  return (
    <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxWidth: 360 }}>
      {lines.join('\n')}
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
    { key: 'changes', header: t('audit.changes'), render: (e) => <Changes entry={e} /> },
  ];
  return (
    <>
      <PageHeader title={t('audit.title')} actions={<ExportButtons path="/audit/export" filters={list.params} total={query.data?.total} failed={query.isError} />} />
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
