import { isDynamicDefault, OTHER_CHOICE, textIn, type Choice, type Definition, type Group, type Item, type LocalText, type Question } from './definition';
import { evaluate, toBoolean, toText, type ChoiceRow, type Value } from './expression-evaluator';
import { ExpressionError } from './expression-parser';
import { GEO_TYPES, geoError, odkGeoText, type GeoType } from './geo';

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
  /** How `${name}` reads from the item answered under `key` (its own repeat instance first). */
  lookup(key: string): (name: string) => Value;
}

const MAX_CALCULATION_PASSES = 5;
/** Upper bound on the instances of one repeat (a runaway repeat_count must not hang the page). */
export const MAX_REPEAT_INSTANCES = 500;

/**
 * Answers are a flat record. A question outside repeats is keyed by its name; inside a repeat by
 * its instance path: `household[2]/age`, `household[2]/child[1]/age` (names never contain `[` or
 * `/`). The number of instances of a repeat is stored under the repeat's own key (`household`: 3).
 */
export function answerKey(path: { repeat: string; index: number }[], name: string): string {
  return `${path.map((p) => `${p.repeat}[${p.index}]/`).join('')}${name}`;
}

/** The question or group name a key answers (`household[2]/age` → `age`). */
export function nameOfKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** One more instance of the repeat stored under `key`, which has `count` now. */
export function addInstance(answers: Answers, key: string, count: number): Answers {
  return { ...answers, [key]: Math.min(count + 1, MAX_REPEAT_INSTANCES) };
}

