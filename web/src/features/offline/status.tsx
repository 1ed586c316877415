import { Alert, Anchor } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

// Part of the first screen: no database code here (that loads with the offline pages).

function subscribe(onChange: () => void) {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/** Badge colours of the outbox states (white text on each keeps WCAG AA contrast). */
export const OUTBOX_COLOUR = { draft: 'gray.8', waiting: 'blue.9', sending: 'blue.9', sent: 'teal.9', failed: 'red.9', conflict: '#b03c00' } as const;

/** Whether the browser has a connection, updated as it comes and goes. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, () => navigator.onLine, () => true);
}

/** Says the app is offline and what works then: for those who fill in forms, the forms kept on the device. */
export function OfflineBanner({ fills }: { fills: boolean }) {
  const { t } = useTranslation();
  const online = useOnline();
  if (online) return null;
  return (
    <Alert color="yellow" title={t('offline.noConnection')} role="status" mb="md">
      {fills ? t('offline.banner') : t('offline.bannerNoForms')}
      {fills && (
        <>
          {' '}
          <Anchor component={Link} to="/offline">{t('offline.nav')}</Anchor>
        </>
      )}
    </Alert>
  );
}
