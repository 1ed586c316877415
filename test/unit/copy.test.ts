import { describe, expect, it } from 'vitest';
import { inlineParams } from '../../server/db/copy';

// COPY takes no parameters: a background export's statement gets its values written in, escaped,
// and a statement whose values are not plain is not copied at all.
describe('writing parameters into a COPY statement', () => {
  it('writes each value as a literal, quotes and backslashes escaped, $10 not read as $1', () => {
    const params = ["O'Brien", 'C:\\files', 3, true, null, new Date('2026-11-26T10:00:00Z'), 7, 8, 9, 'tenth'];
    expect(inlineParams('select $1, $2, $3, $4, $5, $6, $10', params)).toBe(
      "select 'O''Brien',  E'C:\\\\files', 3, true, null, '2026-11-26T10:00:00.000Z', 'tenth'",
    );
  });

  it('declines a statement with a list or an object among its values', () => {
    expect(inlineParams('select $1', [['a', 'b']])).toBeUndefined();
    expect(inlineParams('select $1', [{ a: 1 }])).toBeUndefined();
  });
});
