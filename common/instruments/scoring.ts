import { type Definition, type Item, type LocalText, type Question, type ScoreMethod } from './definition';
import { toNumber, toText } from './expression-evaluator';
import { answerKey, type FormState } from './form-state';

export interface SectionScore {
  name: string;
  label: LocalText;
  score: number | null;
  /** How many scored answers (not N/A) went into it. */
  count: number;
}

export interface ScoreResult {
  overall: number | null;
  band: LocalText | null;
  sections: SectionScore[];
}

interface Entry {
  score: number;
  weight: number;
}

/** The score one answer contributes: choice scores (N/A → null), or the number itself. */
export function questionScore(question: Question, definition: Definition, value: string): number | null {
  if (value === '') return null;
  if (question.type === 'integer' || question.type === 'decimal') return question.scored ? toNumber(value) : null;
  const choices = question.listName ? definition.choiceLists[question.listName] : undefined;
  if (!choices?.some((c) => c.score !== undefined)) return null;
  const picked = question.type === 'select_multiple' ? value.split(/\s+/) : [value];
  const scores = picked.map((name) => choices.find((c) => c.name === name)?.score).filter((s): s is number => typeof s === 'number');
  if (scores.length === 0) return null;
  return scores.reduce((a, b) => a + b, 0);
}

function aggregate(entries: Entry[], method: ScoreMethod): number | null {
  if (entries.length === 0) return null;
  switch (method) {
    case 'sum':
      return entries.reduce((total, e) => total + e.score, 0);
    case 'max':
      return Math.max(...entries.map((e) => e.score));
    case 'weighted': {
      const weights = entries.reduce((total, e) => total + e.weight, 0);
      return weights === 0 ? null : entries.reduce((total, e) => total + e.score * e.weight, 0) / weights;
    }
    case 'mean':
      return entries.reduce((total, e) => total + e.score, 0) / entries.length;
  }
}

/**
 * Scores a filled-in form: each section aggregates its scored questions and sub-sections by its
 * method (mean by default; N/A and unanswered are left out), the overall score aggregates the
 * top level, and the overall score is mapped to a band (e.g. a maturity level).
 */
export function scoreForm(definition: Definition, state: FormState): ScoreResult {
  const sections: SectionScore[] = [];
  const entriesOf = (items: Item[], path: { repeat: string; index: number }[]): Entry[] =>
    items.flatMap((entry): Entry[] => {
      const key = answerKey(path, entry.name);
      if (state.relevant[key] === false) return [];
      if (entry.kind === 'group') {
        // A repeat scores every instance together, as one section.
        const instances = entry.repeat ? Array.from({ length: Number(state.values[key] ?? 0) }, (_, i) => [...path, { repeat: entry.name, index: i + 1 }]) : [path];
        const inner = instances.flatMap((instancePath) => entriesOf(entry.items, instancePath));
        const score = aggregate(inner, entry.scoreMethod ?? 'mean');
        if (inner.length > 0) sections.push({ name: entry.name, label: entry.label, score, count: inner.length });
        return score === null ? [] : [{ score, weight: entry.weight ?? 1 }];
      }
      const score = questionScore(entry, definition, toText(state.values[key] ?? '').trim());
      return score === null || Number.isNaN(score) ? [] : [{ score, weight: entry.weight ?? 1 }];
    });
  const overall = aggregate(entriesOf(definition.items, []), definition.scoring?.method ?? 'mean');
  const band = overall === null ? null : (definition.scoring?.bands.find((b) => overall >= b.min && overall <= b.max)?.label ?? null);
  return { overall: overall === null ? null : Math.round(overall * 100) / 100, band, sections };
}
