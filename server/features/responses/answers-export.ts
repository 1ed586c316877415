import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, type Writable } from 'node:stream';
import { and, inArray } from 'drizzle-orm';
import { textIn, type Choice, type Group, type LocalText } from '../../../common/instruments/definition';
import { answerKey } from '../../../common/instruments/form-state';
import { geopointColumns, odkGeoText } from '../../../common/instruments/geo';
import { toText, type Value } from '../../../common/instruments/expression-evaluator';
import type { ScoreResult } from '../../../common/instruments/scoring';
import { translate } from '../../../common/i18n/translate';
import type { Language } from '../../../common/roles';
import type { AnswersExportQuery } from '../../../common/schemas/answers';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { csvLines, dateTimeHeader, DATE_FORMAT, DATE_TIME_FORMAT, spreadsheetCell, XLSX_MAX_ROWS } from '../../http/export';
import { HttpProblem } from '../../http/problem';
import { answerFields, answersWhere, byId, forEachBatch, instancePaths, instanceCount, instrumentShape, repeatsOf, withVersion, type InstrumentQuestion, type InstrumentShape, type Path } from './answers-source';
import { formLabelIn } from './queries';
import { loadArchiver, loadExcel } from '../../http/libraries';
import { programmeToday } from '../../calendar';

// The answers of one instrument as a spreadsheet, like Kobo's export: one row per response and
// one column per question (wide), or one row per answer (long). It streams: responses are read
// in keyset batches and each batch is written out before the next is read.
//
// Repeats (wide layout), as Kobo exports them: the main sheet holds the questions outside
// repeats, and every repeat (nested ones too) has a sheet of its own with one row per instance,
// linked by `_parent_index` to the `_index` of its parent's row (the main sheet or the enclosing
// repeat's sheet) and by `_submission_id` to the response's `_id`. The responses are read once:
// the main sheet is written as the batches come, the repeat rows wait in temporary files (never
// in memory) and become their sheets after it. CSV cannot hold several sheets, so a CSV export
// of an instrument with repeats is a zip with one CSV per sheet.

type Cell = string | number | Date | null;
type AnswerRow = Awaited<ReturnType<ReturnType<typeof readBatch>>>[number];
interface Names {
  organisation: Map<string, string>;
  author: Map<string, string>;
}
/** A row of a sheet: the response, and how a question's answer is read there (its repeat instance). */
interface Ctx {
  row: AnswerRow;
  get: (name: string) => string;
  /** `_index` of this row, and of the parent's row (repeat sheets). */
  index: number;
  parentIndex: number;
}
interface Column {
  header: string;
  kind: 'text' | 'number' | 'date' | 'datetime' | 'link';
  value: (ctx: Ctx, names: Names) => Cell;
}

/** A repeat's sheet: its own questions, its parent repeat (none for a top-level repeat), its nested repeats. */
interface RepeatSheet {
  group: Group;
  parent: RepeatSheet | null;
  questions: InstrumentQuestion[];
  children: RepeatSheet[];
  sheetName: string;
  columns: Column[];
  rows: number;
  file: string;
  out?: WriteStream;
}

interface Options {
  lang: Language;
  /** Where attachment links point (scheme and host of the request). */
  origin: string;
}

function readBatch(gw: Gateway, shape: InstrumentShape, query: AnswersExportQuery, total: number, lang: Language) {
  const where = answersWhere(shape, query);
  // A form's label as the reader reads it (a capacity form's round in the reader's language).
  const fields = { ...answerFields, label: formLabelIn(lang) };
  return (after: ReturnType<typeof answersWhere>, limit: number) =>
    gw.select(OWNED.responses, fields, { joins: withVersion, where: and(where, after), orderBy: byId, limit, purpose: 'export', filter: { instrumentId: shape.id, ...query, total } });
}

/** A date answer ('2025-03-01') as a real date, so spreadsheets sort and filter it. */
function asDate(text: string): Date | null {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : null;
}

