import { ActionIcon, Center, Group, Loader, Paper, Select, SimpleGrid, Stack, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePhone } from './usePhone';

export interface Column<Row> {
  key: string;
  header: string;
  render: (row: Row) => ReactNode;
  /** The server's sort key, when the column can be sorted. */
  sortKey?: string;
  /**
   * On a phone, rows are cards: `title` heads the card (default: the first column), `hide` leaves
   * the column out (details a phone user does not need in the list); others show as label: value.
   */
  card?: 'title' | 'hide';
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

/** Below Mantine's `sm` breakpoint rows become cards: no sideways scrolling on a phone. */

/**
 * A sortable, accessible list. On wider screens a table (caption, scope'd headers, aria-sort,
 * keyboard-operable sort buttons); on a phone a list of cards with a sort select instead.
 */
export function DataTable<Row>(props: Props<Row>) {
  return usePhone() ? <CardList {...props} /> : <WideTable {...props} />;
}

function EmptyText({ text, sticky }: { text: string; sticky?: boolean }) {
  return (
    <Text c="dimmed" ta="center" p="md" role="status" {...(sticky ? { pos: 'sticky' as const, left: 0, w: 'min(100%, 100vw - 32px)' } : {})}>
      {text}
    </Text>
  );
}

function CardList<Row>({ caption, columns, rows, rowKey, loading, sort, onSort, emptyText }: Props<Row>) {
  const { t } = useTranslation();
  const titleColumn = columns.find((c) => c.card === 'title') ?? columns[0];
  const fields = columns.filter((c) => c !== titleColumn && c.card !== 'hide');
  const sortable = columns.filter((c) => c.sortKey);
  return (
    <Stack gap="xs" aria-busy={loading}>
      {onSort && sortable.length > 0 && (
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <Select
            label={t('common.sortLabel')}
            size="sm"
            style={{ flex: 1 }}
            allowDeselect={false}
            value={sort?.sort ?? null}
            onChange={(value) => value && onSort({ sort: value, dir: sort?.dir ?? 'asc' })}
            data={sortable.map((c) => ({ value: c.sortKey!, label: c.header }))}
          />
          <ActionIcon
            size="input-sm"
            variant="default"
            disabled={!sort}
            onClick={() => sort && onSort({ sort: sort.sort, dir: sort.dir === 'asc' ? 'desc' : 'asc' })}
            aria-label={sort?.dir === 'desc' ? t('common.descending') : t('common.ascending')}
            title={sort?.dir === 'desc' ? t('common.descending') : t('common.ascending')}
          >
            <span aria-hidden="true">{sort?.dir === 'desc' ? '▼' : '▲'}</span>
          </ActionIcon>
        </Group>
      )}
      {loading && !rows ? (
        <Center p="md">
          <Loader size="sm" role="progressbar" aria-label={t('app.loading')} />
        </Center>
      ) : rows && rows.length > 0 ? (
        <Stack component="ul" gap="xs" aria-label={caption} p={0} m={0} style={{ listStyle: 'none' }} data-testid="card-list">
          {rows.map((row) => (
            <Paper component="li" key={rowKey(row)} withBorder p="sm" radius="md">
              {titleColumn && (
                <Text fw={700} mb={fields.length ? 6 : 0} style={{ overflowWrap: 'anywhere' }}>
                  {titleColumn.render(row)}
                </Text>
              )}
              {fields.length > 0 && (
                <SimpleGrid component="dl" cols={2} spacing="xs" verticalSpacing={4} m={0}>
                  {fields.map((column) => (
                    <Stack key={column.key} gap={0} style={{ minWidth: 0 }}>
                      <Text component="dt" size="xs" c="dimmed">
                        {column.header}
                      </Text>
                      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
                        {column.render(row)}
                      </Text>
                    </Stack>
                  ))}
                </SimpleGrid>
              )}
            </Paper>
          ))}
        </Stack>
      ) : null}
      {rows && rows.length === 0 && <EmptyText text={emptyText} />}
    </Stack>
  );
}

function WideTable<Row>({ caption, columns, rows, rowKey, loading, sort, onSort, emptyText }: Props<Row>) {
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
                  <Loader size="sm" role="progressbar" aria-label={t('app.loading')} />
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
      {rows && rows.length === 0 && <EmptyText text={emptyText} sticky />}
    </Table.ScrollContainer>
  );
}
