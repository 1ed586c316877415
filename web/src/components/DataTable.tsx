import { Center, Group, Loader, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<Row> {
  key: string;
  header: string;
  render: (row: Row) => ReactNode;
  /** The server's sort key, when the column can be sorted. */
  sortKey?: string;
}

export interface SortState {
  sort: string;
  dir: 'asc' | 'desc';
}

interface Props<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[] | undefined;
  rowKey: (row: Row) => string;
  loading?: boolean;
  sort?: SortState;
  onSort?: (sort: SortState) => void;
  /** Shown when there are no rows: different for "nothing yet" and "nothing matches". */
  emptyText: string;
}

/** A sortable, accessible table: caption, scope'd headers, aria-sort, keyboard-operable sort buttons. */
export function DataTable<Row>({ caption, columns, rows, rowKey, loading, sort, onSort, emptyText }: Props<Row>) {
  const { t } = useTranslation();
  const ariaSort = (column: Column<Row>) =>
    column.sortKey && sort?.sort === column.sortKey ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  const toggle = (sortKey: string) =>
    onSort?.({ sort: sortKey, dir: sort?.sort === sortKey && sort.dir === 'asc' ? 'desc' : 'asc' });

  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-busy={loading}>
        <caption>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.key} scope="col" aria-sort={ariaSort(column)}>
                {column.sortKey && onSort ? (
                  <UnstyledButton onClick={() => toggle(column.sortKey!)} fw={700} fz="sm" aria-label={t('common.sortBy', { column: column.header })}>
                    <Group gap={4} wrap="nowrap">
                      {column.header}
                      <span aria-hidden="true">{ariaSort(column) === 'ascending' ? '▲' : ariaSort(column) === 'descending' ? '▼' : '↕'}</span>
                    </Group>
                  </UnstyledButton>
                ) : (
                  column.header
                )}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {loading && !rows ? (
            <Table.Tr>
              <Table.Td colSpan={columns.length}>
                <Center p="md">
                  <Loader size="sm" aria-label={t('app.loading')} />
                </Center>
              </Table.Td>
            </Table.Tr>
          ) : rows && rows.length > 0 ? (
            rows.map((row) => (
              <Table.Tr key={rowKey(row)}>
                {columns.map((column) => (
                  <Table.Td key={column.key}>{column.render(row)}</Table.Td>
                ))}
              </Table.Tr>
            ))
          ) : null}
        </Table.Tbody>
      </Table>
      {/* Outside the scrolling table, so a phone shows the whole sentence. */}
      {rows && rows.length === 0 && (
        <Text c="dimmed" ta="center" p="md" role="status" pos="sticky" left={0} w="min(100%, 100vw - 32px)">
          {emptyText}
        </Text>
      )}
    </Table.ScrollContainer>
  );
}
