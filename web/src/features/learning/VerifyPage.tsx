import { Alert, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../components/dates';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { learningQueries } from './api';
import { useLocal } from './local';

/** Public: whether a certificate code is genuine, with the holder's name, the course and the date only. */
export function VerifyPage() {
  const { code } = useParams({ from: '/verify/$code' });
  const { t, i18n } = useTranslation();
  const local = useLocal();
  const result = useQuery(learningQueries.verify(code));
  useEffect(() => {
    document.title = `${t('learning.verify.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="lg" maw={520} w="100%" component="main">
        <Stack>
          <LanguageSwitch />
          <Title order={1} size="h2">{t('learning.verify.title')}</Title>
          <Text size="sm" c="dimmed">{code}</Text>
          {result.isLoading && <Text>{t('app.loading')}</Text>}
          {result.data && (
            <Alert color="green" title={t('learning.verify.valid')}>
              <Text fw={700} size="lg">{result.data.holderName}</Text>
              <Text>{local(result.data.courseKa, result.data.courseEn)}</Text>
              <Text size="sm">{t('learning.verify.issued', { date: formatDate(result.data.issuedOn, i18n.language) })}</Text>
            </Alert>
          )}
          {result.isError && <Alert color="red" title={t('learning.verify.invalid')}>{t('learning.verify.invalidHint')}</Alert>}
        </Stack>
      </Paper>
    </Center>
  );
}
