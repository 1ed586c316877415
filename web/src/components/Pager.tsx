import { Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Page } from '../../../common/schemas/list';

/**
 * Previous / next over a server-paged list. A total beyond the server's cap is shown as "more
 * than N" (the server stops counting there, so a page of a huge list stays fast).
 */
export function Pager({ page, data, onPage }: { page: number; data: Page<unknown>; onPage: (page: number, next: string | null) => void }) {
  const { t } = useTranslation();
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  return (
    <Group justify="space-between" mt="sm" wrap="wrap" gap="xs">
      <Text size="sm" c="dimmed" aria-live="polite">
        {data.totalCapped ? t('common.totalMore', { count: data.total }) : t('common.total', { count: data.total })} ·{' '}
        {data.totalCapped ? t('common.pageN', { page }) : t('common.pageOf', { page, pages })}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={page <= 1} onClick={() => onPage(page - 1, null)}>
          {t('common.previous')}
        </Button>
        <Button variant="default" size="xs" disabled={!data.next} onClick={() => onPage(page + 1, data.next)}>
          {t('common.next')}
        </Button>
      </Group>
    </Group>
  );
}
