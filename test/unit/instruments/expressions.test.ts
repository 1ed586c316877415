import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, type Value } from '../../../common/instruments/expression-evaluator';
import { ExpressionError, parseExpression, referencesOf } from '../../../common/instruments/expression-parser';

const answers: Record<string, Value> = {
  age: 34,
  age_text: '34',
  name: 'ნინო',
  empty: '',
  colours: 'red blue',
  consent: 'yes',
  born: '1990-05-17',
  visit: '2026-11-20',
  score: 2.5,
  zero: 0,
  seeing: 3,
  hearing: 1,
  სახელი: 'ნინო',
  at: '14:30',
  stamp: '2026-11-20T12:00:00',
};
const ctx = (self?: Value) => ({ get: (n: string) => answers[n] ?? '', self, now: new Date(2026, 10, 25, 10, 0, 0) });
const run = (source: string, self?: Value) => evaluate(source, ctx(self));

const CASES: [string, Value][] = [
  // literals and arithmetic
  ['1', 1], ['1.5', 1.5], ['.5', 0.5], ["'text'", 'text'], ['"double"', 'double'], ["''", ''],
  ['1 + 2', 3], ['7 - 10', -3], ['2 * 3', 6], ['7 div 2', 3.5], ['7 mod 3', 1], ['-4', -4], ['--4', 4],
  ['2 + 3 * 4', 14], ['(2 + 3) * 4', 20], ['10 - 2 - 3', 5], ['8 div 2 div 2', 2], ['-2 * -3', 6],
  ['1 + 2 = 3', true], ['2 * 3 > 5 and 1 < 2', true], ['1 div 0', Infinity], ['0 div 0', NaN],
  // references and self
  ['${age}', 34], ['${age} + 1', 35], ['${age_text} + 1', 35], ['${name}', 'ნინო'], ['${missing}', ''],
  ['${empty}', ''], ['${empty} + 1', NaN], ['.', 5], ['. > 3', true], ['. <= 3', false], ['${ age }', 34],
  // comparisons
  ['${age} = 34', true], ['${age} != 34', false], ["${age_text} = '34'", true], ['${age_text} = 34', true],
  ["${name} = 'ნინო'", true], ["${name} != 'ნინო'", false], ['${age} >= 18', true], ['${age} < 18', false],
  ["${empty} = ''", true], ['${empty} = 0', false], ["${consent} = 'yes'", true], ["'a' = 'b'", false],
  ['${born} < ${visit}', true], ['${visit} - ${born}', 13336], ["${visit} > '2026-01-01'", true],
  ['true() = 1', true], ['false() = 0', true], ["true() = 'x'", true],
  // boolean logic
  ['true() and false()', false], ['true() or false()', true], ['not(true())', false], ['not(${empty})', true],
  ['not(${name})', false], ['1 and 0', false], ['${age} > 18 or ${empty}', true], ['${seeing} >= 3 or ${hearing} >= 3', true],
  ['(${seeing} >= 3) and (${hearing} >= 3)', false], ['not(${age} > 40) and ${consent} = "yes"', true],
  // selected & count-selected
  ["selected(${colours}, 'red')", true], ["selected(${colours}, 'green')", false], ["selected(${colours}, 're')", false],
  ["selected(${empty}, 'red')", false], ['count-selected(${colours})', 2], ['count-selected(${empty})', 0],
  ["count-selected('a b  c')", 3], ["selected(${consent}, 'yes')", true],
  // if, coalesce
  ["if(${age} >= 18, 'adult', 'child')", 'adult'], ["if(${age} < 18, 'child', 'adult')", 'adult'],
  ['if(${empty}, 1, 2)', 2], ["coalesce(${empty}, 'fallback')", 'fallback'], ["coalesce(${name}, 'x')", 'ნინო'],
  ["coalesce(${empty}, ${missing}, 'third')", 'third'], ['coalesce(${empty}, ${zero})', 0],
  ["if(${seeing} >= 3, 'yes', if(${hearing} >= 3, 'yes', 'no'))", 'yes'],
  // strings
  ['string-length(${name})', 4], ["string-length('')", 0], ["concat('a', 'b', 'c')", 'abc'],
  ["concat(${name}, ' ', ${age})", 'ნინო 34'], ["contains(${name}, 'ნი')", true], ["contains('abc', 'd')", false],
  ["regex('01234567890', '^\\d{11}$')", true], ["regex('0123', '^\\d{11}$')", false], ["regex(${name}, '^[ა-ჰ]+$')", true],
  ['string(12)', '12'], ['string(true())', 'true'],
  ["boolean-from-string('true')", true], ["boolean-from-string('no')", false],
  // numbers
  ["number('12.5')", 12.5], ["number('abc')", NaN], ["number('')", NaN], ['int(3.9)', 3], ['int(-3.9)', -3],
  ['round(2.5)', 3], ['round(2.449, 2)', 2.45], ['round(${score})', 3], ['min(3, 1, 2)', 1], ['max(3, 1, 2)', 3],
  ['max(${seeing}, ${hearing})', 3], ['abs(-5)', 5], ['min(1, ${empty})', NaN],
  // dates
  ['today()', '2026-11-25'], ["today() > '2026-01-01'", true], ['today() - ${visit}', 5],
  // functions ODK and Kobo forms use
  ['once(${age})', 34], ['date(${visit})', '2026-11-20'], ['date(0)', '1970-01-01'], ['date(${visit}) = ${visit}', true],
  ["substr('ნინო ბერიძე', 0, 4)", 'ნინო'], ["substr('abcdef', 2)", 'cdef'], ["format-date(${born}, '%d.%m.%Y')", '17.05.1990'],
  ["format-date(${born}, '%e/%y')", '17/90'], ["format-date(${empty}, '%Y')", ''], ["normalize-space('  a   b ')", 'a b'],
  ['string-length(uuid()) = 36', true], ["concat('uuid:', string-length(uuid()))", 'uuid:36'],
  // more ODK functions (issue 10)
  ["starts-with(${name}, 'ნი')", true], ["ends-with('abc', 'bc')", true], ["translate('abc', 'abc', 'ABC')", 'ABC'],
  ["translate('a-b-c', '-', '')", 'abc'], ['pow(2, 10)', 1024], ['sqrt(16)', 4], ['exp(0)', 1], ['log(1)', 0], ['log10(1000)', 3],
  ["substring-before('2026-11', '-')", '2026'], ["substring-after('2026-11', '-')", '11'], ["substring('abcdef', 2, 3)", 'bcd'],
  ['sum(${age})', 34], ['count(${age})', 1], ['min(${age})', 34], ['floor(2.7)', 2], ['ceiling(2.1)', 3],
  ['decimal-date-time(${stamp}) - decimal-date-time(${visit})', 0.5], ["decimal-time('06:00')", 0.25], ['${at} > ${stamp}', false],
  ["${at} > '09:00'", true], ["format-date-time(${stamp}, '%H:%M %d/%m')", '12:00 20/11'], ["selected-at(${colours}, 1)", 'blue'],
  ['/data/age + 1', 35], ['/data/group/age', 34], ['../age', 34], ['position(..)', 1], ['${სახელი}', 'ნინო'],
  ["jr:choice-name(${consent}, '${consent}')", ''], ["count-non-empty(${empty})", 0], ["join(', ', ${colours})", 'red blue'],
  // XLSForm-style constraints
  ['. >= 0 and . <= 120', true], ["regex(., '^\\d{11}$')", false], ['string-length(.) <= 10', true],
];

