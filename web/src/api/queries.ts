import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { Page } from '../../../common/schemas/list';
import { api, queryString } from './client';

/** Page, sort, search and filters of a list, as the list endpoints take them. */
export type ListParams = Record<string, string | number | undefined>;

/** One page of a server-side list; the previous page stays shown while the next one loads. */
export function pageQuery<T>(key: readonly unknown[], path: string, params: ListParams) {
  return queryOptions({
    queryKey: [...key, params] as const,
    queryFn: () => api<Page<T>>('GET', `${path}${queryString(params)}`),
    placeholderData: keepPreviousData,
  });
}

/**
 * Every item of a list, page by page along the `next` cursors: for pickers that must offer
 * everything the user may see (never the first page only).
 */
export async function allItems<T>(path: string, params: ListParams = {}): Promise<T[]> {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await api<Page<T>>('GET', `${path}${queryString({ ...params, pageSize: 200, after })}`);
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return items;
}
