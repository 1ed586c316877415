/**
 * Calendar dates as the programme counts them: in Georgia (Asia/Tbilisi), whatever time zone the
 * server runs in. Between 00:00 and 04:00 in Tbilisi the UTC date is still yesterday's.
 */
export const PROGRAMME_TIME_ZONE = 'Asia/Tbilisi';

const formatter = new Intl.DateTimeFormat('en-CA', { timeZone: PROGRAMME_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date (YYYY-MM-DD) in Tbilisi at `instant`. */
export function programmeDate(instant: Date): string {
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

const clock = new Intl.DateTimeFormat('en-CA', { timeZone: PROGRAMME_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const clockParts = (instant: Date) => Object.fromEntries(clock.formatToParts(instant).map((p) => [p.type, p.value]));

/** The date and time in Tbilisi at `instant`, to the minute: "2026-11-28 01:05". */
export function programmeDateTime(instant: Date): string {
  const p = clockParts(instant);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * The Tbilisi clock at `instant` as a Date whose UTC fields read it (a spreadsheet's date-time has
 * no time zone: it is the wall clock, which a workbook writer takes from the UTC fields).
 */
export function programmeWallClock(instant: Date): Date {
  const p = clockParts(instant);
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second), instant.getUTCMilliseconds()));
}

/** Today in Tbilisi (YYYY-MM-DD). */
export function programmeToday(now = new Date()): string {
  return programmeDate(now);
}

/** The calendar date `days` after (or before, when negative) the date `iso` (YYYY-MM-DD). */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
