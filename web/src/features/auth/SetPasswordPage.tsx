import { Alert, Anchor, Button, Center, Paper, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH } from '../../../../common/password-rules';
import { ApiError } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useSetPassword } from './api';
import { PasswordField } from '../../components/PasswordField';

export function SetPasswordPage() {
  const { t } = useTranslation();
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const setPassword = useSetPassword();
  const form = useForm({
    initialValues: { password: '', repeat: '' },
    validate: {
      password: (v) => (v.length >= MIN_PASSWORD_LENGTH ? null : t('validation.tooShort', { min: MIN_PASSWORD_LENGTH })),
      repeat: (v, values) => (v === values.password ? null : t('validation.passwordsDiffer')),
    },
  });
  // Any problem with the token (cut short, expired, used) is the link's, whatever the server's words.
  const tokenError = setPassword.error instanceof ApiError && setPassword.error.fieldErrors().token ? t('validation.tokenInvalid') : undefined;

  return (
    <Center mih="100vh" p="md" component="main" id="main">
      <Paper withBorder p="lg" radius="md" w="100%" maw={420}>
        <Stack>
          <Title order={1} size="h2">
            {t('setPassword.title')}
          </Title>
          {!token && <Alert color="red" role="alert">{t('setPassword.missingToken')}</Alert>}
          {tokenError ? <Alert color="red" role="alert">{tokenError}</Alert> : <ProblemAlert error={setPassword.error} />}
          {setPassword.isSuccess ? (
            <Alert color="green" role="status">
              {t('setPassword.done')}{' '}
              <Anchor component={Link} to="/login">
                {t('login.submit')}
              </Anchor>
            </Alert>
          ) : (
            <form onSubmit={form.onSubmit((v) => setPassword.mutate({ token, password: v.password }))} noValidate>
              <Stack>
                <PasswordField label={t('profile.newPassword')} description={t('profile.passwordHint')} autoComplete="new-password" required {...form.getInputProps('password')} />
                <PasswordField label={t('profile.repeatPassword')} autoComplete="new-password" required {...form.getInputProps('repeat')} />
                <Button type="submit" disabled={!token} loading={setPassword.isPending}>
                  {t('setPassword.submit')}
                </Button>
              </Stack>
            </form>
          )}
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
