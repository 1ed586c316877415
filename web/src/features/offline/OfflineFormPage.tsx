import { Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { FormRenderer, type Answers } from '../instruments/FormRenderer';
import { resizePhoto } from './photos';
import { db, definitionOf, newId } from './store';
import { sendOutbox } from './sync';

/**
 * A form filled in on this device, with the same engine as online (live logic, validation,
 * scoring). Every change is kept in IndexedDB at once, so closing the tab loses nothing; photos
 * are reduced on the device and kept with the form; "Submit" puts it in the outbox.
 */
export function OfflineFormPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ from: '/app/offline/forms/$id' });
  const navigate = useNavigate();
  const form = useLiveQuery(() => db.forms.get(id), [id], null);
  const files = useLiveQuery(() => db.files.where('formId').equals(id).toArray(), [id]);
  const [answers, setAnswers] = useState<Answers | null>(null);
  const loaded = useRef(false);
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const definitionJson = form?.definitionJson;
  const definition = useMemo(() => (definitionJson ? definitionOf({ definitionJson }) : null), [definitionJson]);

  useEffect(() => {
    if (form && !loaded.current) {
      loaded.current = true;
      setAnswers(form.answers);
    }
  }, [form]);

  const change = (next: Answers) => {
    setAnswers(next);
    void db.forms.update(id, { answers: next, updatedAt: new Date().toISOString() });
  };
  const attach = async (question: string, file: File) => {
    const photo = await resizePhoto(file);
    const fileId = newId();
    const previous = answers?.[question];
    await db.transaction('rw', db.files, async () => {
      if (typeof previous === 'string') await db.files.delete(previous);
      await db.files.add({ id: fileId, formId: id, question, filename: photo.name, blob: photo });
    });
    change({ ...(answers ?? {}), [question]: fileId });
  };
  const save = () => notify(t('offline.draftSaved'));
  const submit = async () => {
    await db.forms.update(id, { answers: answers ?? {}, status: 'waiting', updatedAt: new Date().toISOString() });
    notify(t('offline.queued'));
    void navigate({ to: '/offline' });
    if (navigator.onLine) void sendOutbox();
  };

  if (form === null) return <Text>{t('app.loading')}</Text>;
  if (!form) return <Text>{t('offline.notOnDevice')}</Text>;
  const title = lang === 'en' ? form.titleEn : form.titleKa;
  return (
    <>
      <PageHeader title={title} />
      <Anchor renderRoot={(props) => <Link to="/offline" {...props} />} size="sm" mb="sm" display="inline-block">← {t('offline.nav')}</Anchor>
      <Group gap="xs" mb="md">
        <Badge color="gray.8">{t(`offline.status.${form.status}`)}</Badge>
        <Text size="sm">{lang === 'en' ? form.organisationNameEn : form.organisationNameKa} · v{form.versionNumber}</Text>
      </Group>
      {!answers || !definition ? (
        <Text>{t('app.loading')}</Text>
      ) : (
        <Stack>
          <FormRenderer
            definition={definition}
            answers={answers}
            onChange={change}
            lang={lang}
            readOnly={form.status !== 'draft'}
            attachments={(files ?? []).map((f) => ({ id: f.id, filename: f.filename, onDevice: true }))}
            onAttach={form.status === 'draft' ? attach : undefined}
            finalActions={(valid, showAllErrors) =>
              form.status === 'draft' && (
                <Group gap="xs">
                  <Button variant="default" onClick={save}>{t('offline.saveDraft')}</Button>
                  <Button onClick={() => (valid ? void submit() : showAllErrors())}>{t('offline.submit')}</Button>
                </Group>
              )
            }
          />
        </Stack>
      )}
    </>
  );
}
