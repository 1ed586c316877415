import type ExcelJS from 'exceljs';
import { loadExcel } from '../../../http/libraries';
import {
  definition as definitionSchema,
  flattenItems,
  LIMITS,
  otherSpecifyQuestion,
  SCORE_METHODS,
  type Choice,
  type Definition,
  type Group,
  type Item,
  type LocalText,
  type Question,
  type QuestionType,
  type ScoreBand,
  type ScoreMethod,
} from '../../../../common/instruments/definition';
import { normalizeDefinition } from '../../../../common/instruments/normalize';
import { parseExpression, referencesOf } from '../../../../common/instruments/expression-parser';
import { MAX_GROUP_DEPTH, validateDefinition } from '../../../../common/instruments/validate-definition';
import { isNo, isYes, languageOf, parseColumnName, TRANSLATABLE } from './columns';

/** One finding, located as a spreadsheet user would look for it. */
export interface ImportIssue {
  sheet: string;
  row: number;
  column: string;
  /** Catalogue key of the explanation. */
  code: string;
  params?: Record<string, string | number>;
}

export interface ImportResult {
  /** Present only when there are no errors: nothing is imported half-way. */
  definition?: Definition;
  formId?: string;
  title?: LocalText;
  errors: ImportIssue[];
  warnings: ImportIssue[];
}

interface Row {
  number: number;
  cells: Map<string, string>;
}
interface Header {
  header: string;
  base: string;
  language?: string;
  column: number;
}
interface Sheet {
  name: string;
  headers: Header[];
  rows: Row[];
}

/** Survey columns Ertad maps onto the definition. */
const SURVEY_COLUMNS = new Set(['type', 'name', 'label', 'hint', 'required', 'required_message', 'relevant', 'constraint', 'constraint_message', 'calculation', 'default', 'appearance', 'read_only', 'choice_filter', 'parameters', 'repeat_count', 'ertad_scored', 'ertad_weight', 'ertad_score_method']);
/** Columns that change what a form collects or allows: dropping them would change the form, so a value in one is an error. */
const UNSUPPORTED_LOGIC_COLUMNS = new Set(['trigger', 'save_to', 'bind::entities:saveto']);
/** Presentation-only columns Ertad does not show (media, guidance): ignored with a warning. */
const MEDIA_COLUMNS = new Set(['image', 'big-image', 'audio', 'video', 'media']);

/** Device and session metadata pyxform knows (with its aliases): not collected in Ertad. */
const METADATA_TYPES = new Set([
  'start', 'end', 'today', 'deviceid', 'imei', 'subscriberid', 'simserial', 'phonenumber', 'username', 'email', 'audit',
  'start-geopoint', 'background-audio', 'background-geopoint',
  'uri:deviceid', 'uri:email', 'uri:username', 'uri:subscriberid', 'uri:simserial', 'uri:phonenumber',
  'start time', 'end time', 'get start time', 'get end time', 'get today', 'device id', 'get device id',
  'subscriber id', 'get subscriber id', 'sim id', 'get sim id', 'get phone number',
]);

