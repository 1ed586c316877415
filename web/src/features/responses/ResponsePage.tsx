import { Alert, Anchor, Badge, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { modals } from '@mantine/modals';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flattenQuestions, textIn } from '../../../../common/instruments/definition';
import { ApiError } from '../../api/client';
import { useLocalName } from '../../api/lookups';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { FormRenderer, type Answers } from '../instruments/FormRenderer';
import { ScoreSummary } from '../instruments/ScoreSummary';
import { useOrganisationOptions } from '../organisations/api';
import { responseQueries, useDeleteDraft, useSaveResponse, useUploadAttachment, type SaveResponse } from './api';
import { ReadableAnswers } from './ReadableAnswers';
import { RETURNING } from '../../components/useEntryState';
import { useResponseLabel } from './labels';

/** Server field errors come as `answers.<question>`; the renderer wants them by question. */
function answerErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries((error.problem.errors ?? []).filter((e) => e.field.startsWith('answers.')).map((e) => [e.field.slice(8), e.message]));
}

export function ResponsePage() {
  const { t, i18n } = useTranslation();
  const responseLabel = useResponseLabel();
  const { id } = useParams({ from: '/app/responses/$id' });
  const localName = useLocalName();
  const organisations = useOrganisationOptions();
  const query = useQuery(responseQueries.detail(id));
  const files = useQuery(responseQueries.attachments(id));
  const [answers, setAnswers] = useState<Answers>({});
  const [amending, setAmending] = useState(false);
  const [reason, setReason] = useState('');
  const messages = { save: t('responses.draftSaved'), submit: t('responses.submitted'), amend: t('responses.amended') };
  const save = useSaveResponse(id, {
    successMessage: (_saved, { action }) => messages[action],
    onSuccess: () => {
      setAmending(false);
      setReason('');
    },
  });
  const upload = useUploadAttachment(id, {
    successMessage: t('responses.uploaded'),
    onSuccess: (stored, { question }) => setAnswers((current) => ({ ...current, [question]: stored.id })),
  });
  const navigate = useNavigate();
  const remove = useDeleteDraft(id, { successMessage: t('responses.draftDeleted'), onSuccess: () => navigate({ to: '/responses' }) });
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('responses.deleteDraftTitle'),
      children: <Text size="sm">{t('responses.deleteDraftConfirm')}</Text>,
      labels: { confirm: t('responses.deleteDraft'), cancel: t('common.cancel') },
      confirmProps: { color: 'red.9' },
      closeButtonProps: { 'aria-label': t('common.close') },
      onConfirm: () => remove.mutate(),
    });
  // One problem shown at a time: the latest action's.
  const error = save.error ?? upload.error ?? remove.error;
  const pending = save.isPending;
  const lang = i18n.language === 'en' ? 'en' : 'ka';

  useEffect(() => {
    if (query.data) setAnswers(query.data.response.answers);
  }, [query.data]);

  // Submitting, amending or cancelling swaps the form and the answers as read, and the button
  // pressed goes with them: the focus goes to the form's first field when it opens, and to the
  // form's status ("submitted") when it closes, instead of being lost to <body>.
  const locked = query.data?.response.status === 'submitted' && !amending;
  const status = useRef<HTMLDivElement>(null);
  const form = useRef<HTMLDivElement>(null);
  const wasLocked = useRef(locked);
  useEffect(() => {
    if (wasLocked.current === locked) return;
    wasLocked.current = locked;
    if (document.activeElement && document.activeElement !== document.body) return;
    if (locked) status.current?.focus();
    else form.current?.querySelector<HTMLElement>('input, textarea, select')?.focus();
  }, [locked]);

  if (query.error) return <PageProblem error={query.error} />;
  if (!query.data) return <Text>{t('app.loading')}</Text>;
  const { response, definition } = query.data;

  const send = (action: SaveResponse['action']) => {
    upload.reset();
    const body = { answers, version: response.version };
    save.mutate(action === 'amend' ? { action, reason, ...body } : { action, ...body });
  };
  const serverErrors = answerErrors(error);
  // The summary names each question, so the list makes sense before following a link.
  const questionLabel = (name: string) => textIn(flattenQuestions(definition.items).find((e) => e.question.name === name)?.question.label, lang) || name;
  const attach = async (question: string, file: File) => {
    save.reset();
    await upload.mutateAsync({ question, file }).catch(() => undefined); // the problem shows from upload.error
  };

  return (
    <>
      <PageHeader title={lang === 'ka' ? response.instrumentTitleKa : response.instrumentTitleEn} />
      <Anchor component={Link} to="/responses" state={RETURNING} size="sm" mb="sm" display="inline-block">← {t('responses.title')}</Anchor>
      <Group gap="xs" mb="md" ref={status} tabIndex={-1}>
        <Badge color={response.status === 'submitted' ? 'teal.9' : 'grape.9'}>{t(`responses.status.${response.status}`)}</Badge>
        <Text size="sm">{localName(organisations.data?.find((o) => o.id === response.organisationId))} · v{response.versionNumber}{response.label ? ` · ${responseLabel(response.label)}` : ''}</Text>
      </Group>
      {/* Answers' messages are beside their questions and in the list below, not repeated here. */}
      <ProblemAlert error={error} shownFields={(field) => field.startsWith('answers.')} />
      {Object.keys(serverErrors).length > 0 && (
        <Alert color="red" role="alert" mb="md" title={t('instruments.fixErrors', { count: Object.keys(serverErrors).length })}>
          <Stack gap={2}>{Object.entries(serverErrors).map(([name, message]) => <Anchor key={name} href={`#q-${name}`} size="sm">{`${questionLabel(name)}: ${message}`}</Anchor>)}</Stack>
        </Alert>
      )}
      {response.score && response.status === 'submitted' && <ScoreSummary score={response.score} lang={lang} />}
      <Stack mt="md" ref={form}>
        {locked && <ReadableAnswers definition={definition} answers={response.answers} lang={lang} />}
        {locked ? (
          <Group>
            <Button variant="default" onClick={() => setAmending(true)}>{t('responses.amend')}</Button>
          </Group>
        ) : (
        <FormRenderer
          definition={definition}
          answers={answers}
          onChange={setAnswers}
          lang={lang}
          readOnly={locked}
          serverErrors={serverErrors}
          attachments={files.data}
          onAttach={locked ? undefined : attach}
          finalActions={(valid, showAllErrors) =>
            response.status === 'draft' ? (
              <Group gap="xs">
                <Button variant="default" loading={pending} onClick={() => send('save')}>{t('responses.saveDraft')}</Button>
                <Button loading={pending} onClick={() => (valid ? send('submit') : showAllErrors())}>{t('responses.submit')}</Button>
              </Group>
            ) : amending ? (
              <Group gap="xs" align="flex-end">
                <Textarea label={t('responses.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={1} />
                <Button loading={pending} disabled={!reason.trim()} onClick={() => send('amend')}>{t('responses.saveAmendment')}</Button>
                <Button variant="default" onClick={() => { setAmending(false); setAnswers(response.answers); }}>{t('common.cancel')}</Button>
              </Group>
            ) : null
          }
        />
        )}
        {response.status === 'draft' && (
          <Group>
            <Button variant="default" loading={remove.isPending} onClick={confirmDelete}>{t('responses.deleteDraft')}</Button>
          </Group>
        )}
      </Stack>
    </>
  );
}
