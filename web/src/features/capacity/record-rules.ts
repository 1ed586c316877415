import type { TFunction } from 'i18next';
import { MAX_SESSION_MINUTES, RECORDS_FROM } from '../../../../common/schemas/capacity';
import { localToday } from '../../components/dates';

// The rules of a mentoring, supervision or support record, checked in the form with the server's
// words (common/schemas/capacity.ts; the server checks "not after today" in Tbilisi's day).

/** A day something was held or delivered: not after today, not before the records' floor. */
export function recordDateError(t: TFunction, value: string, futureKey: string, required = true): string | null {
  if (!value) return required ? t('validation.required') : null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return t('validation.format');
  if (value > localToday()) return t(futureKey);
  if (value < RECORDS_FROM) return t('capacity.errors.beforeRecords');
  return null;
}

/** Minutes as typed (the field never clamps: 0 or 2000 is said, not quietly changed). */
export function durationError(t: TFunction, value: number | string): string | null {
  if (value === '') return t('validation.required');
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_SESSION_MINUTES ? null : t('capacity.errors.duration');
}
