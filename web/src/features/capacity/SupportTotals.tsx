import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { formatMoney } from '../../../../common/numbers';
import type { supportTotals } from '../../../../common/schemas/capacity';
import { ScrollRegion } from './ScrollRegion';

/** Material support given to a CSO, totalled per category and currency (the hub's panel and the printable report). */
export function SupportTotalsTable({ totals }: { totals: z.infer<typeof supportTotals> }) {
  const { t, i18n } = useTranslation();
  // On a phone the totals scroll on their own instead of widening the page.
  return (
    <ScrollRegion>
      <Table maw={520}>
        <caption>{t('capacity.support.totals')}</caption>
        <Table.Thead>
          <Table.Tr><Table.Th scope="col">{t('capacity.support.category')}</Table.Th><Table.Th scope="col">{t('capacity.support.value')}</Table.Th><Table.Th scope="col">{t('capacity.support.count')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {totals.map((s) => (
            <Table.Tr key={`${s.category}-${s.currency}`}><Table.Th scope="row" fw={400}>{t(`capacity.categories.${s.category}`)}</Table.Th><Table.Td>{formatMoney(s.total, s.currency, i18n.language)}</Table.Td><Table.Td>{s.count}</Table.Td></Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
