import { Alert, Button, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH } from '../../../../common/password-rules';
import { useMe } from '../../api/session';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { useChangePassword } from './api';
import { PasswordField } from '../../components/PasswordField';

function ChangePasswordForm() {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', repeat: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('validation.required')),
      newPassword: (v) => (v.length >= MIN_PASSWORD_LENGTH ? null : t('validation.tooShort', { min: MIN_PASSWORD_LENGTH })),
      repeat: (v, values) => (v === values.newPassword ? null : t('validation.passwordsDiffer')),
    },
  });
  const change = useChangePassword({ successMessage: t('profile.passwordChanged'), onSuccess: () => form.reset() });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, change, ({ currentPassword, newPassword }) => ({ currentPassword, newPassword }));
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        <ProblemAlert error={error} shownFields={shownFields} />
        <PasswordField label={t('profile.currentPassword')} autoComplete="current-password" required {...form.getInputProps('currentPassword')} />
        <PasswordField label={t('profile.newPassword')} description={t('profile.passwordHint')} autoComplete="new-password" required {...form.getInputProps('newPassword')} />
        <PasswordField label={t('profile.repeatPassword')} autoComplete="new-password" required {...form.getInputProps('repeat')} />
        <Button type="submit" loading={pending} w="fit-content">
          {t('profile.changePassword')}
        </Button>
      </Stack>
    </form>
  );
}

export function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;
  const organisation = i18n.language === 'ka' ? me.user.organisation.nameKa : me.user.organisation.nameEn;
  return (
    <>
      <PageHeader title={t('profile.title')} />
      {me.user.mustChangePassword && (
        <Alert color="orange" role="alert" mb="md">
          {t('profile.mustChange')}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md">
          <Stack gap="xs">
            <Text fw={700}>{me.user.displayName}</Text>
            <Text size="sm">{me.user.email}</Text>
            <Text size="sm">{organisation}</Text>
            <Text size="sm">{me.user.roles.map((r) => t(`roles.${r}`)).join(', ')}</Text>
            <Title order={2} size="h4" mt="md">
              {t('profile.language')}
            </Title>
            <LanguageSwitch />
          </Stack>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="sm">
            {t('profile.changePassword')}
          </Title>
          <ChangePasswordForm />
        </Paper>
      </SimpleGrid>
    </>
  );
}
