import { useDebouncedValue } from '@mantine/hooks';
import type { SortState } from './DataTable';
import { useEntryState } from './useEntryState';

/**
 * Page, sort, search and filters of a server-side list; changing any of them returns to page 1.
 * Pages after the first are asked for by the cursor the previous page returned (`after`), so the
 * server reads them along an index instead of skipping rows with OFFSET; the cursors of the pages
 * seen are kept so that "previous" goes back exactly. All of it is kept for the history entry
 * (`useEntryState`): Back from a record returns to the list as it was left. `name` tells apart
 * the lists of one page.
 */
export function useListState<F extends Record<string, string | undefined>>(name: string, initialSort: SortState, initialFilters: F) {
  const [position, setPosition] = useEntryState<{ page: number; cursors: (string | null)[] }>(`${name}.position`, { page: 1, cursors: [null] });
  const [sort, setSortState] = useEntryState(`${name}.sort`, initialSort);
  const [search, setSearchState] = useEntryState(`${name}.search`, '');
  const [filters, setFiltersState] = useEntryState(`${name}.filters`, initialFilters);
  const [q] = useDebouncedValue(search, 300);
  const restart = () => setPosition({ page: 1, cursors: [null] });
  return {
    page: position.page,
    /** `next` is the cursor the current page returned, needed to go forward. */
    goTo: (page: number, next?: string | null) =>
      setPosition((current) => {
        const cursors = [...current.cursors];
        if (page === current.page + 1 && next) cursors[page - 1] = next;
        return page >= 1 && page <= cursors.length ? { page, cursors } : current;
      }),
    /** The paging part of the list query (not of export links, which take everything). */
    pageParams: { page: position.page, after: position.cursors[position.page - 1] ?? undefined },
    sort,
    setSort: (next: SortState) => {
      setSortState(next);
      restart();
    },
    search,
    setSearch: (next: string) => {
      setSearchState(next);
      restart();
    },
    filters,
    setFilter: <K extends keyof F>(key: K, value: F[K]) => {
      setFiltersState((current) => ({ ...current, [key]: value }));
      restart();
    },
    /** Everything the server needs, for the list query and the export links alike. */
    params: { ...filters, q: q || undefined, sort: sort.sort, dir: sort.dir },
    filtered: q !== '' || Object.values(filters).some(Boolean),
  };
}
