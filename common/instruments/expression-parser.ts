import { isValidRegex } from './regex';

/**
 * XLSForm's expression subset (XPath 1.0 flavoured): `${name}`, `.`, numbers, strings,
 * + - * div mod, = != < <= > >=, and/or, function calls. Parsing never throws anything but an
 * ExpressionError that says where and why, so a bad expression is caught when an instrument is
 * defined, never while someone fills it in.
 */

export type ExpressionErrorCode =
  | 'empty'
  | 'unexpected_character'
  | 'unterminated_string'
  | 'unterminated_reference'
  | 'unexpected_token'
  | 'unexpected_end'
  | 'unknown_function'
  | 'wrong_argument_count';

export class ExpressionError extends Error {
  constructor(
    readonly code: ExpressionErrorCode,
    /** Character offset in the expression where the problem is. */
    readonly position: number,
    readonly detail = '',
  ) {
    super(`${code} at ${position}${detail ? `: ${detail}` : ''}`);
    this.name = 'ExpressionError';
  }
}

export type Node =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ref'; name: string; position: number }
  | { type: 'self' }
  /** `..`: the parent node; only meaningful as position(..) (the repeat instance number). */
  | { type: 'parent' }
  /** A bare name: a column of the choice being filtered (only meaningful in choice_filter). */
  | { type: 'field'; name: string; position: number }
  | { type: 'call'; name: string; args: Node[]; position: number }
  /**
   * `instance('list')/root/item[predicate]/column`: a lookup in one of the form's own choice
   * lists, as pyxform allows. Inside the predicate bare names are the item's columns (`name`,
   * `label`, extra choice columns); the value is `column` of the first matching item (`name`
   * when no column is given), and aggregates (count, sum, join…) see every match.
   */
  | { type: 'lookup'; list: string; predicate?: Node; column?: string; position: number }
  | { type: 'binary'; op: BinaryOp; left: Node; right: Node }
  | { type: 'negate'; operand: Node };

export type BinaryOp = 'or' | 'and' | '=' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | 'div' | 'mod';

/** Function name → [min, max] arguments (max Infinity for variadic). */
export const FUNCTIONS: Record<string, [number, number]> = {
  selected: [2, 2],
  'count-selected': [1, 1],
  if: [3, 3],
  coalesce: [2, Infinity],
  'string-length': [1, 1],
  concat: [1, Infinity],
  regex: [2, 2],
  contains: [2, 2],
  number: [1, 1],
  int: [1, 1],
  round: [1, 2],
  today: [0, 0],
  now: [0, 0],
  not: [1, 1],
  true: [0, 0],
  false: [0, 0],
  string: [1, 1],
  'boolean-from-string': [1, 1],
  min: [1, Infinity],
  max: [1, Infinity],
  abs: [1, 1],
  // Common in ODK/Kobo forms:
  uuid: [0, 0],
  once: [1, 1],
  date: [1, 1],
  substr: [2, 3],
  'format-date': [2, 2],
  'normalize-space': [1, 1],
  // ODK XForms functions real forms use:
  'jr:choice-name': [2, 2],
  'starts-with': [2, 2],
  'ends-with': [2, 2],
  translate: [3, 3],
  pow: [2, 2],
  sqrt: [1, 1],
  exp: [1, 1],
  exp10: [1, 1],
  log: [1, 1],
  log10: [1, 1],
  floor: [1, 1],
  ceiling: [1, 1],
  pi: [0, 0],
  sin: [1, 1],
  cos: [1, 1],
  tan: [1, 1],
  asin: [1, 1],
  acos: [1, 1],
  atan: [1, 1],
  atan2: [2, 2],
  random: [0, 0],
  boolean: [1, 1],
  substring: [2, 3],
  'substring-before': [2, 2],
  'substring-after': [2, 2],
  sum: [1, 1],
  count: [1, 1],
  'count-non-empty': [1, 1],
  join: [2, 2],
  'selected-at': [2, 2],
  'decimal-date-time': [1, 1],
  'decimal-time': [1, 1],
  'date-time': [1, 1],
  'format-date-time': [2, 2],
  'indexed-repeat': [3, 7],
  position: [0, 1],
  area: [1, 1],
  distance: [1, Infinity],
};

