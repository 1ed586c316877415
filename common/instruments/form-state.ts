import { flattenQuestions, type Choice, type Definition, type Group, type LocalText, type Question } from './definition';
import { evaluate, toBoolean, toText, type Value } from './expression-evaluator';
import { ExpressionError } from './expression-parser';

export type Answers = Record<string, Value>;

export interface FieldProblem {
  /** Catalogue key (instruments.errors.*), used when the instrument gives no message of its own. */
  key: string;
  /** The instrument's own message (constraint_message / required_message), when it has one. */
  message?: LocalText;
}

export interface FormState {
  /** Answers plus calculated values; irrelevant questions read as ''. */
  values: Answers;
  /** Relevance of every group and question, by name. */
  relevant: Record<string, boolean>;
  /** Problems of relevant questions, by name. */
  errors: Record<string, FieldProblem>;
}

const MAX_CALCULATION_PASSES = 5;

/**
 * One evaluation of the whole form: calculations, relevance, required and constraints. The
 * browser runs it on every keystroke and the server runs the same code on submission, so both
 * always agree on what is valid. Never throws on a validated definition.
 */
export function evaluateForm(definition: Definition, answers: Answers, now: Date = new Date()): FormState {
  const entries = flattenQuestions(definition.items);
  const values: Answers = {};
  // An unanswered question starts from its default (XLSForm `default`); an answer cleared to ''
  // stays cleared.
  const answerOf = (q: Question): Value => (q.name in answers ? (answers[q.name] ?? '') : (q.default ?? ''));
  for (const { question } of entries) values[question.name] = question.type === 'calculate' ? '' : answerOf(question);
  const relevant: Record<string, boolean> = {};
  const ctx = { get: (name: string) => values[name] ?? '', now };
  const safe = (source: string, self?: Value): Value => {
    try {
      return evaluate(source, self === undefined ? ctx : { ...ctx, self });
    } catch (error) {
      if (error instanceof ExpressionError) return '';
      throw error;
    }
  };

  const groupRelevant = new Map<Group, boolean>();
  const isGroupRelevant = (group: Group, parentsRelevant: boolean) => {
    if (!groupRelevant.has(group)) groupRelevant.set(group, parentsRelevant && (!group.relevant || toBoolean(safe(group.relevant))));
    return groupRelevant.get(group)!;
  };

  // Calculations may read each other in any order; a few passes settle them.
  for (let pass = 0; pass < MAX_CALCULATION_PASSES; pass++) {
    groupRelevant.clear();
    let changed = false;
    for (const { question, parents } of entries) {
      const parentsRelevant = parents.every((group, i) => isGroupRelevant(group, i === 0 || groupRelevant.get(parents[i - 1]!) !== false));
      const isRelevant = parentsRelevant && (!question.relevant || toBoolean(safe(question.relevant)));
      relevant[question.name] = isRelevant;
      for (const group of parents) relevant[group.name] = groupRelevant.get(group)!;
      let next: Value = question.type === 'calculate' ? (question.calculation ? safe(question.calculation) : '') : answerOf(question);
      if (!isRelevant) next = '';
      if (next !== values[question.name]) {
        values[question.name] = next;
        changed = true;
      }
    }
    if (!changed) break;
  }

  const errors: Record<string, FieldProblem> = {};
  for (const { question } of entries) {
    if (!relevant[question.name] || question.type === 'calculate' || question.type === 'note') continue;
    const problem = checkAnswer(question, values[question.name] ?? '', definition, safe);
    if (problem) errors[question.name] = problem;
  }
  return { values, relevant, errors };
}

function checkAnswer(
  question: Question,
  value: Value,
  definition: Definition,
  safe: (source: string, self?: Value) => Value,
): FieldProblem | null {
  const text = toText(value).trim();
  if (text === '') {
    return question.required ? { key: 'instruments.errors.required', ...(question.requiredMessage ? { message: question.requiredMessage } : {}) } : null;
  }
  const typeProblem = typeError(question, text, definition);
  if (typeProblem) return { key: typeProblem };
  if (question.constraint && !toBoolean(safe(question.constraint, value))) {
    return { key: 'instruments.errors.constraint', ...(question.constraintMessage ? { message: question.constraintMessage } : {}) };
  }
  return null;
}

function typeError(question: Question, text: string, definition: Definition): string | null {
  const choices: Choice[] = question.listName ? (definition.choiceLists[question.listName] ?? []) : [];
  switch (question.type) {
    case 'integer':
      return /^[+-]?\d+$/.test(text) ? null : 'instruments.errors.integer';
    case 'decimal':
      return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? null : 'instruments.errors.decimal';
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text)) ? null : 'instruments.errors.date';
    case 'select_one':
      return choices.some((c) => c.name === text) ? null : 'instruments.errors.choice';
    case 'select_multiple':
      return text.split(/\s+/).every((v) => choices.some((c) => c.name === v)) ? null : 'instruments.errors.choice';
    case 'acknowledge':
      return text === 'OK' ? null : 'instruments.errors.acknowledge';
    default:
      return null;
  }
}

/** Choices of a select question after its choice_filter, for the current answers. */
export function visibleChoices(question: Question, definition: Definition, values: Answers): Choice[] {
  const choices = question.listName ? (definition.choiceLists[question.listName] ?? []) : [];
  if (!question.choiceFilter) return choices;
  return choices.filter((c) => {
    try {
      return toBoolean(
        evaluate(question.choiceFilter!, {
          get: (name) => values[name] ?? '',
          field: (name) => (name === 'name' ? c.name : (c.properties?.[name] ?? '')),
        }),
      );
    } catch {
      return true;
    }
  });
}

/** XLSForm labels and hints may show answers: `${name}` is replaced by the current value. */
export function interpolate(text: string, values: Answers): string {
  return text.replace(/\$\{\s*([A-Za-z_][\w.-]*)\s*\}/g, (_, name: string) => toText(values[name] ?? ''));
}
