import { notifications } from '@mantine/notifications';
import i18n from '../i18n';

/** A success toast whose close button has a name screen readers can announce. */
export function notify(message: string, color = 'green') {
  notifications.show({ message, color, closeButtonProps: { 'aria-label': i18n.t('common.close') } });
}
