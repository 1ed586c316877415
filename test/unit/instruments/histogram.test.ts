import { describe, expect, it } from 'vitest';
import { histogram } from '../../../server/features/responses/summary';

const labels = (values: number[], lang: 'ka' | 'en') => histogram(values).map((b) => (lang === 'ka' ? b.labelKa : b.labelEn));
const counts = (values: number[]) => histogram(values).map((b) => b.count);

describe('the histogram of numeric answers', () => {
  it('gives few whole numbers a bar each', () => {
    expect(labels([1, 2, 2, 4], 'ka')).toEqual(['1', '2', '3', '4']);
    expect(counts([1, 2, 2, 4])).toEqual([1, 2, 0, 1]);
  });

  it('puts many whole numbers in ranges that include both ends and do not overlap (a value on an edge is in one bar)', () => {
    const values = [3, 3, 10, 11, 12, 13, 14, 15];
    expect(labels(values, 'en')).toEqual(['2–3', '4–5', '6–7', '8–9', '10–11', '12–13', '14–15']);
    expect(counts(values)).toEqual([2, 0, 0, 0, 2, 2, 2]);
    const ages = [18, 19, 20, 29, 30, 44, 65];
    expect(labels(ages, 'ka')).toEqual(['10–19', '20–29', '30–39', '40–49', '50–59', '60–69']);
    expect(counts(ages)).toEqual([2, 2, 1, 1, 0, 1]);
    // Every value counted once.
    expect(counts(ages).reduce((a, b) => a + b, 0)).toBe(ages.length);
  });

  it('puts other numbers in ranges that include their lower end only, written as each language writes numbers', () => {
    const values = [1, 1.5, 2, 2.25, 3, 3.75, 4];
    expect(labels(values, 'en')).toEqual(['1 to under 1.5', '1.5 to under 2', '2 to under 2.5', '2.5 to under 3', '3 to under 3.5', '3.5 to under 4', '4 to under 4.5']);
    expect(labels(values, 'ka')[1]).toBe('1,5 – 2-ზე ნაკლები');
    // 2 is in "2 to under 2.5", not also in the bar before it.
    expect(counts(values)).toEqual([1, 1, 2, 0, 1, 1, 1]);
    expect(counts(values).reduce((a, b) => a + b, 0)).toBe(values.length);
  });

  it('keeps edges exact (no 0.30000000000000004) and counts a value on an edge in the bar it starts', () => {
    const values = [0, 0.1, 0.2, 0.3, 0.35, 0.8];
    const bins = histogram(values);
    expect(bins.map((b) => b.key)).toEqual(['0', '0.1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8']);
    expect(bins.map((b) => b.count)).toEqual([1, 1, 1, 2, 0, 0, 0, 0, 1]);
    expect(bins[3]!.labelKa).toBe('0,3 – 0,4-ზე ნაკლები');
  });

  it('shows one value answered by everyone as that value', () => {
    expect(histogram([2.5, 2.5])).toEqual([{ key: '2.5', labelKa: '2,5', labelEn: '2.5', count: 2 }]);
    expect(histogram([])).toEqual([]);
  });
});
