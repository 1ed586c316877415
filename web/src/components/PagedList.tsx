import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../common/schemas/list';
import { DataTable, type Column } from './DataTable';
import { Pager } from './Pager';
import { ProblemAlert } from './ProblemAlert';
import type { useListState } from './useListState';

interface Props<Row> {
  caption: string;
  columns: Column<Row>[];
  query: UseQueryResult<Page<Row>>;
  list: ReturnType<typeof useListState>;
  rowKey: (row: Row) => string;
  /** What to say when there is nothing yet (a filtered empty list says "nothing matches"). */
  emptyText?: string;
}

/** A server-paged list: load error with retry, sortable table, pager. */
export function PagedList<Row>({ caption, columns, query, list, rowKey, emptyText }: Props<Row>) {
  const { t } = useTranslation();
  return (
    <>
      <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
      <DataTable
        caption={caption}
        columns={columns}
        rows={query.data?.items}
        rowKey={rowKey}
        loading={query.isFetching}
        sort={list.sort}
        onSort={list.setSort}
        emptyText={list.filtered ? t('common.noResults') : (emptyText ?? t('common.empty'))}
      />
      {query.data && <Pager page={list.page} data={query.data} onPage={list.goTo} />}
    </>
  );
}
