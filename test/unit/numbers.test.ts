import { describe, expect, it } from 'vitest';
import { formatFileSize, formatFormScore, formatMoney, formatNumber, formatScore } from '../../common/numbers';

const NBSP = '\u00a0';

describe('numbers as the reader writes them', () => {
  it('writes a decimal comma in Georgian and a point in English', () => {
    expect(formatNumber(2.6, 'ka', { digits: 2 })).toBe('2,60');
    expect(formatNumber(2.6, 'en', { digits: 2 })).toBe('2.60');
    expect(formatNumber(1.5, 'ka', { maxDigits: 1 })).toBe('1,5');
    expect(formatNumber(2, 'ka', { maxDigits: 1 })).toBe('2');
    expect(formatNumber(3.14159, 'en')).toBe('3.14');
    expect(formatNumber(null, 'ka')).toBe('—');
    expect(formatNumber(undefined, 'en', { digits: 2 })).toBe('—');
  });

  it('writes a capacity score with two decimals, as every capacity page shows it', () => {
    expect(formatScore(2.6, 'ka')).toBe('2,60');
    expect(formatScore(3, 'en')).toBe('3.00');
    expect(formatScore(2.555, 'en')).toBe('2.56');
    expect(formatScore(null, 'ka')).toBe('—');
  });

  it('writes a form\'s score with up to two decimals: a level or a sum of points stays a whole number', () => {
    expect(formatFormScore(2.5, 'ka')).toBe('2,5');
    expect(formatFormScore(2.5, 'en')).toBe('2.5');
    expect(formatFormScore(2.567, 'ka')).toBe('2,57');
    expect(formatFormScore(3, 'ka')).toBe('3');
    expect(formatFormScore(null, 'en')).toBe('—');
  });

  it('groups thousands as Intl.NumberFormat does: a no-break space from five digits in Georgian, a comma in English', () => {
    expect(formatNumber(1234.5, 'ka', { digits: 2 })).toBe('1234,50');
    expect(formatNumber(12345.5, 'ka', { digits: 2 })).toBe(`12${NBSP}345,50`);
    expect(formatNumber(1234567, 'ka', { digits: 0 })).toBe(`1${NBSP}234${NBSP}567`);
    expect(formatNumber(1234.5, 'en', { digits: 2 })).toBe('1,234.50');
    expect(formatNumber(-12345.678, 'en')).toBe('-12,345.68');
    // Rounding that adds a digit groups the result (9 999,6 rounds to 10 000).
    expect(formatNumber(9999.6, 'ka', { digits: 0 })).toBe(`10${NBSP}000`);
  });

  it('gives the same text as this Node.js ICU for both languages (the browser may lack Georgian data; the formatter does not need it)', () => {
    const values = [0, 0.5, 2.6, 3.005, 999.99, 1000, 1234.5, 9999.6, 10000, 12345.678, 999999.5, 1234567.891, -0.25, -4321, -98765.4];
    for (const language of ['ka', 'en']) {
      for (const [style, options] of [
        [{ digits: 2 }, { minimumFractionDigits: 2, maximumFractionDigits: 2 }],
        [{ digits: 0 }, { maximumFractionDigits: 0 }],
        [{ maxDigits: 1 }, { maximumFractionDigits: 1 }],
      ] as const) {
        const intl = new Intl.NumberFormat(language, options);
        for (const value of values) expect(formatNumber(value, language, style), `${language} ${value}`).toBe(intl.format(value));
      }
    }
  });

  it('shows file sizes and money with the same separators', () => {
    expect(formatFileSize(1.5 * 1024 * 1024, 'ka')).toBe('1,5 MB');
    expect(formatFileSize(1.5 * 1024 * 1024, 'en')).toBe('1.5 MB');
    expect(formatFileSize(340 * 1024, 'ka')).toBe('340 KB');
    expect(formatFileSize(12, 'en')).toBe('1 KB');
    expect(formatFileSize(0, 'en')).toBe('0 KB');
    expect(formatFileSize(1023.6 * 1024, 'en')).toBe('1,024 KB');
    expect(formatMoney(12500, 'GEL', 'ka')).toBe(`12${NBSP}500,00 GEL`);
    expect(formatMoney(12500, 'EUR', 'en')).toBe('12,500.00 EUR');
  });
});
