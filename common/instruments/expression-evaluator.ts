import { areaOf, distanceOf, pointsFromOdkText } from './geo';
import { regexMatches } from './regex';
import { parseExpression, type Node } from './expression-parser';

/** Answers and results are strings, numbers or booleans; an empty answer is ''. */
export type Value = string | number | boolean;

export interface EvaluationContext {
  /** The current value of `${name}` ('' when unanswered or unknown). */
  get(name: string): Value;
  /** The value `.` stands for (the question being constrained). */
  self?: Value;
  /** Columns of the choice a choice_filter is testing. */
  field?(name: string): Value;
  /** Injected for tests; defaults to the current date. */
  now?: Date;
  /** Every value of `${name}` (one per repeat instance); defaults to [get(name)]. */
  getAll?(name: string): Value[];
  /** The label of choice `value` of question `name`, for jr:choice-name(). */
  choiceLabel?(name: string, value: string): string;
  /** 1-based number of the repeat instance being evaluated, for position(..). */
  position?: number;
  /** The items of the form's choice list `list` (name, label, extra columns), for instance('list') lookups. */
  choiceList?(list: string): ChoiceRow[] | undefined;
}

/** A choice as instance('list')/root/item sees it: its columns by name. */
export type ChoiceRow = Record<string, string>;

/** The items of a lookup that its predicate selects (`[2]` picks the second, as in XPath). */
function lookupMatches(node: Extract<Node, { type: 'lookup' }>, ctx: EvaluationContext): ChoiceRow[] {
  const rows = ctx.choiceList?.(node.list) ?? [];
  const predicate = node.predicate;
  if (!predicate) return rows;
  if (predicate.type === 'number') {
    const row = rows[predicate.value - 1];
    return row ? [row] : [];
  }
  return rows.filter((row) => toBoolean(evaluateNode(predicate, { ...ctx, field: (name) => row[name] ?? '' })));
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?(Z|[+-]\d{2}:?\d{2})?$/;
const DAY_MS = 86_400_000;

/** A dateTime (without zone: taken as UTC) as days since 1970-01-01, with the time as a fraction. */
function dateTimeDays(text: string): number {
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(withZone);
  return Number.isNaN(ms) ? NaN : ms / DAY_MS;
}

/** A time of day as a fraction of a day (ODK's decimal-time), so times compare and subtract. */
function timeFraction(text: string): number {
  const match = TIME.exec(text);
  if (!match) return NaN;
  return (Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0)) / 86_400;
}

export function toNumber(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = value.trim();
  if (text === '') return NaN;
  // Dates compare and subtract as days since 1970-01-01, as in ODK.
  if (DATE.test(text)) return Math.floor(Date.parse(`${text}T00:00:00Z`) / DAY_MS);
  if (DATE_TIME.test(text)) return dateTimeDays(text);
  if (TIME.test(text)) return timeFraction(text);
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
}

export function toText(value: Value): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value;
}

export function toBoolean(value: Value): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value.length > 0;
}

function equals(a: Value, b: Value): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return toBoolean(a) === toBoolean(b);
  if (typeof a === 'number' || typeof b === 'number') return toNumber(a) === toNumber(b);
  return a === b;
}

