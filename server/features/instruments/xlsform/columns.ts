/**
 * XLSForm column conventions shared by the importer and the exporter. Ertad reads and writes
 * `label::Georgian (ka)` / `label::English (en)`; a plain `label` is the "default" language.
 *
 * Ertad's own scoring columns (documented in the README):
 * - choices sheet: `score` (number; `na` or empty on a scored list = not applicable)
 * - survey sheet: `ertad_scored` (yes: a number answer is its own score), `ertad_weight`,
 *   `ertad_score_method` on `begin group` rows (mean, sum, weighted, max)
 * - settings sheet: `ertad_score_method` for the overall score
 * - sheet `ertad_bands`: `min`, `max`, `label::…` — score bands mapped to levels
 */
export const LANGUAGE_COLUMNS = { ka: 'Georgian (ka)', en: 'English (en)' } as const;
export const TRANSLATABLE = ['label', 'hint', 'constraint_message', 'required_message'] as const;

const ALIASES: Record<string, string> = {
  'list name': 'list_name',
  relevance: 'relevant',
  calculate: 'calculation',
  readonly: 'read_only',
  'read only': 'read_only',
  'constraint message': 'constraint_message',
  'required message': 'required_message',
  'choice filter': 'choice_filter',
  'default language': 'default_language',
  'form title': 'form_title',
  'form id': 'form_id',
};

export interface ColumnName {
  base: string;
  /** 'ka' | 'en' | 'default', or the unrecognised language text. */
  language?: string;
}

/** `Label::Georgian (ka)` → { base: 'label', language: 'ka' }. */
export function parseColumnName(header: string): ColumnName {
  const [rawBase = '', ...rest] = header.split('::');
  const lower = rawBase.trim().toLowerCase();
  const base = ALIASES[lower] ?? lower.replace(/\s+/g, '_');
  if (rest.length === 0) return { base };
  const language = rest.join('::').trim();
  const code = /\(([A-Za-z-]+)\)\s*$/.exec(language)?.[1]?.toLowerCase() ?? language.toLowerCase();
  if (code === 'ka' || code === 'georgian' || code === 'ქართული') return { base, language: 'ka' };
  if (code === 'en' || code === 'english') return { base, language: 'en' };
  return { base, language };
}

export function isYes(value: string): boolean {
  return /^(yes|true|true\(\)|1)$/i.test(value.trim());
}

export function isNo(value: string): boolean {
  return /^(no|false|false\(\)|0|)$/i.test(value.trim());
}