function asNumber(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function answerText(answers: Record<string, Value>, name: string): string {
  const v = answers[name];
  return v === undefined ? '' : toText(v).trim();
}

class Labeller {
  readonly lang: Language;
  /** Headers follow the chosen label language; XLSForm names keep the reader's language for the rest. */
  constructor(readonly mode: 'ka' | 'en' | 'names', readerLanguage: Language) {
    this.lang = mode === 'names' ? readerLanguage : mode;
  }
  get names() {
    return this.mode === 'names';
  }
  /** Chrome (meta columns): catalogue text, or a stable code when exporting names. */
  meta(code: string, key: string): string {
    return this.names ? code : translate(this.lang, key);
  }
  /** A meta column of moments: its header says they are Tbilisi's clock (names stay as they are). */
  metaDateTime(code: string, key: string): string {
    return this.names ? code : dateTimeHeader(translate(this.lang, key), this.lang);
  }
  local(text: LocalText | undefined, name: string): string {
    return this.names ? name : textIn(text, this.mode as 'ka' | 'en') || name;
  }
  header(q: InstrumentQuestion): string {
    const path = [...q.parents, q.question];
    return this.names ? path.map((p) => p.name).join('/') : path.map((p) => textIn(p.label, this.mode as 'ka' | 'en') || p.name).join(' / ');
  }
  choice(choices: Choice[], code: string): string {
    if (this.names) return code;
    const found = choices.find((c) => c.name === code);
    return found ? textIn(found.label, this.mode as 'ka' | 'en') || code : code;
  }
}

function metaColumns(l: Labeller): Column[] {
  const subjectType = ({ row }: Ctx) => (l.names ? row.subjectType : translate(l.lang, `responses.subjectTypes.${row.subjectType}`));
  return [
    { header: l.meta('_id', 'responses.answers.id'), kind: 'text', value: ({ row }) => row.id },
    { header: l.meta('_version', 'instruments.version'), kind: 'number', value: ({ row }) => row.versionNumber },
    { header: l.meta('_status', 'common.status'), kind: 'text', value: ({ row }) => (l.names ? row.status : translate(l.lang, `responses.status.${row.status}`)) },
    { header: l.meta('_subject_type', 'responses.answers.subjectType'), kind: 'text', value: subjectType },
    {
      header: l.meta('_subject', 'responses.answers.subject'),
      kind: 'text',
      value: ({ row: r }, n) => r.label || (r.subjectType === 'organisation' && r.subjectId ? (n.organisation.get(r.subjectId) ?? '') : ''),
    },
    { header: l.meta('_organisation', 'responses.answers.organisation'), kind: 'text', value: ({ row }, n) => n.organisation.get(row.organisationId) ?? '' },
    { header: l.meta('_author', 'responses.answers.author'), kind: 'text', value: ({ row: r }, n) => (r.createdBy ? (n.author.get(r.createdBy) ?? '') : '') },
    { header: l.metaDateTime('_created', 'responses.answers.createdAt'), kind: 'datetime', value: ({ row }) => row.createdAt },
    { header: l.metaDateTime('_submitted', 'responses.submittedAt'), kind: 'datetime', value: ({ row }) => row.submittedAt },
    { header: l.metaDateTime('_updated', 'responses.updatedAt'), kind: 'datetime', value: ({ row }) => row.updatedAt },
  ];
}

function attachmentLink(origin: string, id: string): string {
  return `${origin}/api/v1/attachments/${id}`;
}

function questionColumns(questions: InstrumentQuestion[], l: Labeller, opts: Options): Column[] {
  return questions.flatMap((q): Column[] => {
    const { name, type } = q.question;
    const header = l.header(q);
    const text = (ctx: Ctx) => ctx.get(name);
    switch (type) {
      case 'integer':
      case 'decimal':
        return [{ header, kind: 'number', value: (r) => asNumber(text(r)) }];
      case 'date':
        return [{ header, kind: 'date', value: (r) => asDate(text(r)) }];
      case 'file':
      case 'image':
        return [{ header, kind: 'link', value: (r) => (text(r) ? attachmentLink(opts.origin, text(r)) : null) }];
      case 'select_one':
        return [{ header, kind: 'text', value: (r) => (text(r) ? l.choice(q.choices, text(r)) : null) }];
      case 'geopoint': {
        // As Kobo: the ODK text ("lat lon alt acc") and a number column per part.
        const part = (key: 'latitude' | 'longitude' | 'altitude' | 'accuracy', code: string): Column => ({
          header: l.names ? `_${header}_${code}` : `${header}: ${translate(l.lang, `instruments.geo.${key}`)}`,
          kind: 'number',
          value: (r) => { const v = geopointColumns(text(r))[key]; return v === '' ? null : v; },
        });
        return [
          { header, kind: 'text', value: (r) => (text(r) ? odkGeoText(text(r)) : null) },
          part('latitude', 'latitude'), part('longitude', 'longitude'), part('altitude', 'altitude'), part('accuracy', 'precision'),
        ];
      }
      case 'geotrace':
      case 'geoshape':
        return [{ header, kind: 'text', value: (r) => (text(r) ? odkGeoText(text(r)) : null) }];
      case 'select_multiple': {
        const picked = (r: Ctx) => text(r).split(/\s+/).filter(Boolean);
        const joined: Column = { header, kind: 'text', value: (r) => (l.names ? text(r) : picked(r).map((c) => l.choice(q.choices, c)).join('; ')) || null };
        // One 0/1 column per choice, empty when the question was not answered (not the same as 0).
        const perChoice = q.choices.map((c): Column => ({
          header: l.names ? `${header}/${c.name}` : `${header}: ${l.choice(q.choices, c.name)}`,
          kind: 'number',
          value: (r) => (text(r) ? (picked(r).includes(c.name) ? 1 : 0) : null),
        }));
        return [joined, ...perChoice];
      }
      default:
        return [{ header, kind: 'text', value: (r) => text(r) || null }];
    }
  });
}

function scoreColumns(shape: InstrumentShape, l: Labeller): Column[] {
  const score = ({ row }: Ctx) => row.score as ScoreResult | null;
  const sections = shape.sections.map((group): Column => ({
    header: l.names ? `_score/${group.name}` : `${translate(l.lang, 'instruments.score')}: ${l.local(group.label, group.name)}`,
    kind: 'number',
    value: (r) => score(r)?.sections.find((s) => s.name === group.name)?.score ?? null,
  }));
  if (shape.sections.length === 0 && !shape.questions.some((q) => q.scored)) return [];
  return [
    ...sections,
    { header: l.meta('_score', 'instruments.score'), kind: 'number', value: (r) => score(r)?.overall ?? null },
    { header: l.meta('_band', 'responses.level'), kind: 'text', value: (r) => { const band = score(r)?.band; return band ? (l.names ? (band.default ?? band.en ?? band.ka ?? '') : textIn(band, l.mode as 'ka' | 'en')) : null; } },
  ];
}

/** Long (tidy) layout: one row per answer; a select_multiple answer gives one row per choice; inside a repeat the question is its instance path (`member[2]/age`). */
function longRows(shape: InstrumentShape, l: Labeller, opts: Options, row: AnswerRow, names: Names): Cell[][] {
  const lead: Cell[] = [row.id, row.versionNumber, names.organisation.get(row.organisationId) ?? '', row.label, row.submittedAt];
  const out: Cell[][] = [];
  for (const q of shape.questions) {
    const label = l.header(q);
    for (const path of instancePaths(row.answers, repeatsOf(q))) {
      const key = answerKey(path, q.question.name);
      const text = answerText(row.answers, key);
      if (!text) continue;
      const values = q.question.type === 'select_multiple' ? text.split(/\s+/).filter(Boolean) : [text];
      for (const value of values) {
        const shown = q.question.type === 'select_one' || q.question.type === 'select_multiple' ? l.choice(q.choices, value) : q.question.type === 'file' || q.question.type === 'image' ? attachmentLink(opts.origin, value) : value;
        out.push([...lead, key, label, q.question.type, value, shown, asNumber(value)]);
      }
    }
  }
  return out;
}

/** Characters Excel refuses in a sheet name. */
const BAD_SHEET_CHARS = /[[\]:*?/\\]/g;

/** A sheet name Excel accepts (31 characters, no []:*?/\), unique among `taken` (case-insensitively). */
function sheetName(wanted: string, taken: Set<string>): string {
  const clean = wanted.replace(BAD_SHEET_CHARS, '_').slice(0, 31) || 'sheet';
  let name = clean;
  for (let n = 2; taken.has(name.toLowerCase()); n += 1) name = `${clean.slice(0, 31 - String(n).length - 1)}_${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** The repeat sheets (document order) and the questions left for the main sheet. */
function repeatSheets(shape: InstrumentShape, mainSheet: string, l: Labeller, opts: Options) {
  const main: InstrumentQuestion[] = [];
  const all: RepeatSheet[] = [];
  const top: RepeatSheet[] = [];
  const byName = new Map<string, RepeatSheet>();
  const taken = new Set([mainSheet.toLowerCase()]);
  for (const q of shape.questions) {
    const chain = repeatsOf(q);
    let parent: RepeatSheet | null = null;
    for (const group of chain) {
      let sheet = byName.get(group.name);
      if (!sheet) {
        sheet = { group, parent, questions: [], children: [], sheetName: sheetName(group.xlsformName ?? group.name, taken), columns: [], rows: 0, file: '' };
        byName.set(group.name, sheet);
        all.push(sheet);
        (parent ? parent.children : top).push(sheet);
      }
      parent = sheet;
    }
    (parent ? parent.questions : main).push(q);
  }
  for (const sheet of all) sheet.columns = [...linkColumns(sheet.parent?.sheetName ?? mainSheet), ...questionColumns(sheet.questions, l, opts)];
  return { main, all, top };
}

/** The columns that link a repeat's row to its parent's row and to the response (as Kobo names them). */
function linkColumns(parentSheet: string): Column[] {
  return [
    { header: '_index', kind: 'number', value: (c) => c.index },
    { header: '_parent_table_name', kind: 'text', value: () => parentSheet },
    { header: '_parent_index', kind: 'number', value: (c) => c.parentIndex },
    { header: '_submission_id', kind: 'text', value: (c) => c.row.id },
  ];
}

/**
 * Hands every repeat instance of a response to `emit`, depth first, numbering each sheet's rows
 * (`_index`) across the whole export and linking each to the row of its parent.
 */
function eachInstance(sheets: RepeatSheet[], row: AnswerRow, path: Path, parentIndex: number, emit: (sheet: RepeatSheet, ctx: Ctx) => void) {
  for (const sheet of sheets) {
    const count = instanceCount(row.answers, answerKey(path, sheet.group.name));
    for (let i = 1; i <= count; i += 1) {
      const at = [...path, { repeat: sheet.group.name, index: i }];
      sheet.rows += 1;
      const index = sheet.rows;
      emit(sheet, { row, get: (name) => answerText(row.answers, answerKey(at, name)), index, parentIndex });
      eachInstance(sheet.children, row, at, index, emit);
    }
  }
}

function longHeaders(l: Labeller): string[] {
  return [
    l.meta('_id', 'responses.answers.id'),
    l.meta('_version', 'instruments.version'),
    l.meta('_organisation', 'responses.answers.organisation'),
    l.meta('_subject', 'responses.answers.subject'),
    l.metaDateTime('_submitted', 'responses.submittedAt'),
    l.meta('question', 'responses.answers.questionName'),
    l.meta('label', 'responses.answers.question'),
    l.meta('type', 'responses.answers.type'),
    l.meta('value', 'responses.answers.code'),
    l.meta('value_label', 'responses.answers.value'),
    l.meta('number', 'responses.answers.number'),
  ];
}

/** Organisation and author names of a batch, read within the actor's scope (unknown stay blank). */
async function namesOf(gw: Gateway, rows: AnswerRow[], names: Names, lang: Language) {
  const orgs = OWNED.organisations.table;
  const users = OWNED.users.table;
  const orgIds = [...new Set(rows.flatMap((r) => [r.organisationId, r.subjectType === 'organisation' ? r.subjectId : null]))].filter((id): id is string => !!id && !names.organisation.has(id));
  const userIds = [...new Set(rows.map((r) => r.createdBy))].filter((id): id is string => !!id && !names.author.has(id));
  if (orgIds.length) {
    const found = await gw.select(OWNED.organisations, { id: orgs.id, nameKa: orgs.nameKa, nameEn: orgs.nameEn }, { where: inArray(orgs.id, orgIds), purpose: 'check' });
    for (const o of found) names.organisation.set(o.id, lang === 'en' ? o.nameEn || o.nameKa : o.nameKa || o.nameEn);
  }
  if (userIds.length) {
    const found = await gw.select(OWNED.users, { id: users.id, displayName: users.displayName }, { where: inArray(users.id, userIds), purpose: 'check' });
    for (const u of found) names.author.set(u.id, u.displayName);
  }
}

/** A cell as `csvCell` writes it; a date question's answer as the day alone. */
function answerCell(value: Cell, kind: Column['kind'] | undefined): unknown {
  return value instanceof Date && kind === 'date' ? value.toISOString().slice(0, 10) : value;
}

/**
 * Waits until `out` takes more; fails when it is closed instead (the client went away), so the
 * export stops reading and its temporary files go.
 */
function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new Error('the download was closed'));
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      out.off('drain', onDrain);
      reject(new Error('the download was closed'));
    };
    out.once('drain', onDrain);
    out.once('close', onClose);
  });
}

/** `work`, unless `out` closes first (the client went away while it waited). */
async function untilClosed<T>(work: Promise<T>, out: Writable): Promise<T> {
  if (out.destroyed) throw new Error('the download was closed');
  let onClose = () => {};
  const closed = new Promise<never>((_, reject) => {
    onClose = () => reject(new Error('the download was closed'));
    out.once('close', onClose);
  });
  try {
    return await Promise.race([work, closed]);
  } finally {
    out.off('close', onClose);
  }
}

/** Writes and waits when the socket is full, so a slow reader slows the reads down too. */
function write(out: Writable, chunk: string): Promise<void> | void {
  if (out.destroyed) return Promise.reject(new Error('the download was closed'));
  if (!out.write(chunk)) return drained(out);
}

const NUM_FMT: Partial<Record<Column['kind'], string>> = { date: DATE_FORMAT, datetime: DATE_TIME_FORMAT };

export interface AnswersExport {
  filename: string;
  contentType: string;
  /** How many responses it holds (for progress); known before the first byte. */
  total: number;
  stream: PassThrough;
}

/** A spooled repeat row back as cells: dates were written as ISO text. */
function hydrate(cells: Cell[], kinds: Column['kind'][]): Cell[] {
  return cells.map((v, i) => ((kinds[i] === 'date' || kinds[i] === 'datetime') && typeof v === 'string' ? new Date(v) : v));
}

function tooManyRows(): Error {
  // Found while streaming (a repeat sheet or the long layout outgrew a sheet): the download breaks off.
  return new Error(`a sheet would hold more than ${XLSX_MAX_ROWS} rows`);
}

/**
 * Starts the export: checks the instrument and counts the responses before anything is sent
 * (errors still answer as problems), then streams the file while reading batches.
 */
export async function exportAnswers(gw: Gateway, instrumentId: string, query: AnswersExportQuery, opts: Options): Promise<AnswersExport> {
  const shape = await instrumentShape(gw, instrumentId, query.version);
  const total = await gw.count(OWNED.responses, { where: answersWhere(shape, query) });
  const xlsx = query.format === 'xlsx';
  if (xlsx && total > XLSX_MAX_ROWS) throw new HttpProblem('exportTooLarge', [], 'exports.tooManyRowsForXlsx');
  const l = new Labeller(query.labels ?? opts.lang, opts.lang);
  const wide = query.layout === 'wide';
  const mainSheet = sheetName(shape.code || 'answers', new Set());
  const repeats = wide ? repeatSheets(shape, mainSheet, l, opts) : { main: shape.questions, all: [], top: [] };
  const mainIndex: Column = { header: '_index', kind: 'number', value: (c) => c.index };
  const columns = wide ? [...metaColumns(l), ...questionColumns(repeats.main, l, opts), ...scoreColumns(shape, l), mainIndex] : [];
  const headers = wide ? columns.map((c) => c.header) : longHeaders(l);
  const names: Names = { organisation: new Map(), author: new Map() };
  let responsesSeen = 0;
  const cellsOf = (row: AnswerRow): Cell[][] => {
    responsesSeen += 1;
    if (!wide) return longRows(shape, l, opts, row, names);
    const ctx: Ctx = { row, get: (name) => answerText(row.answers, name), index: responsesSeen, parentIndex: 0 };
    return [columns.map((c) => c.value(ctx, names))];
  };
  // The audit entry (written with the first batch) records the whole export's size.
  const read = readBatch(gw, shape, query, total, opts.lang);
  const stream = new PassThrough();
  const stamp = programmeToday();
  const base = `${shape.code}${query.version ? `-v${query.version}` : ''}-${query.layout}-${stamp}`.replace(/[^\w.-]+/g, '_');
  const zipped = !xlsx && repeats.all.length > 0;

  const kinds: Column['kind'][] = wide ? columns.map((c) => c.kind) : ['text', 'number', 'text', 'text', 'datetime', 'text', 'text', 'text', 'text', 'text', 'number'];
  const csvLine = (cells: Cell[], kindsOf: Column['kind'][]) => csvLines([cells.map((v, i) => answerCell(v, kindsOf[i]))]);
  const csvHeader = (titles: string[]) => `\uFEFF${csvLines([titles])}`;

  /** Reads every batch once: the main rows go to `main`, the repeat rows to their spool files. */
  const pass = async (main: (rows: Cell[][]) => Promise<void>) => {
    await forEachBatch(read, async (rows) => {
      await namesOf(gw, rows, names, l.lang);
      const spooled = new Map<RepeatSheet, string[]>();
      const mainRows: Cell[][] = [];
      for (const row of rows) {
        mainRows.push(...cellsOf(row));
        eachInstance(repeats.top, row, [], responsesSeen, (sheet, ctx) => {
          const cells = sheet.columns.map((c) => c.value(ctx, names));
          const line = xlsx ? `${JSON.stringify(cells)}\n` : csvLine(cells, sheet.columns.map((c) => c.kind));
          const lines = spooled.get(sheet);
          if (lines) lines.push(line);
          else spooled.set(sheet, [line]);
        });
      }
      await main(mainRows);
      for (const [sheet, lines] of spooled) await write(sheet.out!, lines.join(''));
    });
    await Promise.all(repeats.all.map(async (sheet) => {
      sheet.out!.end();
      await once(sheet.out!, 'close');
    }));
  };

  const run = async (dir: string | undefined) => {
    repeats.all.forEach((sheet, i) => {
      sheet.file = join(dir!, `${i}.rows`);
      sheet.out = createWriteStream(sheet.file);
      if (!xlsx) sheet.out.write(csvHeader(sheet.columns.map((c) => c.header)));
    });
    if (!xlsx && !zipped) {
      await write(stream, csvHeader(headers));
      await pass(async (rows) => write(stream, rows.map((cells) => csvLine(cells, kinds)).join('')));
      stream.end();
      return;
    }
    if (zipped) {
      const zip = (await loadArchiver())('zip');
      zip.on('error', (error) => stream.destroy(error));
      zip.pipe(stream);
      const main = new PassThrough();
      // The client gone: the entry being written stops too (else its writes would wait for ever).
      stream.once('close', () => main.destroy());
      zip.append(main, { name: `${base}.csv` });
      await write(main, csvHeader(headers));
      await pass(async (rows) => write(main, rows.map((cells) => csvLine(cells, kinds)).join('')));
      main.end();
      for (const sheet of repeats.all) zip.file(sheet.file, { name: `${base}-${sheet.sheetName}.csv` });
      await untilClosed(zip.finalize(), stream);
      return;
    }
    const book = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    const addSheet = (name: string, titles: string[], kindsOf: Column['kind'][]) => {
      const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = kindsOf.map((kind, i) => ({ key: `c${i}`, width: kind === 'link' ? 40 : 22, style: NUM_FMT[kind] ? { numFmt: NUM_FMT[kind] } : {} }));
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: titles.length } };
      const header = sheet.addRow(titles);
      header.font = { bold: true };
      header.commit();
      let count = 0;
      const add = async (cells: Cell[]) => {
        if (stream.destroyed) throw new Error('the download was closed');
        count += 1;
        if (count > XLSX_MAX_ROWS) throw tooManyRows();
        // A moment is Tbilisi's clock, as in every export (`spreadsheetCell`); a date question's day stays as it is.
        sheet.addRow(cells.map((v, i) => (kindsOf[i] === 'link' && typeof v === 'string' ? { text: v, hyperlink: v } : kindsOf[i] === 'datetime' ? spreadsheetCell(v).value : v))).commit();
        if (stream.writableNeedDrain) await drained(stream);
      };
      // Each sheet is finished before the next starts: the workbook's zip holds one open entry at a time.
      return { add, done: () => sheet.commit() };
    };
    const main = addSheet(mainSheet, headers, kinds);
    await pass(async (rows) => {
      for (const cells of rows) await main.add(cells);
    });
    main.done();
    for (const sheet of repeats.all) {
      const kindsOf = sheet.columns.map((c) => c.kind);
      const out = addSheet(sheet.sheetName, sheet.columns.map((c) => c.header), kindsOf);
      for await (const line of createInterface({ input: createReadStream(sheet.file), crlfDelay: Infinity })) {
        if (line) await out.add(hydrate(JSON.parse(line) as Cell[], kindsOf));
      }
      out.done();
    }
    await untilClosed(book.commit(), stream);
  };
  // An error after the first byte cannot become a problem response: the stream is broken off,
  // so the download fails visibly instead of ending as a silently short file. The spool files
  // go in any case.
  const spool = async () => (repeats.all.length ? mkdtemp(join(tmpdir(), 'ertad-answers-')) : undefined);
  void spool().then(async (dir) => {
    try {
      await run(dir);
    } finally {
      for (const sheet of repeats.all) sheet.out?.destroy();
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  }).catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return {
    filename: `${base}.${zipped ? 'zip' : query.format}`,
    contentType: zipped ? 'application/zip' : xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    total,
    stream,
  };
}
