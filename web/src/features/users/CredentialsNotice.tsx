import { Alert, Code, CopyButton, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { Credentials } from './api';

/** Shows the one-time link or temporary password once, for the admin to hand over. */
export function CredentialsNotice({ credentials }: { credentials: Credentials }) {
  const { t } = useTranslation();
  if (credentials.emailedTo) {
    return (
      <Alert color="green" role="status">
        <Text size="sm" data-testid="credential-emailed">{t('users.linkEmailed', { email: credentials.emailedTo })}</Text>
      </Alert>
    );
  }
  const value = credentials.setPasswordPath ? `${window.location.origin}${credentials.setPasswordPath}` : (credentials.temporaryPassword ?? '');
  return (
    <Alert color="blue" role="status">
      <Stack gap="xs">
        {credentials.emailFailed && <Text size="sm" c="red.8">{t('users.emailFailed')}</Text>}
        <Text size="sm">{credentials.setPasswordPath ? t('users.linkCreated') : t('users.temporaryCreated')}</Text>
        <Code block style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }} data-testid="credential">
          {value}
        </Code>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button size="xs" variant="light" onClick={copy}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Stack>
    </Alert>
  );
}
