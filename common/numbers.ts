// Numbers as a person reads them, in Georgian or English: the same text in the browser, the
// server's PDFs and the server's labels. Georgian writes a decimal comma and groups thousands
// with a no-break space from five digits on ("2,60", "1234,50", "12 345,50"), English "2.60",
// "1,234.50", "12,345.50" — what Intl.NumberFormat('ka') / ('en') give. The Georgian text is
// made from the English parts, so a browser without Georgian locale data (as with the month
// names in web/src/components/dates.ts) still shows a decimal comma, not "2.60".
// Machine-readable values (CSV and XLSX cells, the API) stay plain numbers.

export type NumberLanguage = 'ka' | 'en';
const languageOf = (language: string): NumberLanguage => (language === 'en' ? 'en' : 'ka');

export interface NumberStyle {
  /** Exactly this many decimals ("2.60"). */
  digits?: number;
  /** Up to this many decimals, trailing zeros dropped ("1.5", "2"); 2 unless `digits` is given. */
  maxDigits?: number;
}

const formats = new Map<string, Intl.NumberFormat>();
function englishFormat(style: NumberStyle): Intl.NumberFormat {
  const min = style.digits ?? 0;
  const max = style.digits ?? style.maxDigits ?? 2;
  const key = `${min}:${max}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat('en', { minimumFractionDigits: min, maximumFractionDigits: Math.max(min, max) });
    formats.set(key, format);
  }
  return format;
}

/** Georgian's separators; thousands are grouped only from 10 000 on (CLDR's minimum grouping digits: 2). */
const KA_DECIMAL = ',';
const KA_GROUP = '\u00a0';

/** `2,60` / `2.60`; '—' for no value. */
export function formatNumber(value: number | null | undefined, language: string, style: NumberStyle = {}): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const parts = englishFormat(style).formatToParts(value);
  if (languageOf(language) === 'en') return parts.map((p) => p.value).join('');
  const integerDigits = parts.filter((p) => p.type === 'integer').reduce((n, p) => n + p.value.length, 0);
  return parts
    .map((p) => (p.type === 'decimal' ? KA_DECIMAL : p.type === 'group' ? (integerDigits < 5 ? '' : KA_GROUP) : p.value))
    .join('');
}

/**
 * A capacity score (1–4, an average of ratings) as every capacity page shows it: always two
 * decimals, "2,60" / "2.60", so a column of scores lines up and 2.6 does not read as 2.06.
 */
export function formatScore(value: number | null | undefined, language: string): string {
  return formatNumber(value, language, { digits: 2 });
}

/**
 * A filled-in form's score (an instrument's overall or section score) as the forms pages show it:
 * up to two decimals, trailing zeros dropped ("2,5" / "2.5", "3"). Unlike a capacity score it may
 * be a level (the Washington Group's 1–4) or a sum of points (a test), which read as whole numbers.
 */
export function formatFormScore(value: number | null | undefined, language: string): string {
  return formatNumber(value, language, { maxDigits: 2 });
}

/** A file's size as read: "340 KB", "1,5 MB" / "1.5 MB" (0 bytes is "0 KB", anything more at least 1 KB). */
export function formatFileSize(bytes: number, language: string): string {
  if (bytes < 1024 * 1024) return `${formatNumber(bytes === 0 ? 0 : Math.max(1, Math.round(bytes / 1024)), language, { digits: 0 })} KB`;
  return `${formatNumber(bytes / (1024 * 1024), language, { digits: 1 })} MB`;
}

/** A sum of money and its currency: "1234,50 GEL" / "1,234.50 GEL". */
export function formatMoney(value: number, currency: string, language: string): string {
  return `${formatNumber(value, language, { digits: 2 })} ${currency}`;
}
