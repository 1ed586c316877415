import { Alert, Anchor, Badge, Button, Group, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, uploadFile } from '../../api/client';
import { useLocalName } from '../../api/lookups';
import { useApiMutation } from '../../api/mutation';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useInstrument, useInstrumentVersion, useTitle } from '../instruments/api';
import { FormRenderer, type Answers } from '../instruments/FormRenderer';
import { useOrganisationsToFill } from '../organisations/api';
import { responseKeys, type LoadedResponse } from './api';

/**
 * A new form, filled in in the browser: nothing is stored until "Save draft" or "Submit", so a
 * stray click on "Fill in" leaves no empty draft behind. The first save creates the response.
 */
export function NewResponsePage() {
  const { t, i18n } = useTranslation();
  const { id, organisationId } = useParams({ from: '/app/instruments/$id/fill/$organisationId' });
  const title = useTitle();
  const localName = useLocalName();
  const organisations = useOrganisationsToFill(id);
  const instrument = useInstrument(id);
  const published = instrument.data?.versions.find((v) => v.status === 'published')?.number;
  const version = useInstrumentVersion(id, published);
  const [answers, setAnswers] = useState<Answers>({});
  const navigate = useNavigate();
  const client = useQueryClient();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const create = useApiMutation(
    {
      mutationFn: async (action: 'save' | 'submit') => {
        const started = await api<LoadedResponse>('POST', '/responses', { instrumentId: id, organisationId });
        const body = { answers, version: started.response.version };
        const saved = action === 'save' ? await api<LoadedResponse>('PATCH', `/responses/${started.response.id}`, body) : await api<LoadedResponse>('POST', `/responses/${started.response.id}/submit`, body);
        client.setQueryData(responseKeys.detail(saved.response.id), saved);
        return saved;
      },
      invalidates: [responseKeys.list()],
    },
    {
      successMessage: (_saved, action) => (action === 'save' ? t('responses.draftSaved') : t('responses.submitted')),
      onSuccess: (saved) => navigate({ to: '/responses/$id', params: { id: saved.response.id } }),
    },
  );
  // A file needs a stored form to belong to: attaching one is the first save.
  const attach = async (question: string, file: File) => {
    const started = await api<LoadedResponse>('POST', '/responses', { instrumentId: id, organisationId });
    const stored = await uploadFile<{ id: string }>(`/responses/${started.response.id}/attachments?question=${encodeURIComponent(question)}`, file);
    await api<LoadedResponse>('PATCH', `/responses/${started.response.id}`, { answers: { ...answers, [question]: stored.id }, version: started.response.version });
    await client.invalidateQueries({ queryKey: responseKeys.all });
    void navigate({ to: '/responses/$id', params: { id: started.response.id } });
  };
  if (instrument.error) return <PageProblem error={instrument.error} />;
  if (organisations.error) return <PageProblem error={organisations.error} />;
  if (!version.data || !organisations.data) return <Text>{t('app.loading')}</Text>;
  const back = <Anchor renderRoot={(props) => <Link to="/instruments/$id" params={{ id }} {...props} />} size="sm" mb="sm" display="inline-block">← {title(instrument.data, i18n.language)}</Anchor>;
  // Said before any answer is typed: the first save would be refused (out of reach, or not for
  // what this instrument is about, or an inactive organisation), which the list of organisations
  // to fill this instrument in for says, decided by the save's own check. No more is told than
  // the server tells.
  const organisation = organisations.data.find((o) => o.id === organisationId);
  if (!organisation) {
    return (
      <>
        <PageHeader title={title(instrument.data, i18n.language)} />
        {back}
        <Alert color="orange" title={t('responses.cannotFillForTitle')}>
          <Text size="sm" mb="xs">{t('responses.cannotFillForBody')}</Text>
          <Anchor renderRoot={(props) => <Link to="/instruments/$id" params={{ id }} {...props} />} size="sm">{t('responses.backToInstrument')}</Anchor>
        </Alert>
      </>
    );
  }
  return (
    <>
      <PageHeader title={title(instrument.data, i18n.language)} />
      {back}
      <Group gap="xs" mb="md">
        <Badge color="gray.8">{t('responses.notSavedYet')}</Badge>
        <Text size="sm">{localName(organisation)} · v{version.data.number}</Text>
      </Group>
      <ProblemAlert error={create.error} />
      <Stack>
        <FormRenderer
          definition={version.data.definition}
          answers={answers}
          onChange={setAnswers}
          lang={lang}
          onAttach={attach}
          finalActions={(valid, showAllErrors) => (
            <Group gap="xs">
              <Button variant="default" loading={create.isPending} onClick={() => create.mutate('save')}>{t('responses.saveDraft')}</Button>
              <Button loading={create.isPending} onClick={() => (valid ? create.mutate('submit') : showAllErrors())}>{t('responses.submit')}</Button>
            </Group>
          )}
        />
      </Stack>
    </>
  );
}
