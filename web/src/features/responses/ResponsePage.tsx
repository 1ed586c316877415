import { Alert, Anchor, Badge, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Definition } from '../../../../common/instruments/definition';
import type { ResponseRecord } from '../../../../common/schemas/response';
import { api, ApiError, uploadFile } from '../../api/client';
import { useLocalName, useOrganisationOptions } from '../../api/lookups';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { FormRenderer, type Answers } from '../instruments/FormRenderer';
import { ScoreSummary } from '../instruments/ScoreSummary';
import { notify } from '../../components/notify';

interface Loaded {
  response: ResponseRecord;
  definition: Definition;
}

function uploadAttachment(responseId: string, question: string, file: File) {
  return uploadFile<{ id: string; filename: string }>(`/responses/${responseId}/attachments?question=${encodeURIComponent(question)}`, file);
}

/** Server field errors come as `answers.<question>`; the renderer wants them by question. */
function answerErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  return Object.fromEntries((error.problem.errors ?? []).filter((e) => e.field.startsWith('answers.')).map((e) => [e.field.slice(8), e.message]));
}

export function ResponsePage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ from: '/app/responses/$id' });
  const client = useQueryClient();
  const localName = useLocalName();
  const organisations = useOrganisationOptions();
  const query = useQuery({ queryKey: ['response', id], queryFn: () => api<Loaded>('GET', `/responses/${id}`) });
  const files = useQuery({ queryKey: ['response', id, 'attachments'], queryFn: () => api<{ id: string; filename: string }[]>('GET', `/responses/${id}/attachments`) });
  const [answers, setAnswers] = useState<Answers>({});
  const [amending, setAmending] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const lang = i18n.language === 'en' ? 'en' : 'ka';

  useEffect(() => {
    if (query.data) setAnswers(query.data.response.answers);
  }, [query.data]);

  if (query.error) return <ProblemAlert error={query.error} />;
  if (!query.data) return <Text>{t('app.loading')}</Text>;
  const { response, definition } = query.data;
  const locked = response.status === 'submitted' && !amending;

  const send = async (path: string, method: 'PATCH' | 'POST', body: object, message: string) => {
    setError(null);
    setPending(true);
    try {
      const saved = await api<Loaded>(method, path, { ...body, answers, version: response.version });
      client.setQueryData(['response', id], saved);
      await client.invalidateQueries({ queryKey: ['responses'] });
      notify(message);
      setAmending(false);
      setReason('');
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };
  const serverErrors = answerErrors(error);
  const attach = async (question: string, file: File) => {
    setError(null);
    try {
      const stored = await uploadAttachment(id, question, file);
      await files.refetch();
      setAnswers((current) => ({ ...current, [question]: stored.id }));
      notify(t('responses.uploaded'));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <PageHeader title={lang === 'ka' ? response.instrumentTitleKa : response.instrumentTitleEn} />
      <Anchor component={Link} to="/responses" size="sm" mb="sm" display="inline-block">← {t('responses.title')}</Anchor>
      <Group gap="xs" mb="md">
        <Badge color={response.status === 'submitted' ? 'teal.9' : 'grape.9'}>{t(`responses.status.${response.status}`)}</Badge>
        <Text size="sm">{localName(organisations.data?.find((o) => o.id === response.organisationId))} · v{response.versionNumber}{response.label ? ` · ${response.label}` : ''}</Text>
      </Group>
      <ProblemAlert error={error} />
      {Object.keys(serverErrors).length > 0 && (
        <Alert color="red" role="alert" mb="md" title={t('instruments.fixErrors', { count: Object.keys(serverErrors).length })}>
          <Stack gap={2}>{Object.entries(serverErrors).map(([name, message]) => <Anchor key={name} href={`#q-${name}`} size="sm">{message}</Anchor>)}</Stack>
        </Alert>
      )}
      {response.score && response.status === 'submitted' && <ScoreSummary score={response.score} lang={lang} />}
      <Stack mt="md">
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
                <Button variant="default" loading={pending} onClick={() => void send(`/responses/${id}`, 'PATCH', {}, t('responses.draftSaved'))}>{t('responses.saveDraft')}</Button>
                <Button loading={pending} onClick={() => (valid ? void send(`/responses/${id}/submit`, 'POST', {}, t('responses.submitted')) : showAllErrors())}>{t('responses.submit')}</Button>
              </Group>
            ) : amending ? (
              <Group gap="xs" align="flex-end">
                <Textarea label={t('responses.reason')} required value={reason} onChange={(e) => setReason(e.currentTarget.value)} autosize minRows={1} />
                <Button loading={pending} disabled={!reason.trim()} onClick={() => void send(`/responses/${id}/amend`, 'POST', { reason }, t('responses.amended'))}>{t('responses.saveAmendment')}</Button>
                <Button variant="default" onClick={() => { setAmending(false); setAnswers(response.answers); }}>{t('common.cancel')}</Button>
              </Group>
            ) : (
              <Button variant="default" onClick={() => setAmending(true)}>{t('responses.amend')}</Button>
            )
          }
        />
        {response.status === 'draft' && (
          <Group>
            <Button variant="subtle" loading={pending} onClick={() => void send(`/responses/${id}`, 'PATCH', {}, t('responses.draftSaved'))}>{t('responses.saveDraft')}</Button>
          </Group>
        )}
      </Stack>
    </>
  );
}
