import { describe, expect, it } from 'vitest';
import { compareNames, formatDate, formatDateTime } from '../../web/src/components/dates';

describe('dates and names in the browser', () => {
  it('formats dates with Georgian and English month names that ship with the app', () => {
    expect(formatDate('2026-11-26', 'ka')).toBe('26 ნოე 2026');
    expect(formatDate('2026-01-05', 'en')).toBe('5 Jan 2026');
    const local = new Date(2026, 2, 8, 9, 5);
    expect(formatDateTime(local, 'ka')).toBe('8 მარ 2026, 09:05');
    expect(formatDateTime(local.toISOString(), 'en')).toBe('8 Mar 2026, 09:05');
    expect(formatDate(null, 'ka')).toBe('—');
    expect(formatDate('not a date', 'ka')).toBe('—');
  });

  it('sorts Georgian names in alphabet order (not by how they look in Latin), numbers by value', () => {
    const names = ['ხაშური', 'აბაშა', 'ზესტაფონი', 'გორი', 'ბათუმი', 'ქუთაისი', 'თბილისი'];
    expect([...names].sort((a, b) => compareNames(a, b))).toEqual(['აბაშა', 'ბათუმი', 'გორი', 'ზესტაფონი', 'თბილისი', 'ქუთაისი', 'ხაშური']);
    expect(['CSO 10', 'CSO 9', 'cso 1'].sort((a, b) => compareNames(a, b, 'en'))).toEqual(['cso 1', 'CSO 9', 'CSO 10']);
  });
});
