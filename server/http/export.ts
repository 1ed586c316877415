import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';
import { translate } from '../../common/i18n/translate';
import type { Language } from '../../common/roles';

export interface ExportColumn<Row> {
  /** Catalogue key of the column header. */
  header: string;
  /** `t` translates catalogue keys, for enum values such as kinds and roles. */
  value: (row: Row, t: (key: string) => string) => string | number | boolean | Date | null | undefined;
}

/** Rows an export may hold; a larger request is refused rather than silently cut. */
export const EXPORT_ROW_LIMIT = 50_000;

/**
 * Characters that make a spreadsheet read a cell as a formula when they lead it: = + - @, their
 * full-width forms (which spreadsheets also accept), and a leading tab or carriage return.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  // Quote always; double inner quotes. A formula start is neutralised so spreadsheets do not run it.
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

export async function sendExport<Row>(
  reply: FastifyReply,
  opts: { format: 'csv' | 'xlsx'; lang: Language; filename: string; columns: ExportColumn<Row>[]; rows: Row[] },
) {
  const t = (key: string) => translate(opts.lang, key);
  const headers = opts.columns.map((c) => t(c.header));
  const cells = (row: Row) => opts.columns.map((c) => c.value(row, t));
  const stamp = new Date().toISOString().slice(0, 10);
  const name = `${opts.filename}-${stamp}.${opts.format}`;
  reply.header('content-disposition', `attachment; filename="${name}"`);
  if (opts.format === 'csv') {
    const lines = [headers, ...opts.rows.map(cells)].map((cells) =>
      cells.map(csvCell).join(','),
    );
    // The BOM makes Excel read the file as UTF-8, so Georgian text survives a double-click.
    return reply.type('text/csv; charset=utf-8').send(`\uFEFF${lines.join('\r\n')}\r\n`);
  }
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(opts.filename.slice(0, 31));
  sheet.addRow(headers).font = { bold: true };
  for (const row of opts.rows) sheet.addRow(cells(row).map((v) => v ?? null));
  sheet.columns.forEach((column) => (column.width = 24));
  const buffer = await book.xlsx.writeBuffer();
  return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(Buffer.from(buffer));
}
