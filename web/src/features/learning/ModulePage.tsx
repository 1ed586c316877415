import { Alert, Anchor, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../../common/numbers';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { can, useMe } from '../../api/session';
import { certificateUrl, learningQueries, useAddLesson, useCompleteModule, useEnrol, usePublishModule, useStartTest } from './api';
import { useLocal } from './local';

export function ModulePage() {
  const { id } = useParams({ from: '/app/learning/modules/$id' });
  const { t, i18n } = useTranslation();
  const local = useLocal();
  const navigate = useNavigate();
  const module = useQuery(learningQueries.module(id));
  const mine = useQuery(learningQueries.me());
  const enrol = useEnrol({ successMessage: t('learning.enrolled') });
  const startTest = useStartTest({ onSuccess: (r) => navigate({ to: '/responses/$id', params: { id: r.responseId } }) });
  const complete = useCompleteModule({ successMessage: t('learning.completed') });
  const { data: me } = useMe();
  const author = can(me, 'learning.author');
  const addLesson = useAddLesson(id, { onSuccess: (l) => navigate({ to: '/learning/lessons/$id', params: { id: l.id } }) });
  const publishModule = usePublishModule({ successMessage: t('common.saved') });
  const [newTitle, setNewTitle] = useState({ ka: '', en: '' });
  const enrolment = mine.data?.enrolments.find((e) => e.moduleId === id);
  const certificate = enrolment?.certificateId ? mine.data?.certificates.find((c) => c.id === enrolment.certificateId) : undefined;
  if (module.error) return <PageProblem error={module.error} onRetry={() => void module.refetch()} />;
  if (!module.data) return null;
  const m = module.data;
  const done = new Set(enrolment?.completedLessonIds ?? []);
  const allRead = !!enrolment && enrolment.lessonsCompleted >= enrolment.lessonsTotal;
  return (
    <>
      <PageHeader title={local(m.titleKa, m.titleEn)} />
      <Stack gap="md" maw={760}>
        <Text>
          <Anchor component={Link} to="/learning">{local(m.package.titleKa, m.package.titleEn)}</Anchor> · {t('learning.hours', { hours: formatNumber(m.hours, i18n.language) })}
        </Text>
        <Text>{local(m.summaryKa, m.summaryEn)}</Text>
        <ProblemAlert error={enrol.error ?? startTest.error ?? complete.error} />
        {!enrolment && mine.data && (
          mine.data.staff ? (
            <Button onClick={() => enrol.mutate({ moduleId: id })} loading={enrol.isPending} w="fit-content">{t('learning.enrol')}</Button>
          ) : (
            <Alert color="blue">
              {t('learning.registerFirst')} <Anchor component={Link} to="/learning">{t('learning.title')}</Anchor>
            </Alert>
          )
        )}
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">{t('learning.lessons')}</Title>
          <List spacing="xs" listStyleType="none" withPadding={false}>
            {m.lessons.map((l, i) => (
              <List.Item key={l.id}>
                <Group gap="xs" wrap="nowrap">
                  <Text span aria-hidden="true">{done.has(l.id) ? '✔' : `${i + 1}.`}</Text>
                  <Anchor renderRoot={(props) => <Link to="/learning/lessons/$id" params={{ id: l.id }} {...props} />}>{local(l.titleKa, l.titleEn)}</Anchor>
                  {done.has(l.id) && <Badge size="xs" color="teal.9">{t('learning.lessonDone')}</Badge>}
                  {!l.published && <Badge size="xs" color="gray">{t('learning.draft')}</Badge>}
                </Group>
              </List.Item>
            ))}
          </List>
          {enrolment?.status === 'active' && enrolment.resumeLessonId && (
            <Button renderRoot={(props) => <Link to="/learning/lessons/$id" params={{ id: enrolment.resumeLessonId }} {...props} />} mt="sm" variant="light">
              {enrolment.lessonsCompleted ? t('learning.resume') : t('learning.start')}
            </Button>
          )}
        </Paper>
        {author && (
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">{t('learning.author.title')}</Title>
            <ProblemAlert error={addLesson.error ?? publishModule.error} />
            <Button variant="light" mb="sm" loading={publishModule.isPending} onClick={() => publishModule.mutate({ id, published: !m.published, version: m.version })}>
              {m.published ? t('learning.author.unpublishModule') : t('learning.author.publishModule')}
            </Button>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label={t('learning.author.titleKa')} lang="ka" value={newTitle.ka} onChange={(e) => setNewTitle({ ...newTitle, ka: e.currentTarget.value })} />
              <TextInput label={t('learning.author.titleEn')} lang="en" value={newTitle.en} onChange={(e) => setNewTitle({ ...newTitle, en: e.currentTarget.value })} />
            </SimpleGrid>
            <Button mt="sm" disabled={!newTitle.ka || !newTitle.en} loading={addLesson.isPending} onClick={() => addLesson.mutate({ titleKa: newTitle.ka, titleEn: newTitle.en, position: m.lessons.length })}>
              {t('learning.author.addLesson')}
            </Button>
          </Paper>
        )}
        {enrolment && enrolment.status === 'active' && (
          <Paper withBorder p="md">
            <Title order={2} size="h4" mb="xs">{t('learning.finish')}</Title>
            {m.testInstrumentId && (
              <>
                <Text size="sm" mb="xs">{t('learning.testHint', { mark: m.passMark })}</Text>
                {enrolment.passed === false && <Alert color="orange" mb="xs">{t('learning.testFailedScore', { score: enrolment.testScore ?? 0, mark: m.passMark })}</Alert>}
                <Button variant="light" disabled={!allRead} onClick={() => startTest.mutate(enrolment.id)} loading={startTest.isPending} mr="xs">
                  {t('learning.takeTest')}
                </Button>
              </>
            )}
            <Button disabled={!allRead} onClick={() => complete.mutate(enrolment.id)} loading={complete.isPending}>{t('learning.completeModule')}</Button>
            {!allRead && <Text size="sm" c="dimmed" mt="xs">{t('learning.readAllFirst')}</Text>}
          </Paper>
        )}
        {enrolment?.status === 'completed' && (
          <Alert color="green" title={t('learning.completed')}>
            {certificate && (
              <Group gap="xs" mt="xs">
                <Button component="a" href={certificateUrl(certificate.id)} download size="xs">{t('learning.downloadCertificate')}</Button>
                <Anchor href={`/verify/${certificate.code}`}>{certificate.code}</Anchor>
              </Group>
            )}
          </Alert>
        )}
      </Stack>
    </>
  );
}
