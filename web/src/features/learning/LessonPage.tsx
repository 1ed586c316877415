import { Alert, Anchor, Button, Group, List, Paper, Stack, Text, Title, TypographyStylesProvider } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFileSize } from '../../../../common/numbers';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useOnline } from '../offline/status';
import { fileUrl, learningQueries, useProgress } from './api';
import { LessonEditor } from './LessonEditor';
import { useLocal } from './local';
import { renderMarkdown } from './markdown';

/** One lesson, as learners read it (the published version), printable; opening it records progress. */
export function LessonPage() {
  const { id } = useParams({ from: '/app/learning/lessons/$id' });
  const { t, i18n } = useTranslation();
  const local = useLocal();
  const online = useOnline();
  const lesson = useQuery(learningQueries.lesson(id));
  const mine = useQuery(learningQueries.me());
  const module = useQuery({ ...learningQueries.module(lesson.data?.moduleId ?? ''), enabled: !!lesson.data });
  const progress = useProgress();
  const enrolment = mine.data?.enrolments.find((e) => e.moduleId === lesson.data?.moduleId);
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (enrolment && enrolment.status === 'active' && lesson.data?.content && opened.current !== id) {
      opened.current = id;
      progress.mutate({ enrolmentId: enrolment.id, lessonId: id, completed: false });
    }
  }, [enrolment, id, lesson.data, progress]);
  const content = lesson.data?.content ?? (lesson.data?.draft ? { ...lesson.data.draft } : null);
  const en = i18n.language.startsWith('en');
  const body = content ? (en && content.bodyEn ? content.bodyEn : content.bodyKa) : '';
  const html = useMemo(() => renderMarkdown(body), [body]);
  if (lesson.error) return <PageProblem error={lesson.error} onRetry={() => void lesson.refetch()} />;
  if (!lesson.data || !content) return null;
  const lessons = module.data?.lessons ?? [];
  const index = lessons.findIndex((l) => l.id === id);
  const next = index >= 0 ? lessons[index + 1] : undefined;
  const finished = enrolment?.completedLessonIds.includes(id) ?? false;
  return (
    <article className="lesson">
      <PageHeader
        title={local(content.titleKa, content.titleEn)}
        actions={
          <Button variant="default" size="xs" onClick={() => window.print()} className="no-print">
            {t('learning.print')}
          </Button>
        }
      />
      <Stack gap="md" maw={760}>
        {!online && (
          <Alert color="yellow" className="no-print">
            {t('learning.offline.reading')}
          </Alert>
        )}
        {module.data && (
          <Anchor renderRoot={(props) => <Link to="/learning/modules/$id" params={{ id: module.data.id }} {...props} />} className="no-print">
            ← {local(module.data.titleKa, module.data.titleEn)}
          </Anchor>
        )}
        <TypographyStylesProvider>
          <div lang={en && content.bodyEn ? 'en' : 'ka'} dangerouslySetInnerHTML={{ __html: html }} />
        </TypographyStylesProvider>
        {content.videoUrls.length > 0 && (
          <Paper withBorder p="sm">
            <Title order={2} size="h5">{t('learning.videos')}</Title>
            <List>
              {content.videoUrls.map((url) => (
                <List.Item key={url}>
                  <Anchor href={url} target="_blank" rel="noopener noreferrer">{url}</Anchor>
                </List.Item>
              ))}
            </List>
          </Paper>
        )}
        {lesson.data.files.length > 0 && (
          <Paper withBorder p="sm">
            <Title order={2} size="h5">{t('learning.files')}</Title>
            <List>
              {lesson.data.files.map((f) => (
                <List.Item key={f.id}>
                  <Anchor href={fileUrl(f.id)}>{f.filename}</Anchor> <Text span size="xs" c="dimmed">({formatFileSize(f.size, i18n.language)})</Text>
                </List.Item>
              ))}
            </List>
          </Paper>
        )}
        {lesson.data.draft && <LessonEditor key={lesson.data.version} lesson={lesson.data} />}
        <ProblemAlert error={progress.error} />
        <Group className="no-print">
          {enrolment?.status === 'active' && (
            <Button onClick={() => progress.mutate({ enrolmentId: enrolment.id, lessonId: id, completed: true })} disabled={finished} loading={progress.isPending}>
              {finished ? t('learning.lessonDone') : t('learning.markDone')}
            </Button>
          )}
          {next && (
            <Button renderRoot={(props) => <Link to="/learning/lessons/$id" params={{ id: next.id }} {...props} />} variant="light">
              {t('learning.nextLesson')}
            </Button>
          )}
        </Group>
      </Stack>
    </article>
  );
}
