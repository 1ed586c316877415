import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { problemHeadline } from '../api/problem-headline';

/** Shows a failed request's translated title (and detail) as an announced alert. */
export function ProblemAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const title = error instanceof ApiError ? problemHeadline(error.problem, t) : t('common.loadFailed');
  const detail = error instanceof ApiError ? error.problem.detail : undefined;
  return (
    <Alert color="red" title={title} role="alert" mb="md">
      {detail}
      {onRetry && (
        <Button variant="light" color="red" size="xs" mt={detail ? 'sm' : 0} onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