type Token =
  | { kind: 'number'; value: number; position: number }
  | { kind: 'string'; value: string; position: number }
  | { kind: 'ref'; value: string; position: number }
  | { kind: 'name'; value: string; position: number }
  | { kind: 'op'; value: string; position: number }
  | { kind: 'lookup'; list: string; predicate?: Node; column?: string; position: number }
  | { kind: 'end'; position: number };

const LOOKUP_FORM = "instance('list')/root/item[…]/column";

/** The index just after the `]` that closes the `[` at `open` (brackets nest; quoted text is skipped). */
function closingBracket(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i]!;
    if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError('unterminated_string', i);
      i = end;
    } else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i + 1;
  }
  throw new ExpressionError('unexpected_end', source.length, 'expected ]');
}

/** Reads `instance('list')/root/item[predicate]/column` from `start` (the `instance(` is there). */
function readLookup(source: string, start: number): { token: Extract<Token, { kind: 'lookup' }>; end: number } {
  const head = /^instance\s*\(\s*(['"])([^'"]*)\1\s*\)\s*\/\s*root\s*\/\s*item/.exec(source.slice(start));
  if (!head) throw new ExpressionError('unexpected_token', start, `instance() lookups take the form ${LOOKUP_FORM}`);
  let i = start + head[0].length;
  let predicate: Node | undefined;
  if (source[i] === '[') {
    const end = closingBracket(source, i);
    const inner = source.slice(i + 1, end - 1);
    try {
      predicate = parseExpression(inner);
    } catch (error) {
      if (error instanceof ExpressionError) throw new ExpressionError(error.code, i + 1 + error.position, error.detail);
      throw error;
    }
    i = end;
  }
  let column: string | undefined;
  const tail = /^\s*\/\s*([\p{L}_][\p{L}\p{M}\p{N}_.-]*)/u.exec(source.slice(i));
  if (tail) {
    column = tail[1]!;
    i += tail[0].length;
  }
  return { token: { kind: 'lookup', list: head[2]!, predicate, column, position: start }, end: i };
}

const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{M}\p{N}_.-]/u;
/** A question name (XML name, any script). */
export const REFERENCE_NAME = /^[\p{L}_][\p{L}\p{M}\p{N}_.-]*$/u;

/** Reads `/data/group/x` or `../x` from `start`; returns the last step (the question name) and where it ends. */
function readPath(source: string, start: number): { name: string; end: number } | null {
  const match = /^(?:\.\.\/|\.\/|\/)*(?:[\p{L}_][\p{L}\p{M}\p{N}_.-]*\/|\.\.\/)*[\p{L}_][\p{L}\p{M}\p{N}_.-]*/u.exec(source.slice(start));
  if (!match || !match[0].includes('/')) return null;
  const steps = match[0].split('/');
  return { name: steps[steps.length - 1]!, end: start + match[0].length };
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '$' && source[i + 1] === '{') {
      const end = source.indexOf('}', i + 2);
      if (end < 0) throw new ExpressionError('unterminated_reference', i);
      const name = source.slice(i + 2, end).trim();
      if (!REFERENCE_NAME.test(name)) throw new ExpressionError('unexpected_character', i + 2, name);
      tokens.push({ kind: 'ref', value: name, position: i });
      i = end + 1;
    } else if (c === "'" || c === '"') {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError('unterminated_string', i);
      tokens.push({ kind: 'string', value: source.slice(i + 1, end), position: i });
      i = end + 1;
    } else if (/^instance\s*\(/.test(source.slice(i, i + 20))) {
      // instance('list')/root/item[…]/column: a lookup in one of the form's choice lists.
      const lookup = readLookup(source, i);
      tokens.push(lookup.token);
      i = lookup.end;
    } else if (source.startsWith('current()/', i)) {
      // `current()/../x` (XPath's way to say ${x} inside a choice filter) names the question x.
      i += 'current()'.length;
    } else if ((c === '/' || c === '.') && readPath(source, i)) {
      // Absolute (`/data/x`) and relative (`../x`) paths, as pyxform writes them, name a question.
      const path = readPath(source, i)!;
      tokens.push({ kind: 'ref', value: path.name, position: i });
      i = path.end;
    } else if (c === '.' && source[i + 1] === '.') {
      tokens.push({ kind: 'op', value: '..', position: i });
      i += 2;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(source[i + 1] ?? ''))) {
      const match = /^\d*\.?\d+(?:[eE][+-]?\d+)?|^\d+\.?/.exec(source.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]), position: i });
      i += match[0].length;
    } else if (NAME_START.test(c)) {
      let end = i + 1;
      while (end < source.length && NAME_PART.test(source[end]!)) end++;
      // Namespaced functions: jr:choice-name.
      if (source[end] === ':' && NAME_START.test(source[end + 1] ?? '')) {
        end++;
        while (end < source.length && NAME_PART.test(source[end]!)) end++;
      }
      tokens.push({ kind: 'name', value: source.slice(i, end), position: i });
      i = end;
    } else {
      const two = source.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ kind: 'op', value: two, position: i });
        i += 2;
      } else if ('+-*=<>(),.'.includes(c)) {
        tokens.push({ kind: 'op', value: c, position: i });
        i++;
      } else {
        throw new ExpressionError('unexpected_character', i, c);
      }
    }
  }
  tokens.push({ kind: 'end', position: source.length });
  return tokens;
}