/** Every spelling pyxform accepts for a type Ertad has (lower case). */
const TYPE_ALIASES: Record<string, QuestionType> = {
  text: 'text', string: 'text', 'q string': 'text', 'add text prompt': 'text',
  integer: 'integer', int: 'integer', 'q int': 'integer', 'add integer prompt': 'integer',
  decimal: 'decimal', 'q decimal': 'decimal', 'add decimal prompt': 'decimal',
  date: 'date', 'q date': 'date', 'add date prompt': 'date',
  time: 'time', 'add time prompt': 'time',
  datetime: 'dateTime', 'date time': 'dateTime', 'q datetime': 'dateTime', 'q date time': 'dateTime', 'add datetime prompt': 'dateTime', 'add date time prompt': 'dateTime',
  note: 'note', 'q note': 'note', 'add note prompt': 'note',
  calculate: 'calculate', 'q calculate': 'calculate', 'add calculate prompt': 'calculate', hidden: 'calculate',
  acknowledge: 'acknowledge', trigger: 'acknowledge', 'q acknowledge': 'acknowledge', 'add acknowledge prompt': 'acknowledge',
  file: 'file', 'add file prompt': 'file',
  geopoint: 'geopoint', location: 'geopoint', gps: 'geopoint', 'q geopoint': 'geopoint', 'q location': 'geopoint', 'add location prompt': 'geopoint',
  geotrace: 'geotrace', geoshape: 'geoshape',
  image: 'image', photo: 'image', 'q picture': 'image', 'q image': 'image', 'add image prompt': 'image', 'add photo prompt': 'image',
};
/** Types kept as another Ertad type, with a warning saying so. */
const TYPE_STAND_INS: Record<string, { type: QuestionType; warning: string; constraint?: string }> = {
  audio: { type: 'file', warning: 'instruments.import.treatedAsFile' },
  video: { type: 'file', warning: 'instruments.import.treatedAsFile' },
  'q audio': { type: 'file', warning: 'instruments.import.treatedAsFile' },
  'q video': { type: 'file', warning: 'instruments.import.treatedAsFile' },
  'add audio prompt': { type: 'file', warning: 'instruments.import.treatedAsFile' },
  'add video prompt': { type: 'file', warning: 'instruments.import.treatedAsFile' },
  barcode: { type: 'text', warning: 'instruments.import.barcodeAsText' },
  'q barcode': { type: 'text', warning: 'instruments.import.barcodeAsText' },
  'add barcode prompt': { type: 'text', warning: 'instruments.import.barcodeAsText' },
};
/** pyxform's types that are a question plus a built-in constraint. */
const CONSTRAINED_TYPES: Record<string, { type: QuestionType; constraint: string }> = {
  'phone number': { type: 'text', constraint: "regex(., '^\\d*$')" },
  percentage: { type: 'integer', constraint: '0 <= . and . <= 100' },
  'number of days in last month': { type: 'integer', constraint: '0 <= . and . <= 31' },
  'number of days in last six months': { type: 'integer', constraint: '0 <= . and . <= 183' },
  'number of days in last year': { type: 'integer', constraint: '0 <= . and . <= 365' },
};
/** Select spellings, longest first so `select one from` wins over `select one`. */
const SELECT_PREFIXES: [string, QuestionType][] = (
  [
    ['add select one prompt using', 'select_one'],
    ['add select multiple prompt using', 'select_multiple'],
    ['select all that apply from', 'select_multiple'],
    ['select multiple from', 'select_multiple'],
    ['select multiple using', 'select_multiple'],
    ['select all that apply', 'select_multiple'],
    ['select one from', 'select_one'],
    ['select one using', 'select_one'],
    ['select_multiple', 'select_multiple'],
    ['select multiple', 'select_multiple'],
    ['select_one', 'select_one'],
    ['select one', 'select_one'],
    ['q select1', 'select_one'],
    ['q select', 'select_multiple'],
    ['select1', 'select_one'],
    ['rank', 'rank'],
  ] as [string, QuestionType][]
).sort((a, b) => b[0].length - a[0].length);
/** External data: out of Ertad's scope (README). */
const EXTERNAL_PREFIXES = ['select_one_from_file', 'select_multiple_from_file', 'select one from file', 'select multiple from file', 'select_one_external', 'select one external', 'xml-external', 'csv-external'];
const GROUP_TYPE = /^(begin|end)[ _]?(group|lgroup|repeat|looped group|loop)(?: over .*)?$/;

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '').trim();
  if (value instanceof Date) return value.toISOString().slice(0, value.getUTCHours() || value.getUTCMinutes() ? 16 : 10);
  return String(cell.text ?? value).trim();
}

function readSheet(worksheet: ExcelJS.Worksheet, errors: ImportIssue[]): Sheet {
  const headerRow = worksheet.getRow(1);
  const raw: { header: string; column: number }[] = [];
  headerRow.eachCell({ includeEmpty: false }, (cell, column) => {
    const header = cellText(cell);
    if (header) raw.push({ header, column });
  });
  // pyxform's rule: a single colon separates language and prefix only when no header uses `::`.
  const singleColon = !raw.some((h) => h.header.includes('::'));
  const headers: Header[] = [];
  const seen = new Map<string, string>();
  for (const { header, column } of raw) {
    const parsed = parseColumnName(header, singleColon);
    const key = `${parsed.base}\u0000${parsed.language ?? ''}`;
    if (seen.has(key)) {
      errors.push({ sheet: worksheet.name, row: 1, column: header, code: 'instruments.import.duplicateColumn', params: { first: seen.get(key)! } });
      continue;
    }
    seen.set(key, header);
    headers.push({ header, column, ...parsed });
  }
  const byColumn = new Map(headers.map((h) => [h.column, h]));
  const rows: Row[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells = new Map<string, string>();
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const header = byColumn.get(column);
      const value = cellText(cell);
      if (header && value !== '') cells.set(header.header, value);
    });
    if (cells.size > 0) rows.push({ number, cells });
  });
  return { name: worksheet.name, headers, rows };
}

interface ResolvedType {
  kind: 'question' | 'begin_group' | 'end_group' | 'begin_repeat' | 'end_repeat' | 'metadata' | 'external' | 'unsupported' | 'bad_select' | 'unsupported_block' | 'end_unsupported_block';
  type?: QuestionType;
  listName?: string;
  orOther?: boolean;
  constraint?: string;
  warning?: string;
}

