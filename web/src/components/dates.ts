// Dates shown with the month names that ship with the app (common/dates.ts).
import { dateLanguageOf as langOf, MONTHS } from '../../../common/dates';

const pad = (n: number) => String(n).padStart(2, '0');

function toDate(value: string | Date): Date | null {
  // A bare calendar date (YYYY-MM-DD) is that day wherever the browser is, not UTC midnight.
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `26 ნოე 2026` / `26 Nov 2026`, in the browser's time zone. */
export function formatDate(value: string | Date | null | undefined, language: string): string {
  const date = value ? toDate(value) : null;
  if (!date) return '—';
  return `${date.getDate()} ${MONTHS[langOf(language)][date.getMonth()]} ${date.getFullYear()}`;
}

/** `26 ნოე 2026, 14:05` / `26 Nov 2026, 14:05` (24-hour clock in both languages). */
export function formatDateTime(value: string | Date | null | undefined, language: string): string {
  const date = value ? toDate(value) : null;
  if (!date) return '—';
  return `${formatDate(date, language)}, ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Georgian collation for names sorted in the browser (ა, ბ, გ … in alphabet order, then Latin), in
 * both interface languages, as the server's lists sort names (server/db/name-order.ts).
 */
let collator: Intl.Collator | undefined;
// The script first, as the server ranks it: a browser without Georgian collation data falls back
// to ICU's root order, which puts Latin before Georgian.
const georgianFirst = (name: string) => (/^[\u10D0-\u10FA\u1C90-\u1CBF]/.test(name) ? 0 : 1);
export function compareNames(a: string, b: string): number {
  collator ??= new Intl.Collator(['ka', 'en'], { sensitivity: 'base', numeric: true });
  return georgianFirst(a) - georgianFirst(b) || collator.compare(a, b);
}

/** A calendar date as the API speaks it (YYYY-MM-DD), in the browser's time zone (not UTC). */
export function isoDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Today where the user is (YYYY-MM-DD); `days` later (or earlier) when given. */
export function localToday(days = 0, now = new Date()): string {
  return isoDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + days));
}
