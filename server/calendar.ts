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

/** Today in Tbilisi (YYYY-MM-DD). */
export function programmeToday(now = new Date()): string {
  return programmeDate(now);
}

/** The calendar date `days` after (or before, when negative) the date `iso` (YYYY-MM-DD). */
export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