/** Reads a type cell the way pyxform does: case-insensitive, any of its spellings. */
export function resolveType(rawType: string): ResolvedType {
  const type = rawType.trim().replace(/\s+/g, ' ');
  const lower = type.toLowerCase();
  const control = GROUP_TYPE.exec(lower);
  if (control) {
    const repeat = control[2] !== 'group';
    if (control[2] === 'loop') return { kind: control[1] === 'begin' ? 'unsupported_block' : 'end_unsupported_block' };
    return { kind: `${control[1] as 'begin' | 'end'}_${repeat ? 'repeat' : 'group'}` };
  }
  if (METADATA_TYPES.has(lower)) return { kind: 'metadata' };
  if (EXTERNAL_PREFIXES.some((p) => lower === p || lower.startsWith(`${p} `))) return { kind: 'external' };
  for (const [prefix, selectType] of SELECT_PREFIXES) {
    if (lower !== prefix && !lower.startsWith(`${prefix} `)) continue;
    // The list name keeps its case: choices are matched exactly.
    const [listName, ...rest] = type.slice(prefix.length).trim().split(' ').filter(Boolean);
    const orOther = rest.length === 1 && rest[0]!.toLowerCase() === 'or_other' && selectType !== 'rank';
    if (!listName || (rest.length > 0 && !orOther)) return { kind: 'bad_select' };
    return { kind: 'question', type: selectType, listName, ...(orOther ? { orOther } : {}) };
  }
  if (TYPE_ALIASES[lower]) return { kind: 'question', type: TYPE_ALIASES[lower] };
  const standIn = TYPE_STAND_INS[lower];
  if (standIn) return { kind: 'question', type: standIn.type, warning: standIn.warning };
  const constrained = CONSTRAINED_TYPES[lower];
  if (constrained) return { kind: 'question', type: constrained.type, constraint: constrained.constraint };
  if (lower === 'range') return { kind: 'question', type: 'integer', warning: 'instruments.import.rangeAsInteger' };
  return { kind: 'unsupported' };
}

interface SettingsRead {
  formId?: string;
  title?: LocalText;
  defaultLanguage?: 'ka' | 'en';
  defaultLanguageName?: string;
  version?: string;
  allowChoiceDuplicates?: boolean;
  method?: ScoreMethod;
}

const SETTINGS_COLUMNS = new Set(['form_id', 'form_title', 'default_language', 'version', 'allow_choice_duplicates', 'ertad_score_method']);
/** Settings pyxform knows that only matter to ODK Collect/Central or SMS; Ertad has no use for them. */
const SETTINGS_IGNORED = new Set(['instance_name', 'public_key', 'submission_url', 'auto_send', 'auto_delete', 'style', 'namespaces', 'clean_text_values', 'sms_keyword', 'sms_separator', 'sms_allow_media', 'sms_date_format', 'sms_datetime_format', 'prefix', 'delimiter', 'compact_prefix', 'compact_delimiter']);

class Importer {
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  /** Where each item and choice list came from, to place definition issues on rows. */
  private readonly origin = new Map<string, { sheet: string; row: number }[]>();
  /** Names of rows that were rejected: problems that only follow from them are not reported again. */
  private readonly rejected = new Set<string>();
  private settingsRead: SettingsRead = {};
  private itemCount = 0;

  private remember(key: string, sheet: string, row: number) {
    this.origin.set(key, [...(this.origin.get(key) ?? []), { sheet, row }]);
  }

  constructor(private readonly sheets: Map<string, Sheet>) {}

  private error(sheet: string, row: number, column: string, code: string, params?: ImportIssue['params']) {
    this.errors.push({ sheet, row, column, code, ...(params ? { params } : {}) });
  }
  private warn(sheet: string, row: number, column: string, code: string, params?: ImportIssue['params']) {
    this.warnings.push({ sheet, row, column, code, ...(params ? { params } : {}) });
  }

  /**
   * Translatable cells of one row as LocalText. ka and en have their own fields, a plain column is
   * `default`, other languages are kept under their name; a non-ka/en default language becomes `default`.
   */
  private text(sheet: Sheet, row: Row, base: string): LocalText | undefined {
    const result: LocalText = {};
    const other: Record<string, string> = {};
    const defaultName = this.settingsRead.defaultLanguageName;
    for (const h of sheet.headers) {
      if (h.base !== base) continue;
      const value = row.cells.get(h.header);
      if (!value) continue;
      const language = h.language ?? 'default';
      if (language === 'ka' || language === 'en' || language === 'default') result[language] = value;
      else if (language === defaultName && !sheet.headers.some((x) => x.base === base && !x.language)) result.default = value;
      else other[language] = value;
    }
    if (Object.keys(other).length) result.other = other;
    return Object.keys(result).length ? result : undefined;
  }

