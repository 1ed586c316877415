import { z } from 'zod';

/** Text in the instrument's languages; `default` holds XLSForm's unsuffixed column. */
export const localText = z.object({ ka: z.string().optional(), en: z.string().optional(), default: z.string().optional() });
export type LocalText = z.infer<typeof localText>;

export const QUESTION_TYPES = [
  'text',
  'integer',
  'decimal',
  'date',
  'select_one',
  'select_multiple',
  'note',
  'calculate',
  'acknowledge',
  'file',
  'image',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const SELECT_TYPES: readonly QuestionType[] = ['select_one', 'select_multiple'];

export const SCORE_METHODS = ['mean', 'sum', 'weighted', 'max'] as const;
export type ScoreMethod = (typeof SCORE_METHODS)[number];

export const choice = z.object({
  name: z.string().min(1).max(100),
  label: localText,
  /** Score of this choice; null marks "not applicable" (excluded from averages). */
  score: z.number().nullable().optional(),
  /** Extra XLSForm choice columns, for choice_filter (e.g. `region`). */
  properties: z.record(z.string(), z.string()).optional(),
});
export type Choice = z.infer<typeof choice>;

export const question = z.object({
  kind: z.literal('question'),
  type: z.enum(QUESTION_TYPES),
  name: z.string().min(1).max(100),
  label: localText.default({}),
  hint: localText.optional(),
  required: z.boolean().optional(),
  requiredMessage: localText.optional(),
  relevant: z.string().max(2000).optional(),
  constraint: z.string().max(2000).optional(),
  constraintMessage: localText.optional(),
  calculation: z.string().max(2000).optional(),
  default: z.string().max(500).optional(),
  readOnly: z.boolean().optional(),
  appearance: z.string().max(100).optional(),
  listName: z.string().max(100).optional(),
  choiceFilter: z.string().max(2000).optional(),
  /** integer/decimal answers count as their own score. */
  scored: z.boolean().optional(),
  /** Weight in a `weighted` section score. */
  weight: z.number().min(0).optional(),
});
export type Question = z.infer<typeof question>;

export interface Group {
  kind: 'group';
  name: string;
  label: LocalText;
  relevant?: string;
  appearance?: string;
  scoreMethod?: ScoreMethod;
  weight?: number;
  items: Item[];
}
export type Item = Question | Group;

export const group: z.ZodType<Group> = z.lazy(() =>
  z.object({
    kind: z.literal('group'),
    name: z.string().min(1).max(100),
    label: localText.default({}),
    relevant: z.string().max(2000).optional(),
    appearance: z.string().max(100).optional(),
    scoreMethod: z.enum(SCORE_METHODS).optional(),
    weight: z.number().min(0).optional(),
    items: z.array(item).max(2000),
  }),
) as z.ZodType<Group>;

export const item: z.ZodType<Item> = z.lazy(() => z.union([question, group]));

export const scoreBand = z.object({ min: z.number(), max: z.number(), label: localText });
export type ScoreBand = z.infer<typeof scoreBand>;

export const definition = z.object({
  items: z.array(item).max(2000),
  choiceLists: z.record(z.string(), z.array(choice).max(500)).default({}),
  scoring: z
    .object({ method: z.enum(SCORE_METHODS).default('mean'), bands: z.array(scoreBand).max(20).default([]) })
    .optional(),
  settings: z.object({ defaultLanguage: z.enum(['ka', 'en']).optional(), formId: z.string().optional() }).default({}),
});
export type Definition = z.infer<typeof definition>;

/** Every question in document order, with the groups that contain it. */
export function flattenQuestions(items: Item[], parents: Group[] = []): { question: Question; parents: Group[] }[] {
  return items.flatMap((entry) =>
    entry.kind === 'group' ? flattenQuestions(entry.items, [...parents, entry]) : [{ question: entry, parents }],
  );
}

export function flattenItems(items: Item[]): Item[] {
  return items.flatMap((entry) => (entry.kind === 'group' ? [entry, ...flattenItems(entry.items)] : [entry]));
}

/** The text in `lang`, falling back to the other language and then XLSForm's default column. */
export function textIn(text: LocalText | undefined, lang: 'ka' | 'en'): string {
  if (!text) return '';
  return text[lang] || text.default || (lang === 'ka' ? text.en : text.ka) || '';
}