describe('expression evaluator', () => {
  it('has more than a hundred expression cases', () => {
    expect(CASES.length + MALFORMED.length).toBeGreaterThan(100);
  });

  it.each(CASES)('%s → %s', (source, expected) => {
    const result = run(source, 5);
    if (typeof expected === 'number' && Number.isNaN(expected)) expect(result).toBeNaN();
    else expect(result).toEqual(expected);
  });

  it('lists the references an expression reads', () => {
    expect([...referencesOf(parseExpression("if(${a} > 1, ${b}, concat(${c}, 'x'))"))]).toEqual(['a', 'b', 'c']);
  });
});

const MALFORMED: [string, string, number][] = [
  ['', 'empty', 0],
  ['   ', 'empty', 0],
  ['1 +', 'unexpected_end', 3],
  ['(1 + 2', 'unexpected_end', 6],
  ['1 + 2)', 'unexpected_token', 5],
  ['${age', 'unterminated_reference', 0],
  ['${}', 'unexpected_character', 2],
  ["'open", 'unterminated_string', 0],
  ['"open', 'unterminated_string', 0],
  ['1 # 2', 'unexpected_character', 2],
  ['${age} & 1', 'unexpected_character', 7],
  ['nosuch(1)', 'unknown_function', 0],
  ['selected(${a})', 'wrong_argument_count', 0],
  ['if(1, 2)', 'wrong_argument_count', 0],
  ['today(1)', 'wrong_argument_count', 0],
  ['concat()', 'wrong_argument_count', 0],
  ['1 2', 'unexpected_token', 2],
  ['and', 'unexpected_token', 0],
  ['1 and', 'unexpected_end', 5],
  ['* 3', 'unexpected_token', 0],
  ['round(1,)', 'unexpected_token', 8],
  ['(', 'unexpected_end', 1],
  [')', 'unexpected_token', 0],
  ['${a} ${b}', 'unexpected_token', 5],
  ["regex(., '(')", 'unexpected_token', 0],
  // RE2 (linear time) has no back-references or look-around: refused when the form is designed.
  ["regex(., '(a)\\1')", 'unexpected_token', 0],
  ["regex(., 'a(?=b)')", 'unexpected_token', 0],
  ['if(,1,2)', 'unexpected_token', 3],
];

describe('malformed expressions', () => {
  it.each(MALFORMED)('%j → %s at %i', (source, code, position) => {
    let caught: unknown;
    try {
      parseExpression(source);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionError);
    expect((caught as ExpressionError).code).toBe(code);
    expect((caught as ExpressionError).position).toBe(position);
  });
});

describe('robustness', () => {
  const alphabet = fc.constantFrom(...'${}()\'".,+-*=<>!0123456789 abcdivmodrfnselctd_-'.split(''), '${a}', 'and', 'or', 'div', 'selected(', 'if(', ')');
  it('random input never throws anything but an ExpressionError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 40 }), fc.array(alphabet, { maxLength: 30 }).map((parts) => parts.join(''))), (source) => {
        try {
          const value = run(source, 'x');
          expect(['string', 'number', 'boolean']).toContain(typeof value);
        } catch (error) {
          expect(error).toBeInstanceOf(ExpressionError);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('evaluating any well-formed expression on any answers returns a value', () => {
    const value = fc.oneof(fc.string({ maxLength: 10 }), fc.double(), fc.boolean(), fc.integer());
    fc.assert(
      fc.property(fc.constantFrom(...CASES.map(([s]) => s)), value, value, (source, a, self) => {
        const result = evaluate(source, { get: () => a, self });
        expect(['string', 'number', 'boolean']).toContain(typeof result);
      }),
      { numRuns: 2000 },
    );
  });
});
