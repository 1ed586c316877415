import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { SortState } from './DataTable';

/** Page, sort, search and filters of a server-side list; changing any filter returns to page 1. */
export function useListState<F extends Record<string, string | undefined>>(initialSort: SortState, initialFilters: F) {
  const [page, setPage] = useState(1);
  const [sort, setSortState] = useState(initialSort);
  const [search, setSearchState] = useState('');
  const [filters, setFiltersState] = useState(initialFilters);
  const [q] = useDebouncedValue(search, 300);
  return {
    page,
    setPage,
    sort,
    setSort: (next: SortState) => {
      setSortState(next);
      setPage(1);
    },
    search,
    setSearch: (next: string) => {
      setSearchState(next);
      setPage(1);
    },
    filters,
    setFilter: <K extends keyof F>(key: K, value: F[K]) => {
      setFiltersState((current) => ({ ...current, [key]: value }));
      setPage(1);
    },
    /** Everything the server needs, for the list query and the export links alike. */
    params: { ...filters, q: q || undefined, sort: sort.sort, dir: sort.dir },
    filtered: q !== '' || Object.values(filters).some(Boolean),
  };
}