const BINARY_PRECEDENCE: Record<string, number> = {
  or: 1,
  and: 2,
  '=': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  div: 6,
  mod: 6,
};
const UNARY_PRECEDENCE = 7;

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }
  private next(): Token {
    return this.tokens[this.index++]!;
  }
  private expectOp(value: string): Token {
    const token = this.next();
    if (token.kind === 'end') throw new ExpressionError('unexpected_end', token.position, `expected ${value}`);
    if (token.kind !== 'op' || token.value !== value) throw new ExpressionError('unexpected_token', token.position, `expected ${value}`);
    return token;
  }

  parseAll(): Node {
    const node = this.parseExpression(0);
    const rest = this.peek();
    if (rest.kind !== 'end') throw new ExpressionError('unexpected_token', rest.position, tokenText(rest));
    return node;
  }

  private binaryOperator(token: Token): BinaryOp | null {
    if (token.kind === 'op' && token.value in BINARY_PRECEDENCE) return token.value as BinaryOp;
    if (token.kind === 'name' && ['or', 'and', 'div', 'mod'].includes(token.value)) return token.value as BinaryOp;
    return null;
  }

  private parseExpression(minPrecedence: number): Node {
    let left = this.parsePrefix();
    for (;;) {
      const op = this.binaryOperator(this.peek());
      if (!op || BINARY_PRECEDENCE[op]! <= minPrecedence) return left;
      this.next();
      const right = this.parseExpression(BINARY_PRECEDENCE[op]!);
      left = { type: 'binary', op, left, right };
    }
  }

  private parsePrefix(): Node {
    const token = this.next();
    switch (token.kind) {
      case 'end':
        throw new ExpressionError('unexpected_end', token.position);
      case 'number':
        return { type: 'number', value: token.value };
      case 'string':
        return { type: 'string', value: token.value };
      case 'ref':
        return { type: 'ref', name: token.value, position: token.position };
      case 'lookup':
        return { type: 'lookup', list: token.list, predicate: token.predicate, column: token.column, position: token.position };
      case 'name':
        return this.parseCall(token);
      case 'op':
        if (token.value === '-') return { type: 'negate', operand: this.parseExpression(UNARY_PRECEDENCE) };
        if (token.value === '.') return { type: 'self' };
        if (token.value === '..') return { type: 'parent' };
        if (token.value === '(') {
          const inner = this.parseExpression(0);
          this.expectOp(')');
          return inner;
        }
        throw new ExpressionError('unexpected_token', token.position, token.value);
    }
  }

  private parseCall(token: Extract<Token, { kind: 'name' }>): Node {
    const open = this.peek();
    if (open.kind !== 'op' || open.value !== '(') {
      if (['or', 'and', 'div', 'mod'].includes(token.value)) throw new ExpressionError('unexpected_token', token.position, token.value);
      return { type: 'field', name: token.value, position: token.position };
    }
    const arity = FUNCTIONS[token.value];
    if (!arity) throw new ExpressionError('unknown_function', token.position, token.value);
    this.next();
    const args: Node[] = [];
    if (!(this.peek().kind === 'op' && (this.peek() as { value: string }).value === ')')) {
      args.push(this.parseExpression(0));
      while (this.peek().kind === 'op' && (this.peek() as { value: string }).value === ',') {
        this.next();
        args.push(this.parseExpression(0));
      }
    }
    this.expectOp(')');
    if (args.length < arity[0] || args.length > arity[1]) {
      throw new ExpressionError('wrong_argument_count', token.position, `${token.value}() takes ${arity[0] === arity[1] ? arity[0] : `${arity[0]}+`}`);
    }
    if (token.value === 'regex' && args[1]?.type === 'string') {
      if (!isValidRegex(args[1].value)) throw new ExpressionError('unexpected_token', token.position, 'invalid regular expression');
    }
    return { type: 'call', name: token.value, args, position: token.position };
  }
}