  private checkColumns(sheet: Sheet, known: Set<string>, extraAllowed: boolean) {
    const byBase = new Map<string, Set<string>>();
    for (const h of sheet.headers) {
      if (UNSUPPORTED_LOGIC_COLUMNS.has(h.base) || h.base.startsWith('bind::')) {
        // Logic Ertad cannot carry over: refusing is better than importing a different form.
        const first = sheet.rows.find((r) => r.cells.has(h.header));
        if (first) this.error(sheet.name, first.number, h.header, 'instruments.import.logicNotSupported', { column: h.header });
        continue;
      }
      if (!known.has(h.base) && !extraAllowed) {
        if (sheet.rows.some((r) => r.cells.has(h.header))) this.warn(sheet.name, 1, h.header, MEDIA_COLUMNS.has(h.base) ? 'instruments.import.mediaIgnored' : 'instruments.import.columnIgnored');
        continue;
      }
      if ((TRANSLATABLE as readonly string[]).includes(h.base)) {
        const languages = byBase.get(h.base) ?? new Set();
        languages.add(h.language ?? 'default');
        byBase.set(h.base, languages);
      }
    }
    const labelLanguages = byBase.get('label') ?? new Set();
    for (const [base, languages] of byBase) {
      for (const language of labelLanguages) {
        if (base !== 'label' && !languages.has(language) && !(language === 'default' && languages.size > 0)) this.warn(sheet.name, 1, base, 'instruments.import.missingTranslation', { language });
      }
    }
  }

  choices(): Record<string, Choice[]> {
    const sheet = this.sheets.get('choices');
    const lists: Record<string, Choice[]> = {};
    if (!sheet) return lists;
    this.checkColumns(sheet, new Set(['list_name', 'name', 'label', 'score']), true);
    const propertyColumns = sheet.headers.filter((h) => !h.language && !['list_name', 'name', 'label', 'score', ...MEDIA_COLUMNS].includes(h.base) && !h.base.includes('::'));
    const media = sheet.headers.filter((h) => MEDIA_COLUMNS.has(h.base));
    if (media.length && sheet.rows.some((r) => media.some((h) => r.cells.has(h.header)))) this.warn(sheet.name, 1, media[0]!.header, 'instruments.import.mediaIgnored');
    const cell = (row: Row, base: string) => row.cells.get(sheet.headers.find((h) => h.base === base && !h.language)?.header ?? '') ?? '';
    for (const row of sheet.rows) {
      const listName = cell(row, 'list_name');
      const name = cell(row, 'name');
      if (!listName && !name && !this.text(sheet, row, 'label')) continue; // stray cells (a note beside the data)
      if (!listName) this.error(sheet.name, row.number, 'list_name', 'instruments.import.missingListName');
      if (!name) this.error(sheet.name, row.number, 'name', 'instruments.import.missingName');
      if (!listName || !name) continue;
      if (name.length > LIMITS.name) this.error(sheet.name, row.number, 'name', 'instruments.import.tooLong', { max: LIMITS.name });
      if (!lists[listName]) this.remember(`list:${listName}`, sheet.name, row.number);
      if ((lists[listName]?.length ?? 0) === LIMITS.choicesPerList) {
        this.error(sheet.name, row.number, 'list_name', 'instruments.import.tooManyChoices', { item: listName, max: LIMITS.choicesPerList });
      }
      const scoreText = cell(row, 'score') || undefined;
      let score: number | null | undefined;
      if (scoreText !== undefined) {
        score = /^n\/?a$/i.test(scoreText) ? null : Number(scoreText);
        if (typeof score === 'number' && Number.isNaN(score)) {
          this.error(sheet.name, row.number, 'score', 'instruments.import.notANumber');
          score = undefined;
        }
      }
      const properties = Object.fromEntries(propertyColumns.map((h) => [h.base, row.cells.get(h.header)]).filter(([, v]) => v));
      (lists[listName] ??= []).push({
        name,
        label: this.text(sheet, row, 'label') ?? {},
        ...(score !== undefined ? { score } : {}),
        ...(Object.keys(properties).length ? { properties } : {}),
      });
    }
    return lists;
  }

