import { Alert, Anchor, Badge, Button, FileButton, Group, List, Modal, Paper, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flattenQuestions } from '../../../../common/instruments/definition';
import { evaluateForm } from '../../../../common/instruments/form-state';
import { scoreForm } from '../../../../common/instruments/scoring';
import { takenInTraining } from '../../../../common/schemas/response';
import { useLocalName } from '../../api/lookups';
import { can, useMe } from '../../api/session';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { OfflineToggle } from '../offline/OfflineToggle';
import { useOrganisationsToFill } from '../organisations/api';
import { useImportXlsForm, useInstrument, useInstrumentVersion, useOpenDraft, usePublish, useTitle } from './api';
import { FormRenderer, type Answers } from './FormRenderer';
import { ImportReport } from './ImportReport';
import { InstrumentDetailsForm } from './InstrumentDetailsForm';
import { ScoreSummary } from './ScoreSummary';
import { RETURNING } from '../../components/useEntryState';

function StartResponse({ instrumentId }: { instrumentId: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const organisations = useOrganisationsToFill(instrumentId);
  const localName = useLocalName();
  const navigate = useNavigate();
  // Only where the server would accept this form: a monitor reads the CSOs of their municipality
  // but fills in forms for their city hall only, and not a screening of a person even there.
  const fillable = organisations.data ?? [];
  const [chosen, setOrganisationId] = useState<string | null>(me?.user.organisation.id ?? null);
  const organisationId = fillable.some((o) => o.id === chosen) ? chosen : (fillable[0]?.id ?? null);
  // Nothing is stored yet: the form opens in the browser and the first save creates it.
  const start = () => {
    if (organisationId) void navigate({ to: '/instruments/$id/fill/$organisationId', params: { id: instrumentId, organisationId } });
  };
  if (organisations.error) return <ProblemAlert error={organisations.error} />;
  // Nowhere to fill it in (say, a monitor and a screening of a person): said here, not by an empty picker.
  if (organisations.data && fillable.length === 0) return <Text size="sm">{t('responses.cannotFillForAny')}</Text>;
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm">
        <Select label={t('instruments.fillFor')} searchable allowDeselect={false} value={organisationId} onChange={setOrganisationId} data={fillable.map((o) => ({ value: o.id, label: localName(o) }))} w={{ base: '100%', sm: 360 }} />
        <Button onClick={start} disabled={!organisationId}>{t('instruments.fillIn')}</Button>
      </Group>
      <OfflineToggle instrumentId={instrumentId} />
    </Stack>
  );
}

