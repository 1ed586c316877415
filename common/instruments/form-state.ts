import { flattenQuestions, OTHER_CHOICE, textIn, type Choice, type Definition, type Group, type LocalText, type Question } from './definition';
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
  /** Whether each relevant question must be answered now (`required` may be an expression). */
  required: Record<string, boolean>;
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
  const byName = new Map(entries.map(({ question }) => [question.name, question]));
  const choiceLabel = (name: string, value: string) => {
    const question = byName.get(name);
    const found = question ? choicesOf(question, definition).find((c) => c.name === value) : undefined;
    return found ? textIn(found.label, definition.settings.defaultLanguage ?? 'ka') : '';
  };
  const ctx = { get: (name: string) => values[name] ?? '', now, choiceLabel };
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
  const required: Record<string, boolean> = {};
  for (const { question } of entries) {
    if (!relevant[question.name] || question.type === 'calculate' || question.type === 'note') continue;
    required[question.name] = typeof question.required === 'string' ? toBoolean(safe(question.required)) : !!question.required;
    const problem = checkAnswer(question, values[question.name] ?? '', required[question.name]!, definition, safe);
    if (problem) errors[question.name] = problem;
  }
  return { values, relevant, errors, required };
}

function checkAnswer(
  question: Question,
  value: Value,
  required: boolean,
  definition: Definition,
  safe: (source: string, self?: Value) => Value,
): FieldProblem | null {
  const text = toText(value).trim();
  if (text === '') {
    return required ? { key: 'instruments.errors.required', ...(question.requiredMessage ? { message: question.requiredMessage } : {}) } : null;
  }
  const typeProblem = typeError(question, text, definition);
  if (typeProblem) return { key: typeProblem };
  if (question.constraint && !toBoolean(safe(question.constraint, value))) {
    return { key: 'instruments.errors.constraint', ...(question.constraintMessage ? { message: question.constraintMessage } : {}) };
  }
  return null;
}

/** The choices a select offers: its list, plus "Other" for `or_other`. */
export function choicesOf(question: Question, definition: Definition): Choice[] {
  const choices = question.listName ? (definition.choiceLists[question.listName] ?? []) : [];
  return question.orOther && !choices.some((c) => c.name === OTHER_CHOICE.name) ? [...choices, { ...OTHER_CHOICE, label: { ...OTHER_CHOICE.label } }] : choices;
}

export const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$/;
export const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?$/;

function typeError(question: Question, text: string, definition: Definition): string | null {
  const choices = choicesOf(question, definition);
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
    case 'rank': {
      const ranked = text.split(/\s+/);
      if (new Set(ranked).size !== ranked.length || !ranked.every((v) => choices.some((c) => c.name === v))) return 'instruments.errors.choice';
      return null;
    }
    case 'time':
      return TIME_PATTERN.test(text) ? null : 'instruments.errors.time';
    case 'dateTime':
      return DATE_TIME_PATTERN.test(text) && !Number.isNaN(Date.parse(text.slice(0, 10))) ? null : 'instruments.errors.dateTime';
    case 'acknowledge':
      return text === 'OK' ? null : 'instruments.errors.acknowledge';
    default:
      return null;
  }
}

/** Choices of a select question after its choice_filter, for the current answers. */
export function visibleChoices(question: Question, definition: Definition, values: Answers): Choice[] {
  const choices = choicesOf(question, definition);
  if (!question.choiceFilter) return choices;
  return choices.filter((c) => {
    if (question.orOther && c.name === OTHER_CHOICE.name) return true;
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
  return text.replace(/\$\{\s*([\p{L}_][\p{L}\p{M}\p{N}_.-]*)\s*\}/gu, (_, name: string) => toText(values[name] ?? ''));
}
