import { createRequire } from 'node:module';
import { loadPdfKit } from './libraries';

// Noto Sans Georgian from @fontsource ships per-script subsets (WOFF, which PDFKit's fontkit
// reads); Georgian runs use the Georgian subset, everything else the Latin one. Both are
// embedded as real fonts, so the PDF's text is text (searchable, copyable), not pictures.
const require = createRequire(import.meta.url);
const fontFile = (subset: string, weight: number) => require.resolve(`@fontsource/noto-sans-georgian/files/noto-sans-georgian-${subset}-${weight}-normal.woff`);
const FONTS = {
  ka: fontFile('georgian', 400),
  kaBold: fontFile('georgian', 700),
  latin: fontFile('latin', 400),
  latinBold: fontFile('latin', 700),
};
const GEORGIAN = /[\u10A0-\u10FF\u1C90-\u1CBF\u2D00-\u2D2F]+/g;

/** Splits text into runs of Georgian and of other characters, each with its font. */
function runs(text: string, bold: boolean): { text: string; font: string }[] {
  const out: { text: string; font: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(GEORGIAN)) {
    if (match.index > last) out.push({ text: text.slice(last, match.index), font: bold ? 'latinBold' : 'latin' });
    out.push({ text: match[0], font: bold ? 'kaBold' : 'ka' });
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), font: bold ? 'latinBold' : 'latin' });
  return out.length ? out : [{ text: '', font: 'latin' }];
}

export interface WriteOptions {
  size?: number;
  bold?: boolean;
  gap?: number;
}

/** Writes one paragraph of mixed Georgian and Latin text with the embedded fonts. */
export function write(doc: PDFKit.PDFDocument, text: string, options: WriteOptions = {}) {
  doc.fontSize(options.size ?? 10);
  const parts = runs(text, options.bold ?? false);
  parts.forEach((part, i) => doc.font(part.font).text(part.text, { continued: i < parts.length - 1 }));
  if (options.gap) doc.moveDown(options.gap);
}

/**
 * Writes one short line centred on the page. Runs in different fonts are measured and placed one
 * after another (PDFKit centres each continued run on its own, which breaks mixed lines apart).
 */
export function writeCentred(doc: PDFKit.PDFDocument, text: string, options: WriteOptions = {}) {
  doc.fontSize(options.size ?? 10);
  const parts = runs(text, options.bold ?? false);
  const widths = parts.map((part) => doc.font(part.font).widthOfString(part.text));
  const total = widths.reduce((a, b) => a + b, 0);
  const y = doc.y;
  let x = (doc.page.width - total) / 2;
  parts.forEach((part, i) => {
    doc.font(part.font).text(part.text, x, y, { lineBreak: false });
    x += widths[i]!;
  });
  doc.x = doc.page.margins.left;
  doc.y = y + doc.currentLineHeight(true);
  if (options.gap) doc.moveDown(options.gap);
}

/** A new PDF with the Georgian and Latin fonts registered, and the promise of its bytes once `doc.end()` is called. */
export async function georgianPdf(options: PDFKit.PDFDocumentOptions): Promise<{ doc: PDFKit.PDFDocument; done: Promise<Buffer> }> {
  const doc = new (await loadPdfKit())(options);
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}
