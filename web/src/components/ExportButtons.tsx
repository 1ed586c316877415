import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { queryString } from '../api/client';

/** Plain download links: the browser sends the session cookie, the server streams the file. */
export function ExportButtons({ path, filters }: { path: string; filters: Record<string, string | number | undefined> }) {
  const { t } = useTranslation();
  const href = (format: 'csv' | 'xlsx') => `/api/v1${path}${queryString({ ...filters, format })}`;
  return (
    <>
      <Button component="a" href={href('csv')} variant="default" size="xs" download>
        {t('common.exportCsv')}
      </Button>
      <Button component="a" href={href('xlsx')} variant="default" size="xs" download>
        {t('common.exportXlsx')}
      </Button>
    </>
  );
}