/** Removes instance `index` (1-based) of the repeat under `key`; later instances move up one. */
export function removeInstance(answers: Answers, key: string, index: number, count: number): Answers {
  const next: Answers = {};
  const instance = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\[(\\d+)\\]/`);
  for (const [answerKey, value] of Object.entries(answers)) {
    const match = instance.exec(answerKey);
    const at = match ? Number(match[1]) : 0;
    if (at === index) continue;
    next[at > index ? answerKey.replace(instance, `${key}[${at - 1}]/`) : answerKey] = value;
  }
  next[key] = Math.max(0, count - 1);
  return next;
}

interface Slot {
  item: Item;
  key: string;
  /** Keys of the groups around the item (outermost first), with their groups. */
  parents: { group: Group; key: string }[];
  path: { repeat: string; index: number }[];
}

/** Where each item sits: the repeats around it, outermost first. */
function repeatsAround(items: Item[], around: string[] = [], into = new Map<string, { item: Item; repeats: string[] }>()) {
  for (const entry of items) {
    into.set(entry.name, { item: entry, repeats: around });
    if (entry.kind === 'group') repeatsAround(entry.items, entry.repeat ? [...around, entry.name] : around, into);
  }
  return into;
}

/**
 * One evaluation of the whole form: calculations, relevance, required and constraints. The
 * browser runs it on every keystroke and the server runs the same code on submission, so both
 * always agree on what is valid. Never throws on a validated definition.
 *
 * Inside a repeat, `${x}` means x of the same instance (or of the enclosing instances); aggregates
 * (sum, count, min, max, join, indexed-repeat) see every instance.
 */
export function evaluateForm(definition: Definition, answers: Answers, now: Date = new Date()): FormState {
  const index = repeatsAround(definition.items);
  const values: Answers = {};
  const relevant: Record<string, boolean> = {};
  // An unanswered question starts from its default (XLSForm `default`); an answer cleared to ''
  // stays cleared.
  const answerOf = (q: Question, key: string, path: Slot['path']): Value => {
    if (key in answers) return answers[key] ?? '';
    if (q.default && isDynamicDefault(q.default)) return toText(safeAt(path, q.default));
    return q.default ?? '';
  };
  const choiceLabel = (name: string, value: string) => {
    const found = index.get(name);
    const question = found?.item.kind === 'question' ? found.item : undefined;
    const choice = question ? choicesOf(question, definition).find((c) => c.name === value) : undefined;
    return choice ? textIn(choice.label, definition.settings.defaultLanguage ?? 'ka') : '';
  };

  /** Locations are GeoJSON in answers, but expressions read them as ODK does ("lat lon alt acc"). */
  const forExpressions = (item: Item, value: Value): Value =>
    item.kind === 'question' && isGeo(item) && typeof value === 'string' && value !== '' ? odkGeoText(value) : value;
  /** The value of `${name}` seen from an item at `path`: same instance where the repeats agree, else the first. */
  const resolve = (path: Slot['path'], name: string): Value => {
    const found = index.get(name);
    if (!found) return '';
    const prefix = found.repeats.map((repeat, depth) => ({ repeat, index: path[depth]?.repeat === repeat ? path[depth]!.index : 1 }));
    return forExpressions(found.item, values[answerKey(prefix, name)] ?? '');
  };
  /** Every value of `${name}` seen from `path`: all instances below the ones `path` shares. */
  const resolveAll = (path: Slot['path'], name: string): Value[] => {
    const found = index.get(name);
    if (!found) return [];
    const isRepeat = found.item.kind === 'group' && !!found.item.repeat;
    const out: Value[] = [];
    const walk = (depth: number, prefix: Slot['path'], shared: boolean) => {
      if (depth === found.repeats.length) {
        const key = answerKey(prefix, name);
        // count(${repeat}) counts its instances.
        if (isRepeat) for (let i = 0; i < Number(values[key] ?? 0); i++) out.push('');
        else out.push(forExpressions(found.item, values[key] ?? ''));
        return;
      }
      const repeat = found.repeats[depth]!;
      const same = shared && path[depth]?.repeat === repeat;
      const count = Number(values[answerKey(prefix, repeat)] ?? 0);
      const indices = same ? [path[depth]!.index] : Array.from({ length: count }, (_, i) => i + 1);
      for (const i of indices) walk(depth + 1, [...prefix, { repeat, index: i }], same);
    };
    walk(0, [], true);
    return out;
  };
  const choiceList = choiceRows(definition);
  const contextAt = (path: Slot['path']) => ({
    get: (name: string) => resolve(path, name),
    getAll: (name: string) => resolveAll(path, name),
    position: path[path.length - 1]?.index ?? 1,
    now,
    choiceLabel,
    choiceList,
  });
  const safeAt = (path: Slot['path'], source: string, self?: Value): Value => {
    try {
      const ctx = contextAt(path);
      return evaluate(source, self === undefined ? ctx : { ...ctx, self });
    } catch (error) {
      if (error instanceof ExpressionError) return '';
      throw error;
    }
  };

  /** Every item instance, in document order; repeats expand to their current number of instances. */
  const expand = (items: Item[], parents: Slot['parents'], path: Slot['path'], into: Slot[]): Slot[] => {
    for (const entry of items) {
      const key = answerKey(path, entry.name);
      into.push({ item: entry, key, parents, path });
      if (entry.kind !== 'group') continue;
      const inner = [...parents, { group: entry, key }];
      if (!entry.repeat) {
        expand(entry.items, inner, path, into);
        continue;
      }
      const stored = Number(answers[key]);
      const wanted = entry.repeatCount ? Math.trunc(Number(safeAt(path, entry.repeatCount))) : Number.isFinite(stored) && key in answers ? stored : 1;
      const count = Math.max(0, Math.min(MAX_REPEAT_INSTANCES, Number.isFinite(wanted) ? wanted : 0));
      values[key] = count;
      for (let i = 1; i <= count; i++) expand(entry.items, inner, [...path, { repeat: entry.name, index: i }], into);
    }
    return into;
  };

  let slots: Slot[] = [];
  // Calculations (and repeat counts) may read each other in any order; a few passes settle them.
  for (let pass = 0; pass < MAX_CALCULATION_PASSES; pass++) {
    let changed = false;
    slots = expand(definition.items, [], [], []);
    for (const slot of slots) {
      const parentRelevant = slot.parents.length === 0 || relevant[slot.parents[slot.parents.length - 1]!.key] !== false;
      const ownRelevant = !slot.item.relevant || toBoolean(safeAt(slot.path, slot.item.relevant));
      relevant[slot.key] = parentRelevant && ownRelevant;
      if (slot.item.kind === 'group') continue;
      const question = slot.item;
      // A calculation sets the value of a calculate, and of a note or read-only question that has one (as in ODK).
      const calculated = question.type === 'calculate' || (!!question.calculation && (question.type === 'note' || !!question.readOnly));
      let next: Value = calculated ? (question.calculation ? safeAt(slot.path, question.calculation) : '') : answerOf(question, slot.key, slot.path);
      if (!relevant[slot.key]) next = '';
      if (next !== values[slot.key]) {
        values[slot.key] = next;
        changed = true;
      }
    }
    if (!changed) break;
  }

  const errors: Record<string, FieldProblem> = {};
  const required: Record<string, boolean> = {};
  for (const slot of slots) {
    const question = slot.item;
    if (question.kind === 'group' || !relevant[slot.key] || question.type === 'calculate' || question.type === 'note') continue;
    required[slot.key] = typeof question.required === 'string' ? toBoolean(safeAt(slot.path, question.required)) : !!question.required;
    const problem = checkAnswer(question, values[slot.key] ?? '', required[slot.key]!, definition, (source, self) => safeAt(slot.path, source, self === undefined ? self : forExpressions(question, self)));
    if (problem) errors[slot.key] = problem;
  }
  const slotByKey = new Map(slots.map((slot) => [slot.key, slot]));
  const lookup = (key: string) => {
    const path = slotByKey.get(key)?.path ?? [];
    return (name: string) => resolve(path, name);
  };
  return { values, relevant, errors, required, lookup };
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

function isGeo(question: Question): question is Question & { type: GeoType } {
  return (GEO_TYPES as readonly string[]).includes(question.type);
}

function typeError(question: Question, text: string, definition: Definition): string | null {
  const choices = choicesOf(question, definition);
  if (isGeo(question)) return geoError(question.type, text);
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

/** The form's choice lists as instance('list')/root/item reads them: name, label (default language), extra columns. */
function choiceRows(definition: Definition): (list: string) => ChoiceRow[] | undefined {
  const cache = new Map<string, ChoiceRow[]>();
  const language = definition.settings.defaultLanguage ?? 'ka';
  return (list) => {
    const choices = definition.choiceLists[list];
    if (!choices) return undefined;
    let rows = cache.get(list);
    if (!rows) {
      rows = choices.map((c) => ({ ...c.properties, name: c.name, label: textIn(c.label, language) }));
      cache.set(list, rows);
    }
    return rows;
  };
}

/** Choices of a select question after its choice_filter, for the current answers (a record, or how to read `${name}`). */
export function visibleChoices(question: Question, definition: Definition, values: Answers | ((name: string) => Value)): Choice[] {
  const get = typeof values === 'function' ? values : (name: string) => values[name] ?? '';
  const choices = choicesOf(question, definition);
  if (!question.choiceFilter) return choices;
  return choices.filter((c) => {
    if (question.orOther && c.name === OTHER_CHOICE.name) return true;
    try {
      return toBoolean(
        evaluate(question.choiceFilter!, {
          get,
          field: (name) => (name === 'name' ? c.name : (c.properties?.[name] ?? '')),
          choiceList: choiceRows(definition),
        }),
      );
    } catch {
      return true;
    }
  });
}

/** XLSForm labels and hints may show answers: `${name}` is replaced by the current value. */
export function interpolate(text: string, values: Answers | ((name: string) => Value)): string {
  const get = typeof values === 'function' ? values : (name: string) => values[name] ?? '';
  return text.replace(/\$\{\s*([\p{L}_][\p{L}\p{M}\p{N}_.-]*)\s*\}/gu, (_, name: string) => toText(get(name)));
}
