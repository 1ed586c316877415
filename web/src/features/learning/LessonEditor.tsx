import { Button, FileInput, Group, Paper, SimpleGrid, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Lesson } from '../../../../common/schemas/learning';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useApiForm } from '../../components/useApiForm';
import { usePublishLesson, useSaveLesson, useUploadLessonFile } from './api';

/** Authors: the lesson's draft (Markdown in both languages, video links), publishing it, and files. */
export function LessonEditor({ lesson }: { lesson: Lesson }) {
  const { t } = useTranslation();
  const draft = lesson.draft!;
  const save = useSaveLesson(lesson.id, { successMessage: t('common.saved') });
  const publish = usePublishLesson(lesson.id, { successMessage: t('learning.author.published') });
  const upload = useUploadLessonFile(lesson.id, { successMessage: t('common.saved') });
  const [file, setFile] = useState<File | null>(null);
  const form = useForm({ initialValues: { ...draft, videoUrls: draft.videoUrls.join('\n') } });
  const { onSubmit, error, pending, shownFields } = useApiForm(form, save, (v) => ({ ...v, videoUrls: v.videoUrls.split('\n').map((u) => u.trim()).filter(Boolean), version: lesson.version }));
  return (
    <Paper withBorder p="md" className="no-print">
      <Title order={2} size="h4" mb="xs">{t('learning.author.title')}</Title>
      <form onSubmit={onSubmit} noValidate>
        <ProblemAlert error={error ?? publish.error} shownFields={error ? shownFields : undefined} />
        <Stack>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <TextInput label={t('learning.author.titleKa')} lang="ka" required {...form.getInputProps('titleKa')} />
            <TextInput label={t('learning.author.titleEn')} lang="en" required {...form.getInputProps('titleEn')} />
            <Textarea label={t('learning.author.bodyKa')} lang="ka" autosize minRows={8} maxRows={30} {...form.getInputProps('bodyKa')} />
            <Textarea label={t('learning.author.bodyEn')} lang="en" autosize minRows={8} maxRows={30} {...form.getInputProps('bodyEn')} />
          </SimpleGrid>
          <Textarea label={t('learning.author.videoUrls')} description={t('learning.author.videoHint')} autosize minRows={2} {...form.getInputProps('videoUrls')} />
          <Group>
            <Button type="submit" loading={pending} disabled={!form.isDirty()}>{t('learning.author.saveDraft')}</Button>
            <Button variant="light" loading={publish.isPending} disabled={form.isDirty()} onClick={() => publish.mutate(lesson.version)}>{t('learning.author.publish')}</Button>
          </Group>
        </Stack>
      </form>
      <Group align="end" mt="md">
        <FileInput label={t('learning.author.file')} description={t('learning.author.fileHint')} value={file} onChange={setFile} clearable w={320} />
        <Button disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file, { onSuccess: () => setFile(null) })}>{t('learning.author.upload')}</Button>
      </Group>
      <ProblemAlert error={upload.error} />
    </Paper>
  );
}
