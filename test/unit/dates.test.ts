import { describe, expect, it } from 'vitest';
import { addDays, programmeDate, programmeToday } from '../../server/calendar';
import { compareNames, formatDate, formatDateTime, isoDate, localToday } from '../../web/src/components/dates';

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
    expect(['CSO 10', 'CSO 9', 'cso 1'].sort((a, b) => compareNames(a, b))).toEqual(['cso 1', 'CSO 9', 'CSO 10']);
    // Georgian names first, then Latin, in the English interface too (as the server's lists sort).
    expect(['Zeta', 'ანიკა', 'Alpha', 'ბექა'].sort((a, b) => compareNames(a, b))).toEqual(['ანიკა', 'ბექა', 'Alpha', 'Zeta']);
  });

  it("gives today as the user's local date, not the UTC one (just after midnight in Tbilisi)", () => {
    const before = process.env.TZ;
    process.env.TZ = 'Asia/Tbilisi';
    try {
      const justAfterMidnight = new Date('2026-11-27T20:30:00Z'); // 00:30 on 28.11 in Tbilisi
      expect(justAfterMidnight.toISOString().slice(0, 10)).toBe('2026-11-27');
      expect(isoDate(justAfterMidnight)).toBe('2026-11-28');
      expect(localToday(0, justAfterMidnight)).toBe('2026-11-28');
      expect(localToday(14, justAfterMidnight)).toBe('2026-12-12');
      expect(localToday(-1, new Date('2026-02-28T21:00:00Z'))).toBe('2026-02-28');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});

describe("the programme's calendar on the server", () => {
  it('counts today in Tbilisi whatever the time zone of the server', () => {
    const before = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      expect(programmeToday(new Date('2026-11-27T20:30:00Z'))).toBe('2026-11-28');
      expect(programmeToday(new Date('2026-11-27T19:59:59Z'))).toBe('2026-11-27');
      expect(programmeDate(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01');
      expect(addDays('2026-11-28', 14)).toBe('2026-12-12');
      expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
