import { Alert, Anchor, Badge, Button, Grid, Group, List, Paper, Stack, Tabs, Text, UnstyledButton } from '@mantine/core';
import { modals } from '@mantine/modals';
import { Link, useBlocker, useParams } from '@tanstack/react-router';
import { Component, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { syncOtherQuestions, textIn, type Definition, type Item } from '../../../../common/instruments/definition';
import { PageHeader } from '../../components/PageHeader';
import { PageProblem } from '../../components/PageProblem';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useInstrument, useInstrumentVersion, useSaveDraft, useTitle, type InstrumentVersion } from './api';
import { ChoiceListsEditor } from './ChoiceListsEditor';
import { FormRenderer, type Answers } from './FormRenderer';
import { ItemEditor } from './ItemEditor';
import { flatten, insertAfter, itemAt, move, removeAt, replaceAt, uniqueName, type Path } from './tree';

/** Edits an instrument's draft: sections, questions, choices and logic; saving reports issues. */
export function DesignerPage() {
  const { t, i18n } = useTranslation();
  const { id } = useParams({ from: '/app/instruments/$id/design' });
  const title = useTitle();
  const instrument = useInstrument(id);
  const draftNumber = instrument.data?.versions.find((v) => v.status === 'draft')?.number;
  const version = useInstrumentVersion(id, draftNumber);
  const [definition, setDefinition] = useState<Definition | null>(null);
  const [saved, setSaved] = useState<InstrumentVersion | null>(null);
  const [selected, setSelected] = useState<Path | null>(null);
  const [dirty, setDirty] = useState(false);
  // Leaving with unsaved changes asks first (in-app navigation and closing the tab alike).
  useBlocker({ shouldBlockFn: () => dirty && !window.confirm(t('instruments.designer.leaveUnsaved')), enableBeforeUnload: () => dirty });
  const saveDraft = useSaveDraft(id, {
    successMessage: t('instruments.designer.saved'),
    onSuccess: (result) => {
      setSaved(result);
      setDirty(false);
    },
  });
  const lang = i18n.language === 'en' ? 'en' : 'ka';

  useEffect(() => {
    if (version.data && !definition) {
      setDefinition(version.data.definition);
      setSaved(version.data);
    }
  }, [version.data, definition]);

  if (instrument.error || version.error) return <PageProblem error={instrument.error ?? version.error} />;
  if (instrument.data && draftNumber === undefined) return <Alert color="orange">{t('instruments.noDraft')}</Alert>;
  if (!definition || !saved || !instrument.data) return <Text>{t('app.loading')}</Text>;

  const change = (next: Definition) => {
    setDefinition(next);
    setDirty(true);
  };
  const setItems = (items: Item[], path: Path | null = selected) => {
    change({ ...definition, items });
    setSelected(path);
  };
  const add = (kind: 'question' | 'group') => {
    const entry: Item =
      kind === 'group'
        ? { kind: 'group', name: uniqueName(definition.items, 'section'), label: {}, items: [] }
        : { kind: 'question', type: 'text', name: uniqueName(definition.items, 'question'), label: {} };
    const result = insertAfter(definition.items, selected, entry);
    setItems(result.items, result.path);
  };
  const remove = () =>
    selected &&
    modals.openConfirmModal({
      title: t('instruments.designer.removeTitle'),
      children: <Text size="sm">{t('instruments.designer.removeConfirm', { name: itemAt(definition.items, selected)?.name })}</Text>,
      labels: { confirm: t('instruments.designer.remove'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      closeButtonProps: { 'aria-label': t('common.close') },
      onConfirm: () => setItems(removeAt(definition.items, selected), null),
    });
  const save = () => saveDraft.mutate({ definition, version: saved.version });
  const current = selected ? itemAt(definition.items, selected) : undefined;

  return (
    <>
      <PageHeader
        title={t('instruments.designer.title', { title: title(instrument.data, i18n.language), version: saved.number })}
        actions={<Button size="xs" onClick={save} loading={saveDraft.isPending}>{dirty ? t('instruments.designer.saveChanges') : t('common.save')}</Button>}
      />
      <Anchor renderRoot={(props) => <Link to="/instruments/$id" params={{ id }} {...props} />} size="sm" mb="sm" display="inline-block">← {t('instruments.backToInstrument')}</Anchor>
      <ProblemAlert error={saveDraft.error} />
      {saved.issues.length > 0 && (
        <Alert color="orange" mb="md" title={t('instruments.issuesTitle', { count: saved.issues.length })}>
          <List size="sm">{saved.issues.map((issue, n) => <List.Item key={n}>{issue.message}</List.Item>)}</List>
        </Alert>
      )}
      <Tabs defaultValue="items">
        <Tabs.List>
          <Tabs.Tab value="items">{t('instruments.designer.items')}</Tabs.Tab>
          <Tabs.Tab value="choices">{t('instruments.designer.choices')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="items" pt="md">
          <Grid>
            <Grid.Col span={{ base: 12, md: 5, lg: 3 }}>
              <Paper withBorder p="xs">
                <Group gap="xs" mb="xs" wrap="wrap">
                  <Button size="compact-sm" onClick={() => add('question')}>{t('instruments.designer.addQuestion')}</Button>
                  <Button size="compact-sm" variant="default" onClick={() => add('group')}>{t('instruments.designer.addSection')}</Button>
                  <Button size="compact-sm" variant="default" disabled={!selected} onClick={() => selected && (() => { const r = move(definition.items, selected, -1); setItems(r.items, r.path); })()} aria-label={t('instruments.designer.moveUp')}>↑</Button>
                  <Button size="compact-sm" variant="default" disabled={!selected} onClick={() => selected && (() => { const r = move(definition.items, selected, 1); setItems(r.items, r.path); })()} aria-label={t('instruments.designer.moveDown')}>↓</Button>
                  <Button size="compact-sm" variant="default" color="red" disabled={!selected} onClick={remove}>{t('instruments.designer.remove')}</Button>
                </Group>
                <Stack gap={2} component="ol" className="designer-tree" aria-label={t('instruments.designer.items')}>
                  {flatten(definition.items).map(({ item, path }) => {
                    const active = selected?.join('.') === path.join('.');
                    return (
                      <li key={path.join('.')} style={{ paddingLeft: (path.length - 1) * 16 }}>
                        <UnstyledButton onClick={() => setSelected(path)} aria-current={active ? 'true' : undefined} className={active ? 'designer-item active' : 'designer-item'}>
                          <Text size="sm" fw={item.kind === 'group' ? 700 : 400}>
                            {textIn(item.label, lang) || item.name} <Text span size="xs" c="dimmed">· {item.kind === 'group' ? t('instruments.designer.section') : t(`instruments.types.${item.type}`)}</Text>
                          </Text>
                        </UnstyledButton>
                      </li>
                    );
                  })}
                </Stack>
                {definition.items.length === 0 && <Text size="sm" c="dimmed">{t('instruments.noQuestions')}</Text>}
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, md: 7, lg: 5 }}>
              <Paper withBorder p="md">
                {current && selected ? (
                  <ItemEditor key={selected.join('.')} item={current} definition={definition} onChange={(next) => setItems(syncOtherQuestions(replaceAt(definition.items, selected, next)))} />
                ) : (
                  <Text c="dimmed">{t('instruments.designer.selectItem')}</Text>
                )}
              </Paper>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <LivePreview definition={definition} lang={lang} />
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="choices" pt="md">
          <ChoiceListsEditor lists={definition.choiceLists} onChange={(choiceLists) => change({ ...definition, choiceLists })} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/** Keeps the designer usable when a half-typed expression stops the preview from rendering. */
class PreviewBoundary extends Component<{ fallback: ReactNode; children: ReactNode; definition: Definition }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override componentDidUpdate(previous: { definition: Definition }) {
    if (previous.definition !== this.props.definition && this.state.failed) this.setState({ failed: false });
  }
  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

/** The draft as it will be filled in, updated with every edit (answers typed here are not saved). */
function LivePreview({ definition, lang }: { definition: Definition; lang: 'ka' | 'en' }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Answers>({});
  return (
    <Paper withBorder p="md" component="section" aria-label={t('instruments.designer.preview')} data-testid="live-preview">
      <Group gap="xs" mb="sm">
        <Text fw={700}>{t('instruments.designer.preview')}</Text>
        <Badge color="gray.8">{t('instruments.previewNotSaved')}</Badge>
      </Group>
      <PreviewBoundary definition={definition} fallback={<Alert color="orange">{t('instruments.designer.previewBroken')}</Alert>}>
        <FormRenderer definition={definition} answers={answers} onChange={setAnswers} lang={lang} />
      </PreviewBoundary>
    </Paper>
  );
}