  survey(): Item[] {
    const sheet = this.sheets.get('survey')!;
    this.checkColumns(sheet, SURVEY_COLUMNS, false);
    const root: Item[] = [];
    const stack: { group: Group; row: number; rejected: boolean }[] = [];
    const add = (entry: Item, row: Row) => {
      if (stack.some((open) => open.rejected)) {
        // Inside a rejected row: still checked, but kept out of the form (and out of later checks).
        this.rejected.add(entry.name);
        stack[stack.length - 1]!.group.items.push(entry);
        return;
      }
      this.itemCount++;
      if (this.itemCount === LIMITS.items + 1) this.error(sheet.name, row.number, 'type', 'instruments.import.tooManyItems', { max: LIMITS.items });
      (stack.length ? stack[stack.length - 1]!.group.items : root).push(entry);
    };
    const col = (row: Row, base: string) => {
      const header = sheet.headers.find((h) => h.base === base && !h.language);
      return header ? (row.cells.get(header.header) ?? '') : '';
    };
    const logicColumns = ['relevant', 'constraint', 'calculation', 'required', 'choice_filter', 'default'];

    for (const row of sheet.rows) {
      const rawType = col(row, 'type');
      let name = col(row, 'name');
      const label = this.text(sheet, row, 'label');
      if (!rawType) {
        // pyxform skips rows with no type, name or label (notes to self, stray cells far below).
        if (name || label || logicColumns.some((c) => col(row, c))) this.error(sheet.name, row.number, 'type', 'instruments.import.missingType', { item: name });
        continue;
      }
      const resolved = resolveType(rawType);
      if (resolved.kind === 'end_unsupported_block') {
        // Closes a rejected block (begin loop): already reported there.
        if (stack[stack.length - 1]?.rejected) stack.pop();
        else this.error(sheet.name, row.number, 'type', 'instruments.import.unmatchedEnd', { type: rawType });
        continue;
      }
      if (resolved.kind === 'unsupported_block') {
        this.error(sheet.name, row.number, 'type', 'instruments.import.unsupportedType', { type: rawType, item: name });
        if (name) this.rejected.add(name);
        // Its rows are still read and checked, but kept out of the form, so they cannot collide with others.
        stack.push({ group: { kind: 'group', name: name || `row_${row.number}`, label: {}, items: [] }, row: row.number, rejected: true });
        continue;
      }
      if (resolved.kind === 'end_group' || resolved.kind === 'end_repeat') {
        const open = stack[stack.length - 1];
        if (!open || !!open.group.repeat !== (resolved.kind === 'end_repeat')) this.error(sheet.name, row.number, 'type', 'instruments.import.unmatchedEnd', { type: rawType });
        else stack.pop();
        continue;
      }
      if (resolved.kind === 'metadata') {
        this.warn(sheet.name, row.number, 'type', 'instruments.import.metadataIgnored', { type: rawType });
        continue;
      }
      if (resolved.kind === 'external' || resolved.kind === 'unsupported' || resolved.kind === 'bad_select') {
        const code = { external: 'instruments.import.externalData', bad_select: 'instruments.import.missingList' }[resolved.kind as string] ?? 'instruments.import.unsupportedType';
        this.error(sheet.name, row.number, 'type', code, { type: rawType, item: name });
        if (name) this.rejected.add(name);
        continue;
      }
      if (!name && resolved.kind === 'question' && resolved.type === 'note') name = this.unusedName(`note_${row.number}`);
      if (!name) {
        this.error(sheet.name, row.number, 'name', 'instruments.import.missingName');
        continue;
      }
      if (name.length > LIMITS.name) this.error(sheet.name, row.number, 'name', 'instruments.import.tooLong', { max: LIMITS.name });
      const written = name;
      const insideRejected = stack.some((open) => open.rejected);
      if (!insideRejected) {
        name = this.placeName(name, stack.length ? stack[stack.length - 1]!.group.name : '', resolved.kind === 'begin_repeat');
        this.remember(name, sheet.name, row.number);
      }
      this.checkLengths(sheet, row, col);
      const relevant = col(row, 'relevant') || undefined;
      if (resolved.kind === 'begin_group' || resolved.kind === 'begin_repeat') {
        const method = col(row, 'ertad_score_method');
        const group: Group = { kind: 'group', name, label: label ?? {}, items: [], ...(relevant ? { relevant } : {}), ...this.appearance(row, col), ...(written !== name ? { xlsformName: written } : {}) };
        if (resolved.kind === 'begin_repeat') {
          group.repeat = true;
          const count = col(row, 'repeat_count');
          if (count) group.repeatCount = count;
        } else if (col(row, 'repeat_count')) this.error(sheet.name, row.number, 'repeat_count', 'instruments.import.logicNotSupported', { column: 'repeat_count' });
        if (method) {
          if ((SCORE_METHODS as readonly string[]).includes(method)) group.scoreMethod = method as ScoreMethod;
          else this.error(sheet.name, row.number, 'ertad_score_method', 'instruments.import.badScoreMethod');
        }
        const weight = this.number(sheet.name, row, col(row, 'ertad_weight'), 'ertad_weight');
        if (weight !== undefined) group.weight = weight;
        add(group, row);
        stack.push({ group, row: row.number, rejected: false });
        if (stack.length === MAX_GROUP_DEPTH + 1) this.error(sheet.name, row.number, 'type', 'instruments.issues.tooDeep', { item: name, max: MAX_GROUP_DEPTH });
        continue;
      }
      if (resolved.warning) this.warn(sheet.name, row.number, 'type', resolved.warning, { type: rawType });
      let questionLabel = label ?? {};
      if (!label && sheet.headers.some((h) => MEDIA_COLUMNS.has(h.base) && row.cells.has(h.header))) {
        // pyxform accepts a label given only as media; Ertad shows no media, so the name stands in.
        questionLabel = { default: name };
      }
      const question = this.question(sheet, row, resolved, name, questionLabel, col);
      if (!question) continue;
      if (written !== name) question.xlsformName = written;
      add(question, row);
      if (question.orOther) {
        // As pyxform does: "Other" is offered and a text question asks to specify it.
        const other = otherSpecifyQuestion(question);
        this.remember(other.name, sheet.name, row.number);
        add(other, row);
      }
    }
    for (const open of stack) if (!open.rejected) this.error(sheet.name, open.row, 'type', 'instruments.import.unclosedGroup', { name: open.group.name });
    return root;
  }

