import ExcelJS from 'exceljs';
import {
  definition as definitionSchema,
  QUESTION_TYPES,
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
import { MAX_GROUP_DEPTH, validateDefinition } from '../../../../common/instruments/validate-definition';
import { isNo, isYes, parseColumnName, TRANSLATABLE } from './columns';

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
interface Sheet {
  name: string;
  headers: { header: string; base: string; language?: string }[];
  rows: Row[];
}

const SURVEY_COLUMNS = new Set(['type', 'name', 'label', 'hint', 'required', 'required_message', 'relevant', 'constraint', 'constraint_message', 'calculation', 'default', 'appearance', 'read_only', 'choice_filter', 'parameters', 'ertad_scored', 'ertad_weight', 'ertad_score_method']);
const METADATA_TYPES = new Set(['start', 'end', 'today', 'deviceid', 'subscriberid', 'simserial', 'phonenumber', 'username', 'email', 'audit', 'start-geopoint', 'background-audio']);
const AS_FILE = new Set(['audio', 'video']);
/** Other names XLSForm tools use for a type Ertad has. */
const TYPE_ALIASES: Record<string, QuestionType> = { trigger: 'acknowledge', photo: 'image', string: 'text', int: 'integer' };

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  return String(cell.text ?? value).trim();
}

function readSheet(worksheet: ExcelJS.Worksheet): Sheet {
  const headerRow = worksheet.getRow(1);
  const headers: Sheet['headers'] = [];
  headerRow.eachCell({ includeEmpty: false }, (cell, col) => {
    const header = cellText(cell);
    if (header) headers[col] = { header, ...parseColumnName(header) };
  });
  const rows: Row[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells = new Map<string, string>();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const header = headers[col];
      const value = cellText(cell);
      if (header && value !== '') cells.set(header.header, value);
    });
    if (cells.size > 0) rows.push({ number, cells });
  });
  return { name: worksheet.name, headers: headers.filter(Boolean), rows };
}

class Importer {
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  /** Where each item and choice list came from, to place definition issues on rows. */
  private readonly origin = new Map<string, { sheet: string; row: number }[]>();

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

  /** Translatable cells of one row as LocalText; unknown languages were warned about per column. */
  private text(sheet: Sheet, row: Row, base: string): LocalText | undefined {
    const result: LocalText = {};
    for (const h of sheet.headers) {
      if (h.base !== base) continue;
      const value = row.cells.get(h.header);
      if (!value) continue;
      const language = h.language ?? 'default';
      if (language === 'ka' || language === 'en' || language === 'default') result[language] = value;
    }
    return Object.keys(result).length ? result : undefined;
  }

  private checkColumns(sheet: Sheet, known: Set<string>, extraAllowed: boolean) {
    const byBase = new Map<string, Set<string>>();
    for (const h of sheet.headers) {
      if (!known.has(h.base) && !extraAllowed) {
        this.warn(sheet.name, 1, h.header, 'instruments.import.columnIgnored');
        continue;
      }
      if (h.language && !['ka', 'en'].includes(h.language)) this.warn(sheet.name, 1, h.header, 'instruments.import.languageIgnored', { language: h.language });
      if ((TRANSLATABLE as readonly string[]).includes(h.base)) {
        const languages = byBase.get(h.base) ?? new Set();
        languages.add(h.language ?? 'default');
        byBase.set(h.base, languages);
      }
    }
    for (const [base, languages] of byBase) {
      if (languages.has('default') && languages.size > 1) this.warn(sheet.name, 1, base, 'instruments.import.mixedLanguages');
    }
    const labelLanguages = byBase.get('label') ?? new Set();
    for (const [base, languages] of byBase) {
      for (const language of labelLanguages) {
        if (base !== 'label' && !languages.has(language)) this.warn(sheet.name, 1, base, 'instruments.import.missingTranslation', { language });
      }
    }
  }