function tokenText(token: Token): string {
  return token.kind === 'end' ? '' : token.kind === 'lookup' ? `instance('${token.list}')` : String(token.value);
}

const cache = new Map<string, Node>();

/** Parses (with a cache: forms re-evaluate the same expressions on every keystroke). */
export function parseExpression(source: string): Node {
  const cached = cache.get(source);
  if (cached) return cached;
  if (source.trim() === '') throw new ExpressionError('empty', 0);
  const node = new Parser(tokenize(source)).parseAll();
  if (cache.size > 5000) cache.clear();
  cache.set(source, node);
  return node;
}

/** Bare names in an expression (choice columns in a choice_filter; mistakes anywhere else). */
export function fieldsOf(node: Node, into: string[] = []): string[] {
  if (node.type === 'field') into.push(node.name);
  else if (node.type === 'call') node.args.forEach((arg) => fieldsOf(arg, into));
  else if (node.type === 'binary') {
    fieldsOf(node.left, into);
    fieldsOf(node.right, into);
  } else if (node.type === 'negate') fieldsOf(node.operand, into);
  return into;
}

/** Every `${name}` an expression reads. */
export function referencesOf(node: Node, into: Set<string> = new Set()): Set<string> {
  switch (node.type) {
    case 'ref':
      into.add(node.name);
      break;
    case 'call':
      node.args.forEach((arg) => referencesOf(arg, into));
      // jr:choice-name(value, '${question}') names its question inside a string.
      if (node.name === 'jr:choice-name' && node.args[1]?.type === 'string') {
        const name = /^\s*\$\{\s*(.+?)\s*\}\s*$/.exec(node.args[1].value)?.[1];
        if (name) into.add(name);
      }
      break;
    case 'binary':
      referencesOf(node.left, into);
      referencesOf(node.right, into);
      break;
    case 'negate':
      referencesOf(node.operand, into);
      break;
    case 'lookup':
      // Bare names in the predicate are the item's columns; ${x} there is a question.
      if (node.predicate) referencesOf(node.predicate, into);
      break;
  }
  return into;
}

/** The choice lists an expression looks up with instance('list'). */
export function listsOf(node: Node, into: Set<string> = new Set()): Set<string> {
  switch (node.type) {
    case 'lookup':
      into.add(node.list);
      if (node.predicate) listsOf(node.predicate, into);
      break;
    case 'call':
      node.args.forEach((arg) => listsOf(arg, into));
      break;
    case 'binary':
      listsOf(node.left, into);
      listsOf(node.right, into);
      break;
    case 'negate':
      listsOf(node.operand, into);
      break;
  }
  return into;
}
