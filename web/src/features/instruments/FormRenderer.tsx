import { Alert, Anchor, Button, Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flattenQuestions, textIn, type Definition, type Group as FormGroup, type Item } from '../../../../common/instruments/definition';
import type { Value } from '../../../../common/instruments/expression-evaluator';
import { addInstance, answerKey, evaluateForm, interpolate, removeInstance, visibleChoices, type FieldProblem } from '../../../../common/instruments/form-state';
import { QuestionField } from './QuestionField';
import type { Attachment } from '../../../../common/schemas/response';

export type Answers = Record<string, Value>;

interface Props {
  definition: Definition;
  answers: Answers;
  onChange: (answers: Answers) => void;
  lang: 'ka' | 'en';
  readOnly?: boolean;
  /** Errors the server returned, by question name. */
  serverErrors?: Record<string, string>;
  /** Saved files by id, and how to upload one (filled-in forms only, not the preview). */
  attachments?: (Pick<Attachment, 'id' | 'filename'> & { onDevice?: boolean })[];
  onAttach?: (question: string, file: File) => Promise<void>;
  /** Shown on the last section; receives whether the form is valid. */
  finalActions?: (valid: boolean, showAllErrors: () => void) => React.ReactNode;
}

/** Top-level groups are the sections; loose top-level questions form one section of their own. */
function sectionsOf(definition: Definition): { key: string; title: Item['label'] | null; items: Item[] }[] {
  const sections: { key: string; title: Item['label'] | null; items: Item[] }[] = [];
  let loose: Item[] = [];
  const flush = () => {
    if (loose.length) sections.push({ key: `loose-${sections.length}`, title: null, items: loose });
    loose = [];
  };
  for (const entry of definition.items) {
    if (entry.kind === 'group') {
      flush();
      sections.push({ key: entry.name, title: entry.label, items: [entry] });
    } else loose.push(entry);
  }
  flush();
  return sections;
}

