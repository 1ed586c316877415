import { Anchor, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { flattenQuestions, textIn, type Definition } from '../../../../common/instruments/definition';
import { toText } from '../../../../common/instruments/expression-evaluator';
import { evaluateForm } from '../../../../common/instruments/form-state';
import type { Answers } from '../instruments/FormRenderer';

/** A submitted form as text: each question shown with its answer (choice labels, links to files), not as disabled inputs. */
export function ReadableAnswers({ definition, answers, lang }: { definition: Definition; answers: Answers; lang: 'ka' | 'en' }) {
  const { t } = useTranslation();
  const state = evaluateForm(definition, answers);
  const shown = flattenQuestions(definition.items).filter(({ question }) => question.type !== 'note' && question.type !== 'calculate' && state.relevant[question.name] !== false);
  const answerText = (name: string) => {
    const value = answers[name];
    return value === undefined ? '' : toText(value).trim();
  };
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">{t('responses.answersTitle')}</Title>
      <Stack component="dl" gap="sm" m={0}>
        {shown.map(({ question, parents }) => {
          const text = answerText(question.name);
          const choices = question.listName ? (definition.choiceLists[question.listName] ?? []) : [];
          const label = (code: string) => textIn(choices.find((c) => c.name === code)?.label, lang) || code;
          let answer: React.ReactNode = text;
          if (!text) answer = <Text span c="dimmed">{t('responses.notAnswered')}</Text>;
          else if (question.type === 'select_one') answer = label(text);
          else if (question.type === 'select_multiple') answer = text.split(/\s+/).map(label).join('; ');
          else if (question.type === 'file' || question.type === 'image') answer = <Anchor href={`/api/v1/attachments/${text}`}>{t('responses.uploaded')}</Anchor>;
          return (
            <div key={question.name} id={`q-${question.name}`}>
              <Text component="dt" size="sm" fw={600}>
                {[...parents.map((g) => textIn(g.label, lang)).filter(Boolean), textIn(question.label, lang) || question.name].join(' · ')}
              </Text>
              <Text component="dd" ms={0}>{answer}</Text>
            </div>
          );
        })}
      </Stack>
    </Paper>
  );
}
