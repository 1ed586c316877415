import { Button, Group, Paper, Select, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { flattenQuestions, textIn, type Definition, type Question } from '../../../../common/instruments/definition';
import { conditionExpression, joinCondition, OPERATORS, SELF, type Operator } from './conditions';

const NUMERIC = ['integer', 'decimal', 'calculate'];

interface Props {
  definition: Definition;
  /** The question being edited: a constraint speaks of it as `.`. */
  self?: Question;
  /** `relevant` picks another question; `constraint` compares this question's own answer. */
  mode: 'relevant' | 'constraint';
  current: string | undefined;
  onChange: (expression: string) => void;
}

/** Pick a question, an operator and a value: writes the expression (joined with `and` to what is there). */
export function ConditionBuilder({ definition, self, mode, current, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'ka';
  const questions = flattenQuestions(definition.items).map((e) => e.question).filter((q) => q.type !== 'note' && q.name !== self?.name);
  const [question, setQuestion] = useState<string | null>(mode === 'constraint' ? SELF : null);
  const [operator, setOperator] = useState<Operator>('=');
  const [value, setValue] = useState('');
  const target = question === SELF ? self : questions.find((q) => q.name === question);
  const choices = target?.listName ? (definition.choiceLists[target.listName] ?? []) : [];
  const numeric = !!target && NUMERIC.includes(target.type);
  const add = () => {
    if (!question || value === '') return;
    const part = conditionExpression(question, operator, value, numeric);
    onChange(joinCondition(current, part));
    setValue('');
  };
  const questionData = [
    ...(mode === 'constraint' ? [{ value: SELF, label: t('instruments.conditions.thisAnswer') }] : []),
    ...questions.map((q) => ({ value: q.name, label: `${textIn(q.label, lang) || q.name} (${q.name})` })),
  ];

  return (
    <Paper withBorder p="xs" bg="gray.0" data-testid={`condition-builder-${mode}`}>
      <Text size="xs" fw={600} mb={4}>{t('instruments.conditions.title')}</Text>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select size="xs" label={t('instruments.conditions.question')} searchable value={question} onChange={(v) => { setQuestion(v); setValue(''); }} data={questionData} w={{ base: '100%', sm: 200 }} />
        <Select size="xs" label={t('instruments.conditions.operator')} allowDeselect={false} value={operator} onChange={(v) => v && setOperator(v as Operator)} data={OPERATORS.map((o) => ({ value: o, label: t(`instruments.conditions.operators.${o}`) }))} w={{ base: '100%', sm: 150 }} />
        {choices.length > 0 ? (
          <Select size="xs" label={t('instruments.conditions.value')} value={value || null} onChange={(v) => setValue(v ?? '')} data={choices.map((c) => ({ value: c.name, label: textIn(c.label, lang) || c.name }))} w={{ base: '100%', sm: 160 }} />
        ) : (
          <TextInput size="xs" label={t('instruments.conditions.value')} value={value} onChange={(e) => setValue(e.currentTarget.value)} inputMode={numeric ? 'decimal' : undefined} w={{ base: '100%', sm: 120 }} />
        )}
        <Button size="xs" variant="light" onClick={add} disabled={!question || value === ''}>{t('instruments.conditions.add')}</Button>
      </Group>
    </Paper>
  );
}