function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A date as 'YYYY-MM-DD' from a date string or a day number (days since 1970-01-01); '' if neither. */
function toDate(value: Value): string {
  const text = toText(value).trim();
  if (DATE.test(text.slice(0, 10)) && !Number.isNaN(Date.parse(text.slice(0, 10)))) return text.slice(0, 10);
  const date = new Date(Math.trunc(toNumber(value)) * DAY_MS);
  // Out-of-range day numbers make an invalid Date; they are no date at all.
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/** The subset of ODK's format-date patterns forms use: %Y %m %d %e %y. */
function formatDate(date: string, pattern: string): string {
  if (!date) return '';
  const [y = '', m = '', d = ''] = date.split('-');
  return pattern.replace(/%([Ymdey])/g, (_, code: string) => ({ Y: y, m, d, e: String(Number(d)), y: y.slice(2) })[code] ?? '');
}

function selectedList(value: Value): string[] {
  return toText(value).split(/\s+/).filter(Boolean);
}

/** XPath's round(): half away from zero... upward, to `digits` places. */
function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The values an argument stands for: every instance of a `${ref}`, or the single value. */
function valuesOf(node: Node, ctx: EvaluationContext): Value[] {
  if (node.type === 'ref') return ctx.getAll ? ctx.getAll(node.name) : [ctx.get(node.name)];
  if (node.type === 'lookup') return lookupMatches(node, ctx).map((row) => row[node.column ?? 'name'] ?? '');
  return [evaluateNode(node, ctx)];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** ODK's format-date-time patterns: %Y %m %d %e %y %H %h %M %S %3 %a %b. */
function formatDateTime(value: Value, pattern: string): string {
  const text = toText(value).trim();
  let date: Date;
  if (DATE.test(text)) date = new Date(`${text}T00:00:00Z`);
  else if (DATE_TIME.test(text)) date = new Date(dateTimeDays(text) * DAY_MS);
  else if (text !== '' && !Number.isNaN(toNumber(value))) date = new Date(toNumber(value) * DAY_MS);
  else return '';
  if (Number.isNaN(date.getTime())) return '';
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const codes: Record<string, string> = {
    Y: String(date.getUTCFullYear()),
    y: String(date.getUTCFullYear()).slice(2),
    m: pad(date.getUTCMonth() + 1),
    n: String(date.getUTCMonth() + 1),
    d: pad(date.getUTCDate()),
    e: String(date.getUTCDate()),
    H: pad(date.getUTCHours()),
    h: String(date.getUTCHours()),
    M: pad(date.getUTCMinutes()),
    S: pad(date.getUTCSeconds()),
    '3': pad(date.getUTCMilliseconds(), 3),
    a: days[date.getUTCDay()]!,
    b: months[date.getUTCMonth()]!,
  };
  return pattern.replace(/%([YymndeHhMS3ab])/g, (_, code: string) => codes[code] ?? '');
}

function translate(text: string, from: string, to: string): string {
  const source = [...from];
  const target = [...to];
  return [...text]
    .map((c) => {
      const at = source.indexOf(c);
      return at < 0 ? c : (target[at] ?? '');
    })
    .join('');
}

function call(name: string, args: Node[], ctx: EvaluationContext): Value {
  const arg = (i: number) => evaluateNode(args[i]!, ctx);
  const num = (i: number) => toNumber(arg(i));
  switch (name) {
    case 'if':
      return toBoolean(arg(0)) ? arg(1) : arg(2);
    case 'coalesce':
      for (let i = 0; i < args.length; i++) {
        const v = arg(i);
        if (toText(v) !== '') return v;
      }
      return '';
    case 'selected':
      return selectedList(arg(0)).includes(toText(arg(1)).trim());
    case 'count-selected':
      return selectedList(arg(0)).length;
    case 'string-length':
      return [...toText(arg(0))].length;
    case 'concat':
      return args.map((_, i) => toText(arg(i))).join('');
    case 'regex':
      return regexMatches(toText(arg(0)), toText(arg(1)));
    case 'contains':
      return toText(arg(0)).includes(toText(arg(1)));
    case 'number':
      return toNumber(arg(0));
    case 'int':
      return Math.trunc(toNumber(arg(0)));
    case 'round':
      return round(toNumber(arg(0)), args.length > 1 ? Math.trunc(toNumber(arg(1))) : 0);
    case 'today':
      return isoDate(ctx.now ?? new Date());
    case 'now':
      return (ctx.now ?? new Date()).toISOString();
    case 'not':
      return !toBoolean(arg(0));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'string':
      return toText(arg(0));
    case 'boolean-from-string':
      return ['true', '1'].includes(toText(arg(0)).trim());
    case 'min':
    case 'max': {
      // min(${x}) over a repeat takes every instance; empty answers are left out, as ODK does.
      const values = args.length === 1 ? valuesOf(args[0]!, ctx).filter((v) => toText(v) !== '') : args.map((_, i) => arg(i));
      const numbers = values.map(toNumber);
      if (numbers.length === 0) return NaN;
      return numbers.some(Number.isNaN) ? NaN : name === 'min' ? Math.min(...numbers) : Math.max(...numbers);
    }
    case 'sum':
      return valuesOf(args[0]!, ctx).reduce<number>((total, v) => total + (toText(v) === '' ? 0 : toNumber(v)), 0);
    case 'count':
      return valuesOf(args[0]!, ctx).length;
    case 'count-non-empty':
      return valuesOf(args[0]!, ctx).filter((v) => toText(v) !== '').length;
    case 'join':
      return valuesOf(args[1]!, ctx).map(toText).join(toText(arg(0)));
    case 'indexed-repeat': {
      // indexed-repeat(${x}, ${repeat}, n): the x of instance n.
      const index = Math.trunc(num(2));
      const values = args[0]!.type === 'ref' ? valuesOf(args[0]!, ctx) : [];
      return values[index - 1] ?? '';
    }
    case 'position':
      return ctx.position ?? 1;
    case 'jr:choice-name': {
      const target = toText(arg(1)).trim();
      const question = /^\$\{\s*(.+?)\s*\}$/.exec(target)?.[1] ?? target.split('/').pop() ?? '';
      return ctx.choiceLabel?.(question, toText(arg(0)).trim()) ?? '';
    }
    case 'starts-with':
      return toText(arg(0)).startsWith(toText(arg(1)));
    case 'ends-with':
      return toText(arg(0)).endsWith(toText(arg(1)));
    case 'translate':
      return translate(toText(arg(0)), toText(arg(1)), toText(arg(2)));
    case 'pow':
      return num(0) ** num(1);
    case 'sqrt':
      return Math.sqrt(num(0));
    case 'exp':
      return Math.exp(num(0));
    case 'exp10':
      return 10 ** num(0);
    case 'log':
      return Math.log(num(0));
    case 'log10':
      return Math.log10(num(0));
    case 'floor':
      return Math.floor(num(0));
    case 'ceiling':
      return Math.ceil(num(0));
    case 'pi':
      return Math.PI;
    case 'sin':
      return Math.sin(num(0));
    case 'cos':
      return Math.cos(num(0));
    case 'tan':
      return Math.tan(num(0));
    case 'asin':
      return Math.asin(num(0));
    case 'acos':
      return Math.acos(num(0));
    case 'atan':
      return Math.atan(num(0));
    case 'atan2':
      return Math.atan2(num(0), num(1));
    case 'random':
      return Math.random();
    case 'boolean':
      return toBoolean(arg(0));
    case 'substring': {
      // XPath substring(): 1-based start, optional length.
      const chars = [...toText(arg(0))];
      const start = Math.round(num(1));
      const end = args.length > 2 ? start + Math.round(num(2)) : Infinity;
      return chars.filter((_, i) => i + 1 >= start && i + 1 < end).join('');
    }
    case 'substring-before': {
      const text = toText(arg(0));
      const at = text.indexOf(toText(arg(1)));
      return at < 0 ? '' : text.slice(0, at);
    }
    case 'substring-after': {
      const text = toText(arg(0));
      const needle = toText(arg(1));
      const at = text.indexOf(needle);
      return at < 0 ? '' : text.slice(at + needle.length);
    }
    case 'selected-at':
      return selectedList(arg(0))[Math.trunc(num(1))] ?? '';
    case 'decimal-date-time':
      return toNumber(arg(0));
    case 'decimal-time': {
      const text = toText(arg(0)).trim();
      return TIME.test(text) ? timeFraction(text) : NaN;
    }
    case 'date-time': {
      const days = num(0);
      return Number.isNaN(days) ? '' : new Date(days * DAY_MS).toISOString().replace(/Z$/, '');
    }
    case 'format-date-time':
      return formatDateTime(arg(0), toText(arg(1)));
    case 'area':
      return areaOf(pointsFromOdkText(toText(arg(0))));
    case 'distance': {
      // distance(${trace}), or distance(${a}, ${b}, …) between points.
      const texts = args.length === 1 ? valuesOf(args[0]!, ctx).map(toText) : args.map((_, i) => toText(arg(i)));
      return distanceOf(texts.flatMap(pointsFromOdkText));
    }
    case 'abs':
      return Math.abs(toNumber(arg(0)));
    case 'uuid':
      return globalThis.crypto.randomUUID();
    case 'once':
      // In ODK once() keeps the first value; a calculation here is recomputed, so it is the value.
      return arg(0);
    case 'date':
      return toDate(arg(0));
    case 'substr': {
      const chars = [...toText(arg(0))];
      const start = Math.max(0, Math.trunc(toNumber(arg(1))) || 0);
      const end = args.length > 2 ? Math.trunc(toNumber(arg(2))) : chars.length;
      return chars.slice(start, Number.isNaN(end) ? chars.length : end).join('');
    }
    case 'format-date':
      return formatDate(toDate(arg(0)), toText(arg(1)));
    case 'normalize-space':
      return toText(arg(0)).trim().replace(/\s+/g, ' ');
    default:
      // The parser admits only known functions, so this cannot be reached from parsed input.
      return '';
  }
}

export function evaluateNode(node: Node, ctx: EvaluationContext): Value {
  switch (node.type) {
    case 'number':
    case 'string':
      return node.value;
    case 'ref':
      return ctx.get(node.name);
    case 'self':
      return ctx.self ?? '';
    case 'parent':
      return '';
    case 'field':
      return ctx.field?.(node.name) ?? '';
    case 'lookup':
      return lookupMatches(node, ctx)[0]?.[node.column ?? 'name'] ?? '';
    case 'negate':
      return -toNumber(evaluateNode(node.operand, ctx));
    case 'call':
      return call(node.name, node.args, ctx);
    case 'binary': {
      if (node.op === 'and') return toBoolean(evaluateNode(node.left, ctx)) && toBoolean(evaluateNode(node.right, ctx));
      if (node.op === 'or') return toBoolean(evaluateNode(node.left, ctx)) || toBoolean(evaluateNode(node.right, ctx));
      const left = evaluateNode(node.left, ctx);
      const right = evaluateNode(node.right, ctx);
      switch (node.op) {
        case '=':
          return equals(left, right);
        case '!=':
          return !equals(left, right);
        case '<':
          return toNumber(left) < toNumber(right);
        case '<=':
          return toNumber(left) <= toNumber(right);
        case '>':
          return toNumber(left) > toNumber(right);
        case '>=':
          return toNumber(left) >= toNumber(right);
        case '+':
          return toNumber(left) + toNumber(right);
        case '-':
          return toNumber(left) - toNumber(right);
        case '*':
          return toNumber(left) * toNumber(right);
        case 'div':
          return toNumber(left) / toNumber(right);
        case 'mod':
          return toNumber(left) % toNumber(right);
      }
    }
  }
}

/** Parses (cached) and evaluates; throws only ExpressionError, for a malformed expression. */
export function evaluate(source: string, ctx: EvaluationContext): Value {
  return evaluateNode(parseExpression(source), ctx);
}
