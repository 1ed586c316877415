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
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function toNumber(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = value.trim();
  if (text === '') return NaN;
  // Dates compare and subtract as days since 1970-01-01, as in ODK.
  if (DATE.test(text)) return Math.floor(Date.parse(`${text}T00:00:00Z`) / DAY_MS);
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

function call(name: string, args: Node[], ctx: EvaluationContext): Value {
  const arg = (i: number) => evaluateNode(args[i]!, ctx);
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
      const numbers = args.map((_, i) => toNumber(arg(i)));
      return numbers.some(Number.isNaN) ? NaN : name === 'min' ? Math.min(...numbers) : Math.max(...numbers);
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
    case 'field':
      return ctx.field?.(node.name) ?? '';
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
