import { Alert, Button, List } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { problemDetail, problemHeadline } from '../api/problem-headline';
import { canRetry, fieldNamer, unshownFieldMessages } from '../api/problem-help';

export interface ProblemAlertProps {
  error: unknown;
  /** Asks again; offered only where that can help (no connection, a timeout, 429, a server fault), never for a refusal that would only repeat. */
  onRetry?: () => void;
  /**
   * The fields whose messages the page already shows beside them (a form's inputs, after
   * useApiForm put the server's errors on them). Their messages are not listed again: the same
   * sentence twice, once without its field, reads as two problems. Every other field message is
   * listed under the headline, since nothing else on the page says it (a filter in the address,
   * a value the form has no input for, a page with no form at all). A form keeps the headline
   * above its fields as before, so the failed save is still announced.
   */
  shownFields?: (field: string) => boolean;
  /**
   * The labels of the fields the request sends, keyed by the path the API names them by
   * (`staff.women`: the label of the form's input for it), for the field messages listed under
   * the headline; a field without one is named by its path.
   */
  fieldLabels?: Record<string, string>;
}

/**
 * Shows a failed request's title and detail in the language shown now (they follow a language
 * switch after the failure), and the field messages shown nowhere else, as
 * an announced alert, scrolled into view when it appears: at the top of a long form, the user is
 * at its save button.
 */
export function ProblemAlert({ error, onRetry, shownFields, fieldLabels }: ProblemAlertProps) {
  const { t } = useTranslation();
  const alert = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) alert.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  if (!error) return null;
  const title = error instanceof ApiError ? problemHeadline(error.problem, t) : t('common.loadFailed');
  const detail = error instanceof ApiError ? problemDetail(error.problem, t) : undefined;
  const nameOf = fieldNamer(fieldLabels, (field) => t('common.fieldNamed', { field }));
  const messages = error instanceof ApiError ? unshownFieldMessages(error.problem, shownFields, nameOf) : [];
  const retry = onRetry && canRetry(error instanceof ApiError ? error.status : undefined) ? onRetry : undefined;
  return (
    <Alert ref={alert} color="red" title={title} role="alert" mb="md">
      {detail}
      {messages.length > 0 && (
        <List size="sm" mt={detail ? 'xs' : 0} style={{ overflowWrap: 'anywhere' }}>
          {messages.map(({ name, message }) => (
            <List.Item key={`${name}\u0000${message}`}>{name ? t('common.fieldMessage', { field: name, message }) : message}</List.Item>
          ))}
        </List>
      )}
      {retry && (
        <Button variant="white" color="red.9" size="xs" mt={detail || messages.length ? 'sm' : 0} onClick={retry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
