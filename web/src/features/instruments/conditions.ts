/** The operators the condition builder offers, and the XLSForm expression each writes. */
export const OPERATORS = ['=', '!=', '>', '>=', '<', '<=', 'selected', 'not_selected'] as const;
export type Operator = (typeof OPERATORS)[number];

/** `.`: the answer of the question the constraint belongs to. */
export const SELF = '.';

/** One XLSForm comparison: `${q} = 'a'`, `. >= 18`, `selected(${q}, 'b')`. */
export function conditionExpression(question: string, operator: Operator, value: string, numeric: boolean): string {
  const subject = question === SELF ? SELF : `\${${question}}`;
  const literal = numeric && value.trim() !== '' && !Number.isNaN(Number(value)) ? String(Number(value)) : `'${value.replace(/'/g, '')}'`;
  if (operator === 'selected') return `selected(${subject}, ${literal})`;
  if (operator === 'not_selected') return `not(selected(${subject}, ${literal}))`;
  return `${subject} ${operator} ${literal}`;
}

/** Adds a condition to what the field already holds, with `and`. */
export function joinCondition(current: string | undefined, part: string): string {
  return current?.trim() ? `${current.trim()} and ${part}` : part;
}
