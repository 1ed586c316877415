import { Anchor, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link, Navigate, useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { passwordResetByEmail, useMe } from '../../api/session';
import { useLogin } from './api';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ProblemAlert } from '../../components/ProblemAlert';
import { PasswordField } from '../../components/PasswordField';

export function LoginPage() {
  const { t } = useTranslation();
  const login = useLogin();
  const { data: me } = useMe(); // also re-renders once the server said whether it can email reset links
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() ? null : t('validation.required')),
      password: (v) => (v ? null : t('validation.required')),
    },
  });
  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  const submit = form.onSubmit((values) =>
    login.mutate(values, {
      onSuccess: (me) => void navigate({ to: me.user.mustChangePassword ? '/profile' : '/' }),
      onError: () => form.setFieldValue('password', ''),
    }),
  );

  // Already signed in (Back to this page after signing in): the sign-in form is not for them.
  if (me) return <Navigate to="/" replace />;
  return (
    <Center mih="100vh" p="md" component="main" id="main">
      <Paper withBorder shadow="sm" p="lg" radius="md" w="100%" maw={420}>
        <Stack>
          <Stack gap={4}>
            <Title order={1} size="h2">
              {t('login.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {t('app.tagline')}
            </Text>
          </Stack>
          <ProblemAlert error={login.error} />
          <form onSubmit={submit} noValidate>
            <Stack>
              <TextInput label={t('login.email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
              <PasswordField label={t('login.password')} autoComplete="current-password" required {...form.getInputProps('password')} />
              <Button type="submit" loading={login.isPending}>
                {t('login.submit')}
              </Button>
              {passwordResetByEmail() && (
                <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
                  {t('forgot.link')}
                </Anchor>
              )}
            </Stack>
          </form>
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
