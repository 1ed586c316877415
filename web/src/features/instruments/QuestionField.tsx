import { Anchor, Button, Checkbox, FileInput, Group, NativeSelect, Radio, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { textIn, type Choice, type Question } from '../../../../common/instruments/definition';
import type { Value } from '../../../../common/instruments/expression-evaluator';
import { interpolate, type Answers } from '../../../../common/instruments/form-state';
import type { Attachment } from '../../../../common/schemas/response';
import { GeoField } from './GeoField';
import { QuestionFieldset, whenLeaving } from './QuestionFieldset';

interface Props {
  question: Question;
  /** The answer's key: the name, or the instance path inside a repeat (`household[2]/age`). */
  fieldKey: string;
  value: Value;
  choices: Choice[];
  /** Whether an answer is needed now (the form's `required` may be an expression). */
  required: boolean;
  lang: 'ka' | 'en';
  error?: string;
  readOnly?: boolean;
  onChange: (value: string) => void;
  onBlur: () => void;
  /** Current values, for `${name}` in labels and hints. */
  values: Answers | ((name: string) => Value);
  /** Saved file answering this question, when there is one. */
  attachment?: Pick<Attachment, 'id' | 'filename'> & { onDevice?: boolean };
  /** Uploads a file for a file/photo question; absent where files cannot be stored (preview). */
  onAttach?: (file: File) => Promise<void>;
}

/**
 * One question as an accessible control: a labelled input, or a fieldset with a legend for
 * choices; the hint and the error are tied to it with aria-describedby.
 */
export function QuestionField({ question, fieldKey, value, choices, required, lang, error, readOnly, onChange, onBlur, values, attachment, onAttach }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const ownLabel = interpolate(textIn(question.label, lang), values);
  const hintText = interpolate(textIn(question.hint, lang), values) || undefined;
  // A form may give only a hint (pyxform allows it): it then labels the question.
  const label = ownLabel || hintText || question.name;
  const hint = ownLabel ? hintText : undefined;
  const text = value === '' || value === undefined ? '' : String(value);
  const common = { label, description: hint, error, required, readOnly: readOnly || question.readOnly, onBlur, id: `q-${fieldKey}` };

  if (question.type === 'note') return <Text id={`q-${fieldKey}`}>{label}</Text>;
  if (question.type === 'calculate') return null;

  if (question.type === 'select_one' && question.appearance?.includes('minimal')) {
    return (
      <NativeSelect {...common} value={text} onChange={(e) => onChange(e.currentTarget.value)}
        data={[{ value: '', label: '—' }, ...choices.map((c) => ({ value: c.name, label: textIn(c.label, lang) }))]} />
    );
  }
  if (question.type === 'select_one' || question.type === 'select_multiple') {
    const multiple = question.type === 'select_multiple';
    const selected = text.split(/\s+/).filter(Boolean);
    const toggle = (name: string, on: boolean) =>
      onChange((on ? [...selected, name] : selected.filter((s) => s !== name)).join(' '));
    return (
      <QuestionFieldset fieldKey={fieldKey} id={id} label={label} required={required} hint={hint} error={error}>
        <Stack gap={6} className={question.appearance?.includes('likert') ? 'likert' : undefined}>
          {choices.map((c) =>
            multiple ? (
              <Checkbox key={c.name} label={textIn(c.label, lang)} checked={selected.includes(c.name)} disabled={readOnly} onChange={(e) => toggle(c.name, e.currentTarget.checked)} onBlur={whenLeaving(onBlur)} />
            ) : (
              <Radio key={c.name} name={`${id}-${question.name}`} value={c.name} label={textIn(c.label, lang)} checked={text === c.name} disabled={readOnly} onChange={() => onChange(c.name)} onBlur={whenLeaving(onBlur)} />
            ),
          )}
        </Stack>
      </QuestionFieldset>
    );
  }
  if (question.type === 'geopoint' || question.type === 'geotrace' || question.type === 'geoshape') {
    return <GeoField type={question.type} fieldKey={fieldKey} text={text} label={label} hint={hint} error={error} required={required} readOnly={readOnly || question.readOnly} onChange={onChange} onBlur={onBlur} />;
  }
  if (question.type === 'rank') {
    return <RankField fieldKey={fieldKey} text={text} choices={choices} required={required} lang={lang} label={label} hint={hint} error={error} readOnly={readOnly} onChange={onChange} />;
  }
  if (question.type === 'acknowledge') {
    return <Checkbox {...common} label={label} checked={text === 'OK'} disabled={readOnly} onChange={(e) => onChange(e.currentTarget.checked ? 'OK' : '')} />;
  }
  if (question.type === 'text' && question.appearance?.includes('multiline')) {
    return <Textarea {...common} autosize minRows={3} value={text} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
  if (question.type === 'file' || question.type === 'image') {
    const photo = question.type === 'image';
    return (
      <Stack gap={4}>
        <FileInput
          {...common}
          description={hint ?? (onAttach ? undefined : t('instruments.filesInFormsOnly'))}
          accept={photo ? 'image/*' : undefined}
          placeholder={photo ? t('instruments.choosePhoto') : t('instruments.chooseFile')}
          disabled={readOnly || question.readOnly || !onAttach}
          value={null}
          onChange={(file) => file && void onAttach?.(file)}
        />
        {attachment && text === attachment.id && !attachment.onDevice && (
          <Anchor href={`/api/v1/attachments/${attachment.id}`} size="sm">
            {t('instruments.attached', { name: attachment.filename })}
          </Anchor>
        )}
        {/* A file kept on the device (a form filled offline) has nothing to download from the server yet. */}
        {attachment && text === attachment.id && attachment.onDevice && <Text size="sm">{t('instruments.attached', { name: attachment.filename })}</Text>}
      </Stack>
    );
  }
  const inputMode = question.type === 'integer' ? 'numeric' : question.type === 'decimal' ? 'decimal' : undefined;
  const inputType = { date: 'date', time: 'time', dateTime: 'datetime-local' }[question.type as string] ?? 'text';
  return (
    <TextInput {...common} type={inputType} step={question.type === 'time' || question.type === 'dateTime' ? 1 : undefined} inputMode={inputMode} value={text} onChange={(e) => onChange(e.currentTarget.value)} />
  );
}

interface RankProps {
  fieldKey: string;
  text: string;
  choices: Choice[];
  required: boolean;
  lang: 'ka' | 'en';
  label: string;
  hint?: string;
  error?: string;
  readOnly?: boolean;
  onChange: (value: string) => void;
}

/**
 * XLSForm `rank`: the choices in an ordered list, moved with buttons (keyboard and screen-reader
 * friendly, no dragging). The answer is every choice name in rank order; until the person acts,
 * the question is unanswered.
 */
function RankField({ fieldKey, text, choices, required, lang, label, hint, error, readOnly, onChange }: RankProps) {
  const { t } = useTranslation();
  const id = useId();
  const ranked = text.split(/\s+/).filter((name) => choices.some((c) => c.name === name));
  const order = [...ranked, ...choices.map((c) => c.name).filter((name) => !ranked.includes(name))];
  const labelOf = (name: string) => textIn(choices.find((c) => c.name === name)?.label, lang) || name;
  const buttonId = (name: string, direction: 'up' | 'down') => `${id}-${name}-${direction}`;
  const move = (from: number, to: number) => {
    const next = [...order];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    onChange(next.join(' '));
    // The focus stays with the choice that moved, on the same arrow while it can go further, else on
    // the other one: moving a list item in the page, or disabling its button at the end, drops it.
    const direction = to < from ? 'up' : 'down';
    const further = direction === 'up' ? to > 0 : to < next.length - 1;
    requestAnimationFrame(() => document.getElementById(buttonId(moved!, further ? direction : direction === 'up' ? 'down' : 'up'))?.focus());
  };
  return (
    <QuestionFieldset fieldKey={fieldKey} id={id} label={label} required={required} hint={hint} error={error}>
      <ol className="rank-list">
        {order.map((name, i) => (
          <li key={name}>
            <Group gap="xs" wrap="nowrap">
              <Text style={{ flex: 1 }}>{labelOf(name)}</Text>
              <Button id={buttonId(name, 'up')} size="compact-sm" variant="default" disabled={readOnly || i === 0} aria-label={t('instruments.rank.up', { name: labelOf(name) })} onClick={() => move(i, i - 1)}>↑</Button>
              <Button id={buttonId(name, 'down')} size="compact-sm" variant="default" disabled={readOnly || i === order.length - 1} aria-label={t('instruments.rank.down', { name: labelOf(name) })} onClick={() => move(i, i + 1)}>↓</Button>
            </Group>
          </li>
        ))}
      </ol>
      {!readOnly && ranked.length === 0 && order.length > 0 && (
        <Button
          size="compact-sm"
          variant="light"
          onClick={() => {
            onChange(order.join(' '));
            // The button goes once the order is kept: the focus goes to the list it kept.
            requestAnimationFrame(() => document.getElementById(buttonId(order[0]!, 'down'))?.focus());
          }}
        >
          {t('instruments.rank.keep')}
        </Button>
      )}
    </QuestionFieldset>
  );
}