export function InstrumentPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ from: '/app/instruments/$id' });
  const { data: me } = useMe();
  const title = useTitle();
  const instrument = useInstrument(id);
  const versions = instrument.data?.versions ?? [];
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const shown = selected ?? versions.find((v) => v.status === 'published')?.number ?? versions[0]?.number;
  const version = useInstrumentVersion(id, shown);
  const [previewLang, setPreviewLang] = useState<'ka' | 'en'>(i18n.language === 'en' ? 'en' : 'ka');
  const [answers, setAnswers] = useState<Answers>({});
  const [report, setReport] = useState<Parameters<typeof ImportReport>[0] | null>(null);
  const [editingDetails, setEditingDetails] = useState(false);
  const designer = can(me, 'instruments.design');
  const draft = versions.find((v) => v.status === 'draft');
  const published = versions.some((v) => v.status === 'published');
  // The server refuses to publish a draft that asks nothing; say so before anyone tries.
  const draftVersion = useInstrumentVersion(id, designer ? draft?.number : undefined);
  const draftAsksNothing = !!draftVersion.data && !flattenQuestions(draftVersion.data.definition.items).some((e) => e.question.type !== 'note');
  const score = useMemo(() => (version.data ? scoreForm(version.data.definition, evaluateForm(version.data.definition, answers)) : null), [version.data, answers]);

  const publishDraft = usePublish(id, { successMessage: t('instruments.publishedNow'), onSuccess: (published) => setSelected(published.number) });
  const openDraft = useOpenDraft(id, { successMessage: t('instruments.draftOpened') });
  const upload = useImportXlsForm({ onSuccess: ({ body }) => setReport({ errors: body.errors, warnings: body.warnings }) });
  const actionError = publishDraft.error ?? openDraft.error ?? upload.error;
  const publish = () =>
    modals.openConfirmModal({
      title: t('instruments.publishTitle'),
      children: <Text size="sm">{t('instruments.publishConfirm')}</Text>,
      labels: { confirm: t('instruments.publish'), cancel: t('common.cancel') },
      closeButtonProps: { 'aria-label': t('common.close') },
      onConfirm: () => draft && publishDraft.mutate(draft.version),
    });
  const replaceDraft = (file: File | null) => file && upload.mutate({ file, instrumentId: id });

  if (instrument.error) return <PageProblem error={instrument.error} />;
  if (!instrument.data) return <Text>{t('app.loading')}</Text>;
  const data = instrument.data;

  return (
    <>
      <PageHeader
        title={title(data, i18n.language)}
        actions={designer && <Button size="xs" variant="default" onClick={() => setEditingDetails(true)}>{t('instruments.editDetails')}</Button>}
      />
      <Modal opened={editingDetails} onClose={() => setEditingDetails(false)} title={t('instruments.editDetails')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
        <InstrumentDetailsForm initial={data} onDone={() => setEditingDetails(false)} />
      </Modal>
      <Anchor component={Link} to="/instruments" state={RETURNING} size="sm" mb="md" display="inline-block">← {t('instruments.pageTitle')}</Anchor>
      <Text mb="md">{i18n.language === 'ka' ? data.descriptionKa : data.descriptionEn}</Text>
      {published && <Button mb="md" variant="light" renderRoot={(props) => <Link to="/instruments/$id/results" params={{ id }} {...props} />}>{t('instruments.results.open')}</Button>}
      {/* Filling in comes first: most people open an instrument to fill it in, not to design it. */}
      {published && can(me, 'responses.fill') && (
        <Paper withBorder p="md" mb="md">
          {/* A test is a participant's, taken in its training: here it could only be refused. */}
          {takenInTraining(data.purpose) ? <Text>{t('responses.testFromTraining')}</Text> : <StartResponse instrumentId={id} />}
        </Paper>
      )}
      <ProblemAlert error={actionError} />
      {report && <ImportReport {...report} />}
      <Paper withBorder p="md" mb="md">
        <Table.ScrollContainer minWidth={300}>
          <Table>
            <caption className="visually-hidden">{t('instruments.versions')}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('instruments.version')}</Table.Th>
                <Table.Th scope="col">{t('common.status')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>v{v.number}</Table.Td>
                  <Table.Td><Badge color={v.status === 'published' ? 'teal.9' : 'grape.9'}>{t(`instruments.status.${v.status}`)}</Badge></Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <Button size="compact-xs" variant={v.number === shown ? 'filled' : 'default'} onClick={() => setSelected(v.number)} aria-pressed={v.number === shown}>{t('instruments.preview')}</Button>
                      <Button size="compact-xs" variant="default" component="a" href={`/api/v1/instruments/${id}/versions/${v.number}/xlsform`} download>{t('instruments.downloadXlsForm')}</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {designer && (
          <Group mt="md" gap="xs">
            {draft ? (
              <>
                <Button size="xs" renderRoot={(props) => <Link to="/instruments/$id/design" params={{ id }} {...props} />}>{t('instruments.editDraft')}</Button>
                <FileButton onChange={replaceDraft} accept=".xlsx">
                  {(props) => <Button {...props} size="xs" variant="default">{t('instruments.uploadToDraft')}</Button>}
                </FileButton>
                <Button size="xs" color="teal.9" onClick={publish} disabled={draftAsksNothing}>{t('instruments.publish')}</Button>
                {draftAsksNothing && <Text size="sm" c="orange.9">{t('instruments.publishNeedsQuestion')}</Text>}
              </>
            ) : (
              <Button size="xs" onClick={() => openDraft.mutate()}>{t('instruments.openDraft')}</Button>
            )}
          </Group>
        )}
      </Paper>
      {version.data && (
        <Stack>
          <Group justify="space-between" wrap="wrap">
            <Group gap="xs">
              <Text fw={700}>{t('instruments.previewOf', { version: version.data.number })}</Text>
              <Badge color="gray.8">{t('instruments.previewNotSaved')}</Badge>
            </Group>
            <SegmentedControl size="xs" aria-label={t('instruments.previewLanguage')} value={previewLang} onChange={(v) => setPreviewLang(v as 'ka' | 'en')} data={[{ value: 'ka', label: t('languages.ka') }, { value: 'en', label: t('languages.en') }]} />
          </Group>
          {version.data.issues.length > 0 && (
            <Alert color="orange" title={t('instruments.issuesTitle', { count: version.data.issues.length })}>
              <List size="sm">{version.data.issues.map((issue, n) => <List.Item key={n}>{issue.message}</List.Item>)}</List>
            </Alert>
          )}
          <div lang={previewLang}>
            <FormRenderer key={`${shown}-${previewLang}`} definition={version.data.definition} answers={answers} onChange={setAnswers} lang={previewLang} />
          </div>
          {score && <ScoreSummary score={score} lang={previewLang} />}
        </Stack>
      )}
    </>
  );
}
