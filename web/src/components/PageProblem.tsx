import { Anchor, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { PageHeader } from './PageHeader';
import { ProblemAlert } from './ProblemAlert';

/** "Page not found", with a way on: for an unknown address and for a record that is not there. */
export function NotFoundContent() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <Text>{t('notFound.body')}</Text>
      <Anchor component={Link} to="/">
        {t('notFound.home')}
      </Anchor>
    </>
  );
}

/**
 * A page whose record could not be read. One that is not there, or not within the reader's reach
 * (the server answers both with the same 404), is the "page not found" page, not a bare alert
 * with no heading and no way on; any other problem is its alert.
 */
export function PageProblem({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (error instanceof ApiError && error.status === 404) return <NotFoundContent />;
  return <ProblemAlert error={error} onRetry={onRetry} />;
}
