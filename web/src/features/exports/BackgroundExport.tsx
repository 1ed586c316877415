import { Anchor, Button, Menu } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { ExportRequest } from '../../../../common/schemas/exports';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useRequestExport } from './api';

type Format = 'csv' | 'xlsx';

/**
 * "In the background": for exports too big to wait for in the browser. The server prepares the
 * file (any app server's worker) and it appears in My exports; a link there follows the request.
 * With `formats`, a menu offers each; otherwise the request already names its format.
 */
export function BackgroundExport({ request, formats, size = 'xs' }: { request: (format?: Format) => ExportRequest; formats?: Format[]; size?: string }) {
  const { t } = useTranslation();
  const ask = useRequestExport();
  const send = (format?: Format) => ask.mutate(request(format));
  const label = t('exports.background.inBackground');
  return (
    <>
      {formats ? (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button variant="default" size={size} loading={ask.isPending} title={t('exports.background.inBackgroundHint')}>
              {label}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {formats.map((format) => (
              <Menu.Item key={format} onClick={() => send(format)}>
                {format.toUpperCase()}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      ) : (
        <Button variant="default" size={size} loading={ask.isPending} title={t('exports.background.inBackgroundHint')} onClick={() => send()}>
          {label}
        </Button>
      )}
      {ask.isSuccess && (
        <Anchor component={Link} to="/exports" size="sm">
          {t('exports.background.open')}
        </Anchor>
      )}
      {ask.error && <ProblemAlert error={ask.error} />}
    </>
  );
}
