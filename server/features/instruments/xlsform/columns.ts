/**
 * XLSForm column conventions shared by the importer and the exporter. Ertad reads and writes
 * `label::Georgian (ka)` / `label::English (en)`; a plain `label` is the "default" language.
 * Other languages are kept under their header text (e.g. `French (fr)`).
 *
 * Header spellings follow pyxform: aliases (`relevance`, `calculate`, `caption`, …), the
 * `bind::`/`body::`/`control::` prefixes that name the XForm attribute a column sets, and, in
 * sheets where no header uses `::`, a single colon (`label:English`, `bind:relevant`).
 *
 * Ertad's own scoring columns (documented in the README):
 * - choices sheet: `score` (number; `na` or empty on a scored list = not applicable)
 * - survey sheet: `ertad_scored` (yes: a number answer is its own score), `ertad_weight`,
 *   `ertad_score_method` on `begin group` rows (mean, sum, weighted, max)
 * - settings sheet: `ertad_score_method` for the overall score
 * - sheet `ertad_bands`: `min`, `max`, `label::…` — score bands mapped to levels
 */
export const LANGUAGE_COLUMNS = { ka: 'Georgian (ka)', en: 'English (en)' } as const;
export const TRANSLATABLE = ['label', 'hint', 'constraint_message', 'required_message', 'guidance_hint', 'image', 'big-image', 'audio', 'video'] as const;

/** Plain header aliases (lower case), as pyxform's survey, choices and settings aliases. */
const ALIASES: Record<string, string> = {
  'list name': 'list_name',
  caption: 'label',
  value: 'name',
  tag: 'name',
  command: 'type',
  relevance: 'relevant',
  calculate: 'calculation',
  readonly: 'read_only',
  'read only': 'read_only',
  'constraint message': 'constraint_message',
  'constraining message': 'constraint_message',
  constraintmsg: 'constraint_message',
  'required message': 'required_message',
  requiredmsg: 'required_message',
  'choice filter': 'choice_filter',
  'default language': 'default_language',
  'form title': 'form_title',
  'set form title': 'form_title',
  title: 'form_title',
  'form id': 'form_id',
  'set form id': 'form_id',
  id_string: 'form_id',
  'instance name': 'instance_name',
  'repeat count': 'repeat_count',
  count: 'repeat_count',
  'jr:count': 'repeat_count',
  'allow choice duplicates': 'allow_choice_duplicates',
};

/** `bind::X` / `body::X` / `control::X` attributes Ertad maps onto its own columns. */
const PREFIXED: Record<string, string> = {
  'bind::relevant': 'relevant',
  'bind::required': 'required',
  'bind::constraint': 'constraint',
  'bind::calculate': 'calculation',
  'bind::readonly': 'read_only',
  'bind::jr:constraintmsg': 'constraint_message',
  'bind::jr:requiredmsg': 'required_message',
  'body::appearance': 'appearance',
  'control::appearance': 'appearance',
  'body::jr:count': 'repeat_count',
  // A message for devices without the app a field needs (pyxform's no_app_error_string): not logic, ignored with a warning.
  'bind::jr:noapperrorstring': 'no_app_error_string',
  'control::jr:count': 'repeat_count',
};

export interface ColumnName {
  base: string;
  /** 'ka' | 'en' | 'default', or the unrecognised language text. */
  language?: string;
}

/** Recognises `Georgian (ka)`, `ka`, `English`, …; anything else is returned as written. */
export function languageOf(text: string): string {
  const language = text.trim();
  const code = /\(([A-Za-z-]+)\)\s*$/.exec(language)?.[1]?.toLowerCase() ?? language.toLowerCase();
  if (code === 'ka' || code === 'georgian' || code === 'ქართული') return 'ka';
  if (code === 'en' || code === 'english') return 'en';
  return language;
}

/**
 * `Label::Georgian (ka)` → { base: 'label', language: 'ka' }; `bind::jr:constraintMsg` →
 * { base: 'constraint_message' }. An unmapped prefixed column keeps its prefix in `base`
 * (`bind::jr:preload`), so the importer can refuse logic it would otherwise drop.
 * `singleColon`: the sheet has no `::` header, so `:` separates the parts (pyxform's rule).
 */
export function parseColumnName(header: string, singleColon = false): ColumnName {
  const trimmed = header.trim();
  const whole = trimmed.toLowerCase();
  if (ALIASES[whole]) return { base: ALIASES[whole] };
  const prefixed = /^(bind|body|control|media|instance)::?(.+)$/i.exec(trimmed);
  if (prefixed) {
    const kind = prefixed[1]!.toLowerCase();
    let parts = prefixed[2]!.split('::');
    if (parts.length === 1 && singleColon) {
      // `bind:jr:constraintMsg:English`: the attribute keeps its `jr:` namespace.
      const pieces = parts[0]!.split(':');
      parts = pieces[0]!.toLowerCase() === 'jr' && pieces.length > 1 ? [`jr:${pieces[1]}`, ...pieces.slice(2)] : pieces;
    }
    const attribute = parts[0]!.trim().toLowerCase();
    const base = kind === 'media' ? attribute : (PREFIXED[`${kind}::${attribute}`] ?? `${kind}::${attribute}`);
    const rest = parts.slice(1).join(':');
    return rest ? { base, language: languageOf(rest) } : { base };
  }
  const parts = trimmed.split(singleColon && !trimmed.includes('::') ? ':' : '::');
  const rawBase = parts[0]!.trim().toLowerCase();
  const base = ALIASES[rawBase] ?? rawBase.replace(/\s+/g, '_');
  const rest = parts.slice(1).join(':');
  return rest ? { base, language: languageOf(rest) } : { base };
}

export function isYes(value: string): boolean {
  return /^(yes|true|true\(\)|1)$/i.test(value.trim());
}

export function isNo(value: string): boolean {
  return /^(no|false|false\(\)|0|)$/i.test(value.trim());
}
