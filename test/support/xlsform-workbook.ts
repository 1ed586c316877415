import ExcelJS from 'exceljs';

export type SheetRows = (string | number | null)[][];

/** Builds an .xlsx the way a form author would: sheets of rows, first row the headers. */
export async function workbook(sheets: Record<string, SheetRows>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(name);
    rows.forEach((row, i) => {
      // `null` rows leave a gap, to place stray cells far below the data.
      if (row.length) sheet.getRow(i + 1).values = row.map((cell) => cell ?? undefined) as ExcelJS.CellValue[];
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
