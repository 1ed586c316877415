import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import i18n from '../i18n';

/** Asks before something is deleted for good: the action's name as title and confirm button (red), the consequence as text. */
export function confirmDiscard({ action, consequence, onConfirm }: { action: string; consequence: string; onConfirm: () => void }) {
  modals.openConfirmModal({
    title: action,
    children: <Text size="sm">{consequence}</Text>,
    labels: { confirm: action, cancel: i18n.t('common.cancel') },
    confirmProps: { color: 'red' },
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
    onConfirm,
  });
}
