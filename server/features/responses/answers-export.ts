import { PassThrough, type Writable } from 'node:stream';
import { and, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { textIn, type Choice, type LocalText } from '../../../common/instruments/definition';
import { toText, type Value } from '../../../common/instruments/expression-evaluator';
import type { ScoreResult } from '../../../common/instruments/scoring';
import { translate } from '../../../common/i18n/translate';
import type { Language } from '../../../common/roles';
import type { AnswersExportQuery } from '../../../common/schemas/answers';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { answerFields, answersWhere, byId, forEachBatch, instrumentShape, withVersion, type InstrumentQuestion, type InstrumentShape } from './answers-source';

// The answers of one instrument as a spreadsheet, like Kobo's export: one row per response and
// one column per question (wide), or one row per answer (long). It streams: responses are read
// in keyset batches and each batch is written out before the next is read.

type Cell = string | number | Date | null;
type AnswerRow = Awaited<ReturnType<ReturnType<typeof readBatch>>>[number];
interface Names {
  organisation: Map<string, string>;
  author: Map<string, string>;
}
interface Column {
  header: string;
  kind: 'text' | 'number' | 'date' | 'datetime' | 'link';
  value: (row: AnswerRow, names: Names) => Cell;
}

interface Options {
  lang: Language;
  /** Where attachment links point (scheme and host of the request). */
  origin: string;
}

function readBatch(gw: Gateway, shape: InstrumentShape, query: AnswersExportQuery, total: number) {
  const where = answersWhere(shape, query);
  return (after: ReturnType<typeof answersWhere>, limit: number) =>
    gw.select(OWNED.responses, answerFields, { joins: withVersion, where: and(where, after), orderBy: byId, limit, purpose: 'export', filter: { instrumentId: shape.id, ...query, total } });
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
  const subjectType = (row: AnswerRow) => (l.names ? row.subjectType : translate(l.lang, `responses.subjectTypes.${row.subjectType}`));
  return [
    { header: l.meta('_id', 'responses.answers.id'), kind: 'text', value: (r) => r.id },
    { header: l.meta('_version', 'instruments.version'), kind: 'number', value: (r) => r.versionNumber },
    { header: l.meta('_status', 'common.status'), kind: 'text', value: (r) => (l.names ? r.status : translate(l.lang, `responses.status.${r.status}`)) },
    { header: l.meta('_subject_type', 'responses.answers.subjectType'), kind: 'text', value: subjectType },
    {
      header: l.meta('_subject', 'responses.answers.subject'),
      kind: 'text',
      value: (r, n) => r.label || (r.subjectType === 'organisation' && r.subjectId ? (n.organisation.get(r.subjectId) ?? '') : ''),
    },
    { header: l.meta('_organisation', 'responses.answers.organisation'), kind: 'text', value: (r, n) => n.organisation.get(r.organisationId) ?? '' },
    { header: l.meta('_author', 'responses.answers.author'), kind: 'text', value: (r, n) => (r.createdBy ? (n.author.get(r.createdBy) ?? '') : '') },
    { header: l.meta('_created', 'responses.answers.createdAt'), kind: 'datetime', value: (r) => r.createdAt },
    { header: l.meta('_submitted', 'responses.submittedAt'), kind: 'datetime', value: (r) => r.submittedAt },
    { header: l.meta('_updated', 'responses.updatedAt'), kind: 'datetime', value: (r) => r.updatedAt },
  ];
}

function attachmentLink(origin: string, id: string): string {
  return `${origin}/api/v1/attachments/${id}`;
}

function questionColumns(shape: InstrumentShape, l: Labeller, opts: Options): Column[] {
  return shape.questions.flatMap((q): Column[] => {
    const { name, type } = q.question;
    const header = l.header(q);
    const text = (r: AnswerRow) => answerText(r.answers, name);
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
      case 'select_multiple': {
        const picked = (r: AnswerRow) => text(r).split(/\s+/).filter(Boolean);
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
  const score = (r: AnswerRow) => r.score as ScoreResult | null;
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

/** Long (tidy) layout: one row per answer; a select_multiple answer gives one row per choice. */
function longRows(shape: InstrumentShape, l: Labeller, opts: Options, row: AnswerRow, names: Names): Cell[][] {
  const lead: Cell[] = [row.id, row.versionNumber, names.organisation.get(row.organisationId) ?? '', row.label, row.submittedAt];
  const out: Cell[][] = [];
  for (const q of shape.questions) {
    const text = answerText(row.answers, q.question.name);
    if (!text) continue;
    const label = l.header(q);
    const values =
      q.question.type === 'select_multiple' ? text.split(/\s+/).filter(Boolean) : [text];
    for (const value of values) {
      const shown = q.question.type === 'select_one' || q.question.type === 'select_multiple' ? l.choice(q.choices, value) : q.question.type === 'file' || q.question.type === 'image' ? attachmentLink(opts.origin, value) : value;
      out.push([...lead, q.question.name, label, q.question.type, value, shown, asNumber(value)]);
    }
  }
  return out;
}

function longHeaders(l: Labeller): string[] {
  return [
    l.meta('_id', 'responses.answers.id'),
    l.meta('_version', 'instruments.version'),
    l.meta('_organisation', 'responses.answers.organisation'),
    l.meta('_subject', 'responses.answers.subject'),
    l.meta('_submitted', 'responses.submittedAt'),
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

function csvCell(value: Cell, kind: Column['kind'] | undefined): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? (kind === 'date' ? value.toISOString().slice(0, 10) : value.toISOString()) : String(value);
  // A leading = + - @ is neutralised so spreadsheets do not run it; numbers are left as they are.
  const safe = typeof value !== 'number' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** Writes and waits when the socket is full, so a slow reader slows the reads down too. */
function write(out: Writable, chunk: string): Promise<void> | void {
  if (!out.write(chunk)) return new Promise((resolve) => out.once('drain', () => resolve()));
}

const NUM_FMT: Partial<Record<Column['kind'], string>> = { date: 'dd.mm.yyyy', datetime: 'dd.mm.yyyy hh:mm' };

export interface AnswersExport {
  filename: string;
  contentType: string;
  /** How many responses it holds (for progress); known before the first byte. */
  total: number;
  stream: PassThrough;
}

/**
 * Starts the export: checks the instrument and counts the responses before anything is sent
 * (errors still answer as problems), then streams the file while reading batches.
 */
export async function exportAnswers(gw: Gateway, instrumentId: string, query: AnswersExportQuery, opts: Options): Promise<AnswersExport> {
  const shape = await instrumentShape(gw, instrumentId, query.version);
  const total = await gw.count(OWNED.responses, { where: answersWhere(shape, query) });
  const l = new Labeller(query.labels ?? opts.lang, opts.lang);
  const wide = query.layout === 'wide';
  const columns = wide ? [...metaColumns(l), ...questionColumns(shape, l, opts), ...scoreColumns(shape, l)] : [];
  const headers = wide ? columns.map((c) => c.header) : longHeaders(l);
  const names: Names = { organisation: new Map(), author: new Map() };
  const cellsOf = (row: AnswerRow): Cell[][] => (wide ? [columns.map((c) => c.value(row, names))] : longRows(shape, l, opts, row, names));
  // The audit entry (written with the first batch) records the whole export's size.
  const read = readBatch(gw, shape, query, total);
  const stream = new PassThrough();
  const stamp = new Date().toISOString().slice(0, 10);
  const base = `${shape.code}${query.version ? `-v${query.version}` : ''}-${query.layout}-${stamp}`.replace(/[^\w.-]+/g, '_');

  const kinds: Column['kind'][] = wide ? columns.map((c) => c.kind) : ['text', 'number', 'text', 'text', 'datetime', 'text', 'text', 'text', 'text', 'text', 'number'];

  const run = async () => {
    if (query.format === 'csv') {
      await write(stream, `\uFEFF${headers.map((h) => csvCell(h, 'text')).join(',')}\r\n`);
      await forEachBatch(read, async (rows) => {
        await namesOf(gw, rows, names, l.lang);
        const lines = rows.flatMap(cellsOf).map((cells) => cells.map((v, i) => csvCell(v, kinds[i])).join(',') + '\r\n');
        await write(stream, lines.join(''));
      });
      stream.end();
      return;
    }
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    const sheet = book.addWorksheet(shape.code.slice(0, 31) || 'answers', { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = kinds.map((kind, i) => ({ key: `c${i}`, width: kind === 'link' ? 40 : 22, style: NUM_FMT[kind] ? { numFmt: NUM_FMT[kind] } : {} }));
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
    const header = sheet.addRow(headers);
    header.font = { bold: true };
    header.commit();
    await forEachBatch(read, async (rows) => {
      await namesOf(gw, rows, names, l.lang);
      for (const cells of rows.flatMap(cellsOf)) {
        const added = sheet.addRow(cells.map((v, i) => (kinds[i] === 'link' && typeof v === 'string' ? { text: v, hyperlink: v } : v)));
        added.commit();
      }
    });
    sheet.commit();
    await book.commit();
  };
  // An error after the first byte cannot become a problem response: the stream is broken off,
  // so the download fails visibly instead of ending as a silently short file.
  run().catch((error: unknown) => stream.destroy(error instanceof Error ? error : new Error(String(error))));
  return {
    filename: `${base}.${query.format}`,
    contentType: query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    total,
    stream,
  };
}
