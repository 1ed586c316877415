import { describe, expect, it } from 'vitest';
import { inlineParams } from '../../server/db/copy';
import { copiedChunks } from '../../server/http/export';

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

// COPY ends rows with LF; every export ends them with CRLF. A line break inside a quoted value is
// part of the value, and a chunk from the database may end anywhere: inside a value, between a
// doubled quote, just before a row's LF.
describe("COPY's CSV lines as the export's", () => {
  const copied = ['"a","line one\nline two",\n', '"say ""hi""\n","",""\n', ',"""\n"""\n', '"last"\n'].join('');
  const expected = ['"a","line one\nline two",\r\n', '"say ""hi""\n","",""\r\n', ',"""\n"""\r\n', '"last"\r\n'].join('');

  async function converted(chunks: Buffer[]) {
    const out: Buffer[] = [];
    for await (const part of copiedChunks('H\r\n', (async function* () { yield* chunks; })())) out.push(part);
    return Buffer.concat(out).toString('utf8');
  }

  it('ends each row with CRLF and keeps line breaks inside values, however the chunks fall', async () => {
    const bytes = Buffer.from(copied);
    expect(await converted([bytes])).toBe(`H\r\n${expected}`);
    for (let cut = 1; cut < bytes.length; cut += 1) {
      expect(await converted([bytes.subarray(0, cut), bytes.subarray(cut)]), `cut after byte ${cut}`).toBe(`H\r\n${expected}`);
    }
    expect(await converted([...bytes].map((byte) => Buffer.from([byte]))), 'one byte at a time').toBe(`H\r\n${expected}`);
  });

  it('keeps Georgian text whole', async () => {
    const georgian = Buffer.from('"ნინო ბერიძე","თელავი"\n"მარიამ","ქუთაისი\nბათუმი"\n');
    expect(await converted([georgian.subarray(0, 7), georgian.subarray(7)])).toBe('H\r\n"ნინო ბერიძე","თელავი"\r\n"მარიამ","ქუთაისი\nბათუმი"\r\n');
  });
});