  /** Where each name was first used: the group around it ('' at the top), and whether it is a repeat. */
  private readonly placed = new Map<string, { parent: string; repeat: boolean }>();
  /** Names written more than once (in different groups): references to them are ambiguous. */
  readonly ambiguous = new Set<string>();

  /**
   * pyxform allows a name again in another group (its path differs) but not twice in one group, and
   * a repeat's name only once. Ertad keys answers by name, so the later one is kept as
   * `group.name` and written back under its own name on export.
   */
  private placeName(name: string, parent: string, repeat: boolean): string {
    const first = this.placed.get(name);
    if (!first) {
      this.placed.set(name, { parent, repeat });
      return name;
    }
    if (first.parent === parent || first.repeat || repeat) return name; // a true duplicate, reported by validation
    this.ambiguous.add(name);
    return this.unusedName(`${parent || 'survey'}.${name}`);
  }

  /** A `${name}` that several questions answer to cannot be resolved (pyxform refuses it too). */
  checkAmbiguousReferences(items: Item[]) {
    if (this.ambiguous.size === 0) return;
    const columns = { relevant: 'relevant', constraint: 'constraint', calculation: 'calculation', choiceFilter: 'choice_filter', required: 'required', repeatCount: 'repeat_count' } as const;
    for (const entry of flattenItems(items)) {
      for (const [field, column] of Object.entries(columns)) {
        const source = (entry as Record<string, unknown>)[field];
        if (typeof source !== 'string') continue;
        let refs: Set<string>;
        try {
          refs = referencesOf(parseExpression(source));
        } catch {
          continue; // reported by definition validation
        }
        const where = this.origin.get(entry.name)?.[0];
        for (const ref of refs) {
          if (this.ambiguous.has(ref) && where) this.error(where.sheet, where.row, column, 'instruments.issues.ambiguousReference', { name: ref, item: entry.name });
        }
      }
    }
  }

  private unusedName(candidate: string): string {
    let name = candidate;
    for (let i = 2; this.origin.has(name); i++) name = `${candidate}_${i}`;
    return name;
  }

  /** Size limits, reported where they are exceeded (otherwise the definition schema would reject the whole file). */
  private checkLengths(sheet: Sheet, row: Row, col: (row: Row, base: string) => string) {
    const limits: [string, number][] = [['repeat_count', LIMITS.expression], ['relevant', LIMITS.expression], ['constraint', LIMITS.expression], ['calculation', LIMITS.expression], ['choice_filter', LIMITS.expression], ['required', LIMITS.expression], ['default', LIMITS.default], ['appearance', LIMITS.appearance]];
    for (const [column, max] of limits) if (col(row, column).length > max) this.error(sheet.name, row.number, column, 'instruments.import.tooLong', { max });
  }

  private appearance(row: Row, col: (row: Row, base: string) => string) {
    const appearance = col(row, 'appearance');
    return appearance ? { appearance } : {};
  }

  private number(sheetName: string, row: Row, text: string, column: string): number | undefined {
    if (!text) return undefined;
    const value = Number(text);
    if (Number.isNaN(value)) {
      this.error(sheetName, row.number, column, 'instruments.import.notANumber');
      return undefined;
    }
    return value;
  }

  private flag(sheetName: string, row: Row, text: string, column: string): boolean | undefined {
    if (isYes(text)) return true;
    if (isNo(text)) return undefined;
    this.error(sheetName, row.number, column, 'instruments.import.notYesNo');
    return undefined;
  }

