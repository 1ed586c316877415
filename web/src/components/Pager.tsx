import { Button, Group, Text } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../common/numbers';
import type { Page } from '../../../common/schemas/list';

/**
 * Previous / next over a server-paged list. A total beyond the server's cap is shown as "more
 * than N" (the server stops counting there, so a page of a huge list stays fast).
 */
export function Pager({ page, data, onPage }: { page: number; data: Page<unknown>; onPage: (page: number, next: string | null) => void }) {
  const { t, i18n } = useTranslation();
  const count = (n: number) => formatNumber(n, i18n.language, { digits: 0 });
  const pager = useRef<HTMLDivElement>(null);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const go = (to: number, next: string | null) => {
    onPage(to, next);
    // The pager sits at the list's foot: bring the list's start back into view (below the app's
    // fixed header), so the next page is read from its first row, not from the pager again.
    const list = pager.current?.previousElementSibling;
    const top = list?.getBoundingClientRect().top;
    const header = document.querySelector('header')?.getBoundingClientRect().bottom ?? 0;
    if (top !== undefined && top < header) window.scrollTo({ top: window.scrollY + top - header - 8 });
    // The focus goes with the eyes, to the list: Tab goes on from its first row, and the focus is not
    // left on a button out of view (or lost to <body> when "next" turns disabled on the last page).
    if (list instanceof HTMLElement) {
      if (!list.hasAttribute('tabindex')) list.tabIndex = -1;
      list.focus({ preventScroll: true });
    }
  };
  return (
    <Group ref={pager} justify="space-between" mt="sm" wrap="wrap" gap="xs">
      <Text size="sm" c="dimmed" aria-live="polite">
        {data.totalCapped ? t('common.totalMore', { total: count(data.total) }) : t('common.total', { total: count(data.total) })} ·{' '}
        {data.totalCapped ? t('common.pageN', { page: count(page) }) : t('common.pageOf', { page: count(page), pages: count(pages) })}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={page <= 1} onClick={() => go(page - 1, null)}>
          {t('common.previous')}
        </Button>
        <Button variant="default" size="xs" disabled={!data.next} onClick={() => go(page + 1, data.next)}>
          {t('common.next')}
        </Button>
      </Group>
    </Group>
  );
}
