import { Alert, Button } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { problemHeadline } from '../api/problem-headline';

/**
 * Shows a failed request's translated title (and detail) as an announced alert, scrolled into
 * view when it appears: at the top of a long form, the user is at its save button.
 */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const alert = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) alert.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  if (!error) return null;
  const title = error instanceof ApiError ? problemHeadline(error.problem, t) : t('common.loadFailed');
  const detail = error instanceof ApiError ? error.problem.detail : undefined;
  return (
    <Alert ref={alert} color="red" title={title} role="alert" mb="md">
      {detail}
      {onRetry && (
        <Button variant="light" color="red" size="xs" mt={detail ? 'sm' : 0} onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