  private question(sheet: Sheet, row: Row, resolved: ResolvedType, name: string, label: LocalText, col: (row: Row, base: string) => string): Question | null {
    const question: Question = { kind: 'question', type: resolved.type!, name, label };
    if (resolved.listName) question.listName = resolved.listName;
    if (resolved.orOther) question.orOther = true;
    let builtIn = resolved.constraint;
    if (col(row, 'type').trim().toLowerCase() === 'range') {
      const params = Object.fromEntries(col(row, 'parameters').split(/\s+/).filter(Boolean).map((p) => p.split('=')));
      // A decimal start, end or step makes a decimal range (as pyxform types it); start may be above end.
      const numbers = [params.start, params.end, params.step].filter((v): v is string => v !== undefined).map(Number);
      if (numbers.some((n) => !Number.isInteger(n))) question.type = 'decimal';
      if (params.start !== undefined && params.end !== undefined) {
        const [low, high] = [Number(params.start), Number(params.end)].sort((a, b) => a - b);
        builtIn = `. >= ${low} and . <= ${high}`;
      }
    }
    const hint = this.text(sheet, row, 'hint');
    if (hint) question.hint = hint;
    const required = col(row, 'required');
    if (isYes(required)) question.required = true;
    else if (!isNo(required)) {
      // pyxform passes anything else through as an XPath expression; Ertad evaluates it.
      if (/[${}()=<>]/.test(required)) question.required = required;
      else this.error(sheet.name, row.number, 'required', 'instruments.import.notYesNo');
    }
    const requiredMessage = this.text(sheet, row, 'required_message');
    if (requiredMessage) question.requiredMessage = requiredMessage;
    const constraintMessage = this.text(sheet, row, 'constraint_message');
    if (constraintMessage) question.constraintMessage = constraintMessage;
    for (const [field, column] of [['relevant', 'relevant'], ['constraint', 'constraint'], ['calculation', 'calculation'], ['default', 'default'], ['choiceFilter', 'choice_filter']] as const) {
      const value = col(row, column);
      if (value) question[field] = value;
    }
    if (question.type === 'calculate' && !question.calculation && col(row, 'type').trim().toLowerCase() === 'hidden') {
      // `hidden` holds its default and is never shown: a calculation of that constant.
      question.calculation = `'${(question.default ?? '').replace(/'/g, '')}'`;
      delete question.default;
    }
    if (question.constraint && builtIn) question.constraint = `(${builtIn}) and (${question.constraint})`;
    else if (builtIn) question.constraint = builtIn;
    Object.assign(question, this.appearance(row, col));
    // appearance search('file.csv'): the choices come from an external CSV (the list holds only a placeholder).
    if (/\bsearch\s*\(/i.test(question.appearance ?? '')) this.error(sheet.name, row.number, 'appearance', 'instruments.import.externalData', { type: 'search()', item: name });
    if (this.flag(sheet.name, row, col(row, 'read_only'), 'read_only')) question.readOnly = true;
    if (this.flag(sheet.name, row, col(row, 'ertad_scored'), 'ertad_scored')) question.scored = true;
    const weight = this.number(sheet.name, row, col(row, 'ertad_weight'), 'ertad_weight');
    if (weight !== undefined) question.weight = weight;
    return question;
  }

  bands(): ScoreBand[] {
    const sheet = this.sheets.get('ertad_bands');
    if (!sheet) return [];
    return sheet.rows.flatMap((row) => {
      const cell = (base: string) => row.cells.get(sheet.headers.find((h) => h.base === base)?.header ?? '') ?? '';
      const min = this.number(sheet.name, row, cell('min'), 'min');
      const max = this.number(sheet.name, row, cell('max'), 'max');
      if (min === undefined || max === undefined) {
        if (!cell('min') || !cell('max')) this.error(sheet.name, row.number, 'min', 'instruments.import.notANumber');
        return [];
      }
      return [{ min, max, label: this.text(sheet, row, 'label') ?? {} }];
    });
  }

  /** Reads the settings sheet first: the default language decides how texts are read. */
  settings(): SettingsRead {
    const sheet = this.sheets.get('settings');
    const row = sheet?.rows[0];
    if (!sheet || !row) return {};
    const cell = (base: string) => row.cells.get(sheet.headers.find((h) => h.base === base && !h.language)?.header ?? '') ?? '';
    for (const h of sheet.headers) {
      if (SETTINGS_COLUMNS.has(h.base) || !row.cells.has(h.header)) continue;
      this.warn(sheet.name, row.number, h.header, SETTINGS_IGNORED.has(h.base) ? 'instruments.import.settingIgnored' : 'instruments.import.columnIgnored', { column: h.header });
    }
    const languageText = cell('default_language');
    const language = languageText ? languageOf(languageText) : undefined;
    const method = cell('ertad_score_method');
    if (method && !(SCORE_METHODS as readonly string[]).includes(method)) this.error(sheet.name, row.number, 'ertad_score_method', 'instruments.import.badScoreMethod');
    const allow = cell('allow_choice_duplicates');
    const read: SettingsRead = {
      ...(cell('form_id') ? { formId: cell('form_id') } : {}),
      ...(language === 'ka' || language === 'en' ? { defaultLanguage: language } : {}),
      ...(language && language !== 'ka' && language !== 'en' && language !== 'default' ? { defaultLanguageName: language } : {}),
      ...(cell('version') ? { version: cell('version') } : {}),
      ...(allow && this.flag(sheet.name, row, allow, 'allow_choice_duplicates') ? { allowChoiceDuplicates: true } : {}),
      ...(method && (SCORE_METHODS as readonly string[]).includes(method) ? { method: method as ScoreMethod } : {}),
    };
    this.settingsRead = read;
    const title = this.text(sheet, row, 'form_title');
    return { ...read, ...(title ? { title } : {}) };
  }

  /** Places the engine's definition issues on the row where the item or list first appears. */
  placeDefinitionIssues(definition: Definition) {
    const columns: Record<string, string> = { default: 'default', repeatCount: 'repeat_count', relevant: 'relevant', constraint: 'constraint', calculation: 'calculation', choiceFilter: 'choice_filter', listName: 'type', name: 'name', label: 'label', choices: 'name', required: 'required' };
    const reported = new Set<string>();
    // A name rejected somewhere but also defined validly elsewhere is the valid one's.
    const defined = new Set(flattenItems(definition.items).map((i) => i.name));
    const rejected = new Set([...this.rejected].filter((name) => !defined.has(name)));
    for (const issue of validateDefinition(definition)) {
      // No cascades: references to a rejected row were reported with that row.
      if (issue.code.endsWith('unknownReference') && rejected.has(String(issue.params?.name))) continue;
      // instance('x') of an xml-external/csv-external row: that row already said external data is out of scope.
      if (issue.code.endsWith('unknownLookupList') && rejected.has(String(issue.params?.name))) continue;
      const key = `${issue.item}\u0000${issue.field}\u0000${issue.code}\u0000${JSON.stringify(issue.params ?? {})}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const rows = this.origin.get(issue.field === 'choices' ? `list:${issue.item}` : issue.item) ?? [];
      const where = rows[0] ?? { sheet: 'survey', row: 0 };
      if (issue.params?.problem === 'unknown_function' && issue.params.detail === 'pulldata') {
        this.error(where.sheet, where.row, columns[issue.field] ?? issue.field, 'instruments.import.externalData', { type: 'pulldata()', item: issue.item });
        continue;
      }
      this.error(where.sheet, where.row, columns[issue.field] ?? issue.field, issue.code, { ...issue.params, item: issue.item });
    }
  }
}

/** The first bytes of an old binary Excel (.xls) file. */
const XLS_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Reads an XLSForm workbook. Every problem is reported with sheet, row and column; an import with errors yields no definition. */
export async function importXlsForm(data: Buffer): Promise<ImportResult> {
  if (data.subarray(0, XLS_SIGNATURE.length).equals(XLS_SIGNATURE)) {
    return { errors: [{ sheet: '', row: 0, column: '', code: 'instruments.import.xlsNotSupported' }], warnings: [] };
  }
  const book = new (await loadExcel()).Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { errors: [{ sheet: '', row: 0, column: '', code: 'instruments.import.notXlsx' }], warnings: [] };
  }
  const sheets = new Map<string, Sheet>();
  const warnings: ImportIssue[] = [];
  const errors: ImportIssue[] = [];
  const candidates = book.worksheets.filter((w) => !w.name.trim().startsWith('_'));
  for (const worksheet of candidates) {
    const key = worksheet.name.trim().toLowerCase();
    if (['survey', 'choices', 'settings', 'ertad_bands'].includes(key)) sheets.set(key, readSheet(worksheet, errors));
    else if (key === 'external_choices' && worksheet.actualRowCount > 1) errors.push({ sheet: worksheet.name, row: 0, column: '', code: 'instruments.import.externalData', params: { type: worksheet.name } });
    else warnings.push({ sheet: worksheet.name, row: 0, column: '', code: 'instruments.import.sheetIgnored' });
  }
  // A workbook with a single sheet is its survey, whatever the sheet is called (as pyxform reads it).
  const only = candidates.length === 1 ? candidates[0]! : undefined;
  if (!sheets.has('survey') && only && !['choices', 'settings'].includes(only.name.trim().toLowerCase())) {
    warnings.length = 0;
    sheets.set('survey', readSheet(only, errors));
  }
  if (!sheets.has('survey')) return { errors: [{ sheet: 'survey', row: 0, column: '', code: 'instruments.import.noSurvey' }], warnings };

  const importer = new Importer(sheets);
  importer.warnings.push(...warnings);
  importer.errors.push(...errors);
  const settings = importer.settings();
  const choiceLists = importer.choices();
  const items = importer.survey();
  const bands = importer.bands();
  // Nesting beyond the limit is reported at its row; the (recursive) schema check never sees it.
  if (importer.errors.some((e) => e.code === 'instruments.issues.tooDeep')) return { errors: importer.errors, warnings: importer.warnings };
  importer.checkAmbiguousReferences(items);
  const parsed = definitionSchema.safeParse({
    items,
    choiceLists,
    ...(settings.method || bands.length ? { scoring: { method: settings.method ?? 'mean', bands } } : {}),
    settings: {
      ...(settings.defaultLanguage ? { defaultLanguage: settings.defaultLanguage } : {}),
      ...(settings.defaultLanguageName ? { defaultLanguageName: settings.defaultLanguageName } : {}),
      ...(settings.formId ? { formId: settings.formId } : {}),
      ...(settings.version ? { version: settings.version } : {}),
      ...(settings.allowChoiceDuplicates ? { allowChoiceDuplicates: true } : {}),
    },
  });
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.') ?? '';
    if (!importer.errors.length) importer.errors.push({ sheet: 'survey', row: 0, column: '', code: 'instruments.import.invalid', params: { path } });
    return { errors: importer.errors, warnings: importer.warnings };
  }
  const definition = normalizeDefinition(parsed.data);
  importer.placeDefinitionIssues(definition);
  const result = { errors: importer.errors, warnings: importer.warnings, ...(settings.formId ? { formId: settings.formId } : {}), ...(settings.title ? { title: settings.title } : {}) };
  return importer.errors.length ? result : { ...result, definition };
}