/** A label cut at a word to about `max` characters, for a list that names many questions. */
function shortened(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–—-]+$/, '')}…`;
}

/**
 * Moves the focus to a question from the error summary: to its input, or inside a fieldset to the
 * chosen (else the first) control, so the keyboard and the screen reader land where the answer goes.
 */
function focusQuestion(key: string) {
  const target = document.getElementById(`q-${key}`);
  if (!target) return;
  const controls = 'input:not([disabled]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';
  const control = target.matches(controls) ? target : (target.querySelector<HTMLElement>('input:checked:not([disabled])') ?? target.querySelector<HTMLElement>(controls));
  target.scrollIntoView({ block: 'center' });
  if (control) control.focus({ preventScroll: true });
  else {
    target.tabIndex = -1;
    target.focus({ preventScroll: true });
  }
}

/**
 * Fills in an instrument section by section. Relevance, calculations and constraints are
 * re-evaluated with the shared engine on every change, exactly as the server will check them.
 */
export function FormRenderer({ definition, answers, onChange, lang, readOnly, serverErrors = {}, attachments = [], onAttach, finalActions }: Props) {
  const { t } = useTranslation();
  const sections = useMemo(() => sectionsOf(definition), [definition]);
  const [index, setIndex] = useState(0);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const state = useMemo(() => evaluateForm(definition, answers), [definition, answers]);
  const section = sections[Math.min(index, sections.length - 1)];
  const questions = useMemo(() => new Map(flattenQuestions(definition.items).map(({ question }) => [question.name, question])), [definition]);

  const message = (problem: FieldProblem) => (problem.message ? textIn(problem.message, lang) : t(problem.key));
  const errorOf = (name: string) => {
    if (serverErrors[name]) return serverErrors[name];
    const problem = state.errors[name];
    return problem && (showAll || touched.has(name)) ? message(problem) : undefined;
  };
  const namesIn = (items: Item[]): string[] => items.flatMap((i) => (i.kind === 'group' ? [i.name, ...namesIn(i.items)] : [i.name]));
  // An error key is a name, or a path inside a repeat whose first step is the repeat's name.
  const topName = (key: string) => (key.includes('[') ? key.slice(0, key.indexOf('[')) : key);
  const sectionNames = new Set(section ? namesIn(section.items) : []);
  const sectionErrors = Object.keys(state.errors).filter((key) => sectionNames.has(topName(key)));
  /** The question an error is on, as the summary names it: its label in the form's language (shortened), and the instance inside a repeat. */
  const questionTitle = (key: string) => {
    const question = questions.get(key.slice(key.lastIndexOf('/') + 1));
    const lookup = state.lookup(key);
    const label = question ? interpolate(textIn(question.label, lang), lookup) || interpolate(textIn(question.hint, lang), lookup) || question.name : key;
    const instances = [...key.matchAll(/\[(\d+)\]/g)].map((m) => m[1]);
    return instances.length ? `${shortened(label)} (${instances.join('.')})` : shortened(label);
  };

  // When the user tries to move on with problems left, take them (and the screen reader) to the list.
  useEffect(() => {
    if (showAll) summaryRef.current?.focus();
  }, [showAll]);

  const go = (next: number) => {
    setIndex(next);
    setShowAll(false);
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  type Path = { repeat: string; index: number }[];
  const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

  /** A repeat: its instances one under another, each removable, and a button to add one (unless repeat_count sets them). */
  const renderRepeat = (entry: FormGroup, key: string, depth: number, path: Path) => {
    const name = textIn(entry.label, lang) || entry.name;
    const count = Number(state.values[key] ?? 0);
    const manual = !entry.repeatCount && !readOnly;
    return (
      <Stack key={key} gap="sm" component="section" aria-label={name}>
        <Title order={depth === 0 ? 3 : 4} size="h5" component={depth === 0 ? 'h3' : 'h4'}>{name}</Title>
        {count === 0 && <Text c="dimmed" size="sm">{t('instruments.repeat.none')}</Text>}
        {Array.from({ length: count }, (_, i) => i + 1).map((number) => (
          <Paper key={number} withBorder p="sm" component="section" aria-labelledby={`rep-${key}-${number}`}>
            <Group justify="space-between" mb="xs">
              <Title order={5} size="h6" id={`rep-${key}-${number}`} tabIndex={-1}>{t('instruments.repeat.instance', { name, number })}</Title>
              {manual && (
                <Button size="compact-sm" variant="subtle" color="red" onClick={() => {
                  onChange(removeInstance(answers, key, number, count));
                  focusSoon(`rep-add-${key}`);
                }}>
                  {t('instruments.repeat.remove', { name, number })}
                </Button>
              )}
            </Group>
            <Stack gap="md">{render(entry.items, depth + 1, [...path, { repeat: entry.name, index: number }])}</Stack>
          </Paper>
        ))}
        {manual && (
          <Button id={`rep-add-${key}`} variant="light" style={{ alignSelf: 'flex-start' }} onClick={() => {
            onChange(addInstance(answers, key, count));
            focusSoon(`rep-${key}-${count + 1}`);
          }}>
            {t('instruments.repeat.add', { name })}
          </Button>
        )}
      </Stack>
    );
  };

  const render = (items: Item[], depth: number, path: Path = []): React.ReactNode =>
    items.map((entry) => {
      const key = answerKey(path, entry.name);
      if (state.relevant[key] === false) return null;
      if (entry.kind === 'group' && entry.repeat) return renderRepeat(entry, key, depth, path);
      if (entry.kind === 'group') {
        const Heading = depth === 0 ? 'h3' : 'h4';
        return (
          <Stack key={key} gap="sm" component="section" aria-label={textIn(entry.label, lang) || entry.name}>
            {depth > 0 && textIn(entry.label, lang) && <Title order={depth === 0 ? 3 : 4} size="h5" component={Heading}>{textIn(entry.label, lang)}</Title>}
            {render(entry.items, depth + 1, path)}
          </Stack>
        );
      }
      const lookup = state.lookup(key);
      return (
        <QuestionField
          key={key}
          question={entry}
          fieldKey={key}
          value={state.values[key] ?? ''}
          choices={visibleChoices(entry, definition, lookup)}
          required={state.required[key] ?? false}
          values={lookup}
          lang={lang}
          error={errorOf(key)}
          readOnly={readOnly}
          onChange={(value) => onChange({ ...answers, [key]: value })}
          onBlur={() => setTouched((prev) => new Set(prev).add(key))}
          attachment={attachments.find((a) => a.id === answers[key])}
          onAttach={onAttach && ((file) => onAttach(key, file))}
        />
      );
    });

  if (!section) return <Text c="dimmed">{t('instruments.noQuestions')}</Text>;
  const last = index >= sections.length - 1;
  return (
    <Stack>
      <div>
        <Text size="sm" id="form-progress-label">{t('instruments.sectionOf', { current: index + 1, total: sections.length })}</Text>
        <Progress.Root mt={4}>
          <Progress.Section value={((index + 1) / sections.length) * 100} aria-labelledby="form-progress-label" />
        </Progress.Root>
      </div>
      <Title order={2} size="h3" ref={headingRef} tabIndex={-1}>
        {section.title ? textIn(section.title, lang) : t('instruments.questions')}
      </Title>
      {showAll && sectionErrors.length > 0 && (
        <Alert ref={summaryRef} tabIndex={-1} color="red" role="alert" title={t('instruments.fixErrors', { count: sectionErrors.length })}>
          <Stack gap={2}>
            {sectionErrors.map((name) => (
              <Anchor key={name} href={`#q-${name}`} size="sm" onClick={(event) => {
                event.preventDefault();
                focusQuestion(name);
              }}>
                {questionTitle(name)}: {message(state.errors[name]!)}
              </Anchor>
            ))}
          </Stack>
        </Alert>
      )}
      <Paper withBorder p="md">
        <Stack gap="md">{render(section.items, 0)}</Stack>
      </Paper>
      <Group justify="space-between">
        <Button variant="default" disabled={index === 0} onClick={() => go(index - 1)}>{t('instruments.previousSection')}</Button>
        {!last ? (
          <Button onClick={() => (readOnly || sectionErrors.length === 0 ? go(index + 1) : setShowAll(true))}>{t('instruments.nextSection')}</Button>
        ) : (
          finalActions?.(Object.keys(state.errors).length === 0, () => setShowAll(true))
        )}
      </Group>
    </Stack>
  );
}
