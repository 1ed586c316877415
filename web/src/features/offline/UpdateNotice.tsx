/// <reference types="vite-plugin-pwa/react" />
import { Affix, Button, Group, Paper, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRegisterSW } from 'virtual:pwa-register/react';

/**
 * Registers the service worker (vite-plugin-pwa, Workbox). A new version is installed in the
 * background and waits: the user is told and reloads when ready, so a page never runs half old
 * code and half new.
 */
export default function UpdateNotice() {
  const { t } = useTranslation();
  const {
    needRefresh: [needRefresh],
    updateServiceWorker,
  } = useRegisterSW();
  if (!needRefresh) return null;
  return (
    <Affix position={{ bottom: 16, left: 16, right: 16 }}>
      <Paper withBorder shadow="md" p="sm" role="status" maw={480} mx="auto">
        <Group justify="space-between" gap="xs">
          <Text size="sm">{t('offline.updateReady')}</Text>
          <Button size="xs" onClick={() => void updateServiceWorker(true)}>{t('offline.reload')}</Button>
        </Group>
      </Paper>
    </Affix>
  );
}
