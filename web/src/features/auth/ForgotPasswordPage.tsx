import { Alert, Anchor, Button, Center, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useForgotPassword } from './api';

/** Asks for a reset link by email; the answer is the same whether an account uses the email or not. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const request = useForgotPassword();
  const form = useForm({
    initialValues: { email: '' },
    validate: { email: (v) => (v.trim() ? null : t('validation.required')) },
  });
  useEffect(() => {
    document.title = `${t('forgot.title')} · ${t('app.name')}`;
  }, [t]);

  return (
    <Center mih="100vh" p="md" component="main" id="main">
      <Paper withBorder shadow="sm" p="lg" radius="md" w="100%" maw={420}>
        <Stack>
          <Title order={1} size="h2">
            {t('forgot.title')}
          </Title>
          {request.isSuccess ? (
            <Alert color="green" role="status">
              {t('forgot.sent')}
            </Alert>
          ) : (
            <>
              <Text size="sm">{t('forgot.intro')}</Text>
              <ProblemAlert error={request.error} />
              <form onSubmit={form.onSubmit((v) => request.mutate({ email: v.email.trim() }))} noValidate>
                <Stack>
                  <TextInput label={t('login.email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
                  <Button type="submit" loading={request.isPending}>
                    {t('forgot.submit')}
                  </Button>
                </Stack>
              </form>
            </>
          )}
          <Anchor component={Link} to="/login" size="sm">
            {t('forgot.back')}
          </Anchor>
          <LanguageSwitch />
        </Stack>
      </Paper>
    </Center>
  );
}
