import { z } from 'zod';

/** Text in the instrument's languages; `default` holds XLSForm's unsuffixed column. */
export const localText = z.object({
  ka: z.string().optional(),
  en: z.string().optional(),
  default: z.string().optional(),
  /** Languages other than ka and en, by the language as the form wrote it (`French (fr)`); kept for export. */
  other: z.record(z.string(), z.string()).optional(),
});
export type LocalText = z.infer<typeof localText>;

export const QUESTION_TYPES = [
  'text',
  'integer',
  'decimal',
  'date',
  'time',
  'dateTime',
  'select_one',
  'select_multiple',
  'note',
  'calculate',
  'acknowledge',
  'file',
  'image',
  'rank',
  'geopoint',
  'geotrace',
  'geoshape',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const SELECT_TYPES: readonly QuestionType[] = ['select_one', 'select_multiple', 'rank'];

/** Limits of a definition; the importer reports them with sheet, row and column. */
export const LIMITS = { name: 100, expression: 2000, items: 2000, choicesPerList: 5000, appearance: 100, default: 500 } as const;

/** The choice `or_other` adds to a select (as pyxform does); its text goes to `<name>_other`. */
export const OTHER_CHOICE = { name: 'other', label: { ka: 'სხვა', en: 'Other' } } as const;
export const OTHER_SPECIFY_LABEL = { ka: 'მიუთითეთ სხვა', en: 'Specify other' } as const;

export const SCORE_METHODS = ['mean', 'sum', 'weighted', 'max'] as const;
export type ScoreMethod = (typeof SCORE_METHODS)[number];

export const choice = z.object({
  name: z.string().min(1).max(LIMITS.name),
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
  name: z.string().min(1).max(LIMITS.name),
  label: localText.default({}),
  hint: localText.optional(),
  /** true, or an expression (XLSForm allows `${x} = 'yes'` in the required column). */
  required: z.union([z.boolean(), z.string().max(LIMITS.expression)]).optional(),
  requiredMessage: localText.optional(),
  relevant: z.string().max(LIMITS.expression).optional(),
  constraint: z.string().max(LIMITS.expression).optional(),
  constraintMessage: localText.optional(),
  calculation: z.string().max(LIMITS.expression).optional(),
  default: z.string().max(LIMITS.default).optional(),
  readOnly: z.boolean().optional(),
  appearance: z.string().max(LIMITS.appearance).optional(),
  listName: z.string().max(LIMITS.name).optional(),
  choiceFilter: z.string().max(LIMITS.expression).optional(),
  /** select_one/select_multiple `… or_other`: offers OTHER_CHOICE. */
  orOther: z.boolean().optional(),
  /** The specify-other text question generated for this `or_other` select (not exported as a row). */
  otherOf: z.string().max(LIMITS.name).optional(),
  /** The name as the XLSForm wrote it, when it repeats a name used in another group (see the importer). */
  xlsformName: z.string().max(LIMITS.name).optional(),
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
  /** XLSForm `begin repeat`: the items are answered once per instance. */
  repeat?: boolean;
  /** repeat_count: an expression giving the number of instances (otherwise the person adds them). */
  repeatCount?: string;
  /** The name as the XLSForm wrote it, when it repeats a name used in another group. */
  xlsformName?: string;
  items: Item[];
}
export type Item = Question | Group;

export const group: z.ZodType<Group> = z.lazy(() =>
  z.object({
    kind: z.literal('group'),
    name: z.string().min(1).max(LIMITS.name),
    label: localText.default({}),
    relevant: z.string().max(LIMITS.expression).optional(),
    appearance: z.string().max(LIMITS.appearance).optional(),
    scoreMethod: z.enum(SCORE_METHODS).optional(),
    weight: z.number().min(0).optional(),
    repeat: z.boolean().optional(),
    repeatCount: z.string().max(LIMITS.expression).optional(),
    xlsformName: z.string().max(LIMITS.name).optional(),
    items: z.array(item).max(LIMITS.items),
  }),
) as z.ZodType<Group>;

export const item: z.ZodType<Item> = z.lazy(() => z.union([question, group]));

export const scoreBand = z.object({ min: z.number(), max: z.number(), label: localText });
export type ScoreBand = z.infer<typeof scoreBand>;

export const definition = z.object({
  items: z.array(item).max(LIMITS.items),
  choiceLists: z.record(z.string(), z.array(choice).max(LIMITS.choicesPerList)).default({}),
  scoring: z
    .object({ method: z.enum(SCORE_METHODS).default('mean'), bands: z.array(scoreBand).max(20).default([]) })
    .optional(),
  settings: z
    .object({
      defaultLanguage: z.enum(['ka', 'en']).optional(),
      /** A default language other than ka/en, as written (`French (fr)`): its texts are kept as `default`. */
      defaultLanguageName: z.string().max(100).optional(),
      /** The form's own form_id, exactly as written (exported back unchanged, never invented). */
      formId: z.string().max(200).optional(),
      version: z.string().max(100).optional(),
      allowChoiceDuplicates: z.boolean().optional(),
    })
    .default({}),
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
  return text[lang] || text.default || (lang === 'ka' ? text.en : text.ka) || Object.values(text.other ?? {}).find(Boolean) || '';
}

/** The specify-other question that goes with an `or_other` select (as pyxform generates it). */
export function otherSpecifyQuestion(select: Question): Question {
  return {
    kind: 'question', type: 'text', name: `${select.name}_other`, label: { ...OTHER_SPECIFY_LABEL },
    relevant: `selected(\${${select.name}}, '${OTHER_CHOICE.name}')`, otherOf: select.name,
  };
}

/**
 * Keeps each `or_other` select followed by its specify-other question, and drops specify-other
 * questions whose select no longer offers "Other" (the designer calls this after every edit).
 */
export function syncOtherQuestions(items: Item[]): Item[] {
  const offering = new Set(flattenQuestions(items).filter(({ question: q }) => q.orOther && (q.type === 'select_one' || q.type === 'select_multiple')).map(({ question: q }) => q.name));
  const walk = (list: Item[]): Item[] =>
    list.flatMap((entry, i): Item[] => {
      if (entry.kind === 'group') return [{ ...entry, items: walk(entry.items) }];
      if (entry.otherOf && !offering.has(entry.otherOf)) return [];
      const next = list[i + 1];
      const needsOther = offering.has(entry.name) && !entry.otherOf && !(next?.kind === 'question' && next.otherOf === entry.name);
      return needsOther ? [entry, otherSpecifyQuestion(entry)] : [entry];
    });
  return walk(items);
}

/** A default that is an expression (`today()`, `${other}`), evaluated like a calculation (pyxform's dynamic defaults). */
export function isDynamicDefault(value: string): boolean {
  return /\$\{|\(/.test(value);
}