  choices(): Record<string, Choice[]> {
    const sheet = this.sheets.get('choices');
    const lists: Record<string, Choice[]> = {};
    if (!sheet) return lists;
    this.checkColumns(sheet, new Set(['list_name', 'name', 'label', 'score']), true);
    const propertyColumns = sheet.headers.filter((h) => !h.language && !['list_name', 'name', 'label', 'score', 'image', 'media', 'audio', 'video'].includes(h.base));
    for (const row of sheet.rows) {
      const listName = row.cells.get(sheet.headers.find((h) => h.base === 'list_name')?.header ?? '') ?? '';
      const name = row.cells.get(sheet.headers.find((h) => h.base === 'name')?.header ?? '') ?? '';
      if (!listName) this.error(sheet.name, row.number, 'list_name', 'instruments.import.missingListName');
      if (!name) this.error(sheet.name, row.number, 'name', 'instruments.import.missingName');
      if (!listName || !name) continue;
      this.remember(`list:${listName}`, sheet.name, row.number);
      const scoreText = row.cells.get(sheet.headers.find((h) => h.base === 'score')?.header ?? '');
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
    const stack: { group: Group; row: number }[] = [];
    const add = (entry: Item) => (stack.length ? stack[stack.length - 1]!.group.items : root).push(entry);
    const col = (row: Row, base: string) => {
      const header = sheet.headers.find((h) => h.base === base && !h.language);
      return header ? (row.cells.get(header.header) ?? '') : '';
    };

    for (const row of sheet.rows) {
      const rawType = col(row, 'type').trim().replace(/\s+/g, ' ');
      const type = rawType.toLowerCase();
      const name = col(row, 'name');
      if (!type) {
        this.error(sheet.name, row.number, 'type', 'instruments.import.missingType');
        continue;
      }
      if (type === 'end group' || type === 'end_group') {
        if (!stack.pop()) this.error(sheet.name, row.number, 'type', 'instruments.import.unmatchedEnd');
        continue;
      }
      if (type.startsWith('begin repeat') || type.startsWith('begin_repeat') || type.startsWith('end repeat') || type.startsWith('end_repeat')) {
        this.error(sheet.name, row.number, 'type', 'instruments.import.unsupportedType', { type: 'repeat' });
        continue;
      }
      if (METADATA_TYPES.has(type)) {
        this.warn(sheet.name, row.number, 'type', 'instruments.import.metadataIgnored', { type });
        continue;
      }
      if (!name) {
        this.error(sheet.name, row.number, 'name', 'instruments.import.missingName');
        continue;
      }
      this.remember(name, sheet.name, row.number);
      const label = this.text(sheet, row, 'label') ?? {};
      const relevant = col(row, 'relevant') || undefined;
      if (type === 'begin group' || type === 'begin_group') {
        const method = col(row, 'ertad_score_method');
        const group: Group = { kind: 'group', name, label, items: [], ...(relevant ? { relevant } : {}), ...this.appearance(row, col) };
        if (method) {
          if ((SCORE_METHODS as readonly string[]).includes(method)) group.scoreMethod = method as ScoreMethod;
          else this.error(sheet.name, row.number, 'ertad_score_method', 'instruments.import.badScoreMethod');
        }
        const weight = this.number(sheet.name, row, col(row, 'ertad_weight'), 'ertad_weight');
        if (weight !== undefined) group.weight = weight;
        add(group);
        stack.push({ group, row: row.number });
        if (stack.length === MAX_GROUP_DEPTH + 1) this.error(sheet.name, row.number, 'type', 'instruments.issues.tooDeep', { item: name, max: MAX_GROUP_DEPTH });
        continue;
      }
      const question = this.question(sheet, row, rawType, name, label, col);
      if (question) add(question);
    }
    for (const open of stack) this.error(sheet.name, open.row, 'type', 'instruments.import.unclosedGroup', { name: open.group.name });
    return root;
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

  private question(sheet: Sheet, row: Row, rawType: string, name: string, label: LocalText, col: (row: Row, base: string) => string): Question | null {
    const [typeWord = '', listName, ...rest] = rawType.split(' ');
    const word = typeWord.toLowerCase();
    let type = TYPE_ALIASES[word] ?? (word as QuestionType);
    const extra: Partial<Question> = {};
    if (typeWord === 'select_one' || typeWord === 'select_multiple') {
      if (!listName || rest.length > 0) {
        this.error(sheet.name, row.number, 'type', rest[0] === 'or_other' ? 'instruments.import.unsupportedType' : 'instruments.import.missingList', { type: rawType });
        return null;
      }
      extra.listName = listName;
    } else if (AS_FILE.has(word)) {
      this.warn(sheet.name, row.number, 'type', 'instruments.import.treatedAsFile', { type });
      type = 'file';
    } else if (word === 'range') {
      const params = Object.fromEntries(col(row, 'parameters').split(/\s+/).filter(Boolean).map((p) => p.split('=')));
      this.warn(sheet.name, row.number, 'type', 'instruments.import.rangeAsInteger');
      type = 'integer';
      if (params.start !== undefined && params.end !== undefined) extra.constraint = `. >= ${Number(params.start)} and . <= ${Number(params.end)}`;
    } else if (!(QUESTION_TYPES as readonly string[]).includes(type) || rawType.includes(' ')) {
      this.error(sheet.name, row.number, 'type', 'instruments.import.unsupportedType', { type: rawType });
      return null;
    }
    const question: Question = { kind: 'question', type, name, label, ...extra };
    const hint = this.text(sheet, row, 'hint');
    if (hint) question.hint = hint;
    const required = this.flag(sheet.name, row, col(row, 'required'), 'required');
    if (required) question.required = true;
    const requiredMessage = this.text(sheet, row, 'required_message');
    if (requiredMessage) question.requiredMessage = requiredMessage;
    const constraintMessage = this.text(sheet, row, 'constraint_message');
    if (constraintMessage) question.constraintMessage = constraintMessage;
    for (const [field, column] of [['relevant', 'relevant'], ['constraint', 'constraint'], ['calculation', 'calculation'], ['default', 'default'], ['choiceFilter', 'choice_filter']] as const) {
      const value = col(row, column);
      if (value) question[field] = value;
    }
    if (question.constraint && extra.constraint) question.constraint = `(${extra.constraint}) and (${question.constraint})`;
    else if (extra.constraint) question.constraint = extra.constraint;
    Object.assign(question, this.appearance(row, col));
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

  settings(): { formId?: string; title?: LocalText; defaultLanguage?: 'ka' | 'en'; method?: ScoreMethod } {
    const sheet = this.sheets.get('settings');
    const row = sheet?.rows[0];
    if (!sheet || !row) return {};
    const cell = (base: string) => row.cells.get(sheet.headers.find((h) => h.base === base && !h.language)?.header ?? '') ?? '';
    const language = parseColumnName(`x::${cell('default_language')}`).language;
    const method = cell('ertad_score_method');
    if (method && !(SCORE_METHODS as readonly string[]).includes(method)) this.error(sheet.name, row.number, 'ertad_score_method', 'instruments.import.badScoreMethod');
    const title = this.text(sheet, row, 'form_title');
    return {
      ...(cell('form_id') ? { formId: cell('form_id') } : {}),
      ...(title ? { title } : {}),
      ...(language === 'ka' || language === 'en' ? { defaultLanguage: language } : {}),
      ...(method && (SCORE_METHODS as readonly string[]).includes(method) ? { method: method as ScoreMethod } : {}),
    };
  }

  /** Places the engine's definition issues on the rows they came from. */
  placeDefinitionIssues(definition: Definition) {
    const columns: Record<string, string> = { relevant: 'relevant', constraint: 'constraint', calculation: 'calculation', choiceFilter: 'choice_filter', listName: 'type', name: 'name', label: 'label', choices: 'name' };
    for (const issue of validateDefinition(definition)) {
      const rows = this.origin.get(issue.field === 'choices' ? `list:${issue.item}` : issue.item) ?? [];
      // A duplicate is reported where it repeats; anything else where the item first appears.
      const where = (issue.code.endsWith('duplicateName') ? rows[rows.length - 1] : rows[0]) ?? { sheet: 'survey', row: 0 };
      this.error(where.sheet, where.row, columns[issue.field] ?? issue.field, issue.code, issue.params);
    }
  }
}

/** Reads an XLSForm workbook. Every problem is reported with sheet, row and column; an import with errors yields no definition. */
export async function importXlsForm(data: Buffer): Promise<ImportResult> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    return { errors: [{ sheet: '', row: 0, column: '', code: 'instruments.import.notXlsx' }], warnings: [] };
  }
  const sheets = new Map<string, Sheet>();
  const warnings: ImportIssue[] = [];
  for (const worksheet of book.worksheets) {
    const key = worksheet.name.trim().toLowerCase();
    if (key.startsWith('_')) continue;
    if (['survey', 'choices', 'settings', 'ertad_bands'].includes(key)) sheets.set(key, readSheet(worksheet));
    else warnings.push({ sheet: worksheet.name, row: 0, column: '', code: 'instruments.import.sheetIgnored' });
  }
  if (!sheets.has('survey')) return { errors: [{ sheet: 'survey', row: 0, column: '', code: 'instruments.import.noSurvey' }], warnings };

  const importer = new Importer(sheets);
  importer.warnings.push(...warnings);
  const choiceLists = importer.choices();
  const items = importer.survey();
  const bands = importer.bands();
  const settings = importer.settings();
  // Nesting beyond the limit is reported at its row; the (recursive) schema check never sees it.
  if (importer.errors.some((e) => e.code === 'instruments.issues.tooDeep')) return { errors: importer.errors, warnings: importer.warnings };
  const parsed = definitionSchema.safeParse({
    items,
    choiceLists,
    ...(settings.method || bands.length ? { scoring: { method: settings.method ?? 'mean', bands } } : {}),
    settings: { ...(settings.defaultLanguage ? { defaultLanguage: settings.defaultLanguage } : {}), ...(settings.formId ? { formId: settings.formId } : {}) },
  });
  if (!parsed.success) {
    importer.errors.push({ sheet: 'survey', row: 0, column: '', code: 'instruments.import.invalid' });
    return { errors: importer.errors, warnings: importer.warnings };
  }
  const definition = normalizeDefinition(parsed.data);
  importer.placeDefinitionIssues(definition);
  const result = { errors: importer.errors, warnings: importer.warnings, ...(settings.formId ? { formId: settings.formId } : {}), ...(settings.title ? { title: settings.title } : {}) };
  return importer.errors.length ? result : { ...result, definition };
}
