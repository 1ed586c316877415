import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { translate } from '../../../common/i18n/translate';
import type { Language } from '../../../common/roles';
import type { Report } from '../../../common/schemas/capacity';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { resultsOf } from './assessments';
import { planProgressOf } from './plan';
import { mentoringHours, supervisionHours, supportTotals } from './records';

/** Everything the capacity report shows about one CSO (the printable page and the PDF). */
export async function capacityReport(gw: Gateway, organisationId: string): Promise<Report> {
  const organisation = await gw.find(OWNED.organisations, organisationId);
  const [results, plan, mentoring, supervision, support] = await Promise.all([
    resultsOf(gw, organisationId),
    planProgressOf(gw, organisationId),
    mentoringHours(gw, organisationId),
    supervisionHours(gw, { organisationId }),
    supportTotals(gw, { organisationId }),
  ]);
  return {
    organisation: { id: organisation.id, nameKa: organisation.nameKa, nameEn: organisation.nameEn },
    results,
    plan,
    mentoringHours: mentoring.hours,
    mentoringSessions: mentoring.sessions,
    supervisionHours: supervision.total,
    support,
  };
}

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

function write(doc: PDFKit.PDFDocument, text: string, options: { size?: number; bold?: boolean; gap?: number } = {}) {
  doc.fontSize(options.size ?? 10);
  const parts = runs(text, options.bold ?? false);
  parts.forEach((part, i) => doc.font(part.font).text(part.text, { continued: i < parts.length - 1 }));
  if (options.gap) doc.moveDown(options.gap);
}

const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(2));

export async function capacityReportPdf(gw: Gateway, organisationId: string, lang: Language): Promise<Buffer> {
  const report = await capacityReport(gw, organisationId);
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${t('capacity.report.title')} — ${report.organisation.nameEn}` } });
  for (const [name, file] of Object.entries(FONTS)) doc.registerFont(name, file);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const name = lang === 'ka' ? report.organisation.nameKa : report.organisation.nameEn;
  write(doc, t('capacity.report.title'), { size: 18, bold: true, gap: 0.2 });
  write(doc, name, { size: 14, gap: 1 });

  const { rounds, change, changeSummary } = report.results;
  write(doc, t('capacity.results.title'), { size: 13, bold: true, gap: 0.3 });
  if (rounds.length === 0) write(doc, t('capacity.results.none'), { gap: 1 });
  for (const round of rounds) {
    write(doc, `${lang === 'ka' ? round.roundNameKa : round.roundNameEn}: ${t('capacity.overall')} ${num(round.overall)}`, { bold: true, gap: 0.2 });
    for (const d of round.domains) write(doc, `  ${d.label[lang]}: ${num(d.score)}`);
    doc.moveDown(0.5);
  }
  if (change.length) {
    write(doc, t('capacity.change.title'), { size: 13, bold: true, gap: 0.3 });
    write(doc, t('capacity.change.summary', changeSummary), { gap: 0.3 });
    for (const c of change) write(doc, `  ${c.label[lang]}: ${num(c.before)} → ${num(c.after)} (${t(`capacity.change.${c.direction}`)})`, { size: 9 });
    doc.moveDown(0.8);
  }

  write(doc, t('capacity.plan.title'), { size: 13, bold: true, gap: 0.3 });
  write(doc, t('capacity.plan.progressText', report.plan), { gap: 0.8 });
  write(doc, t('capacity.report.mentoringAndSupervision'), { size: 13, bold: true, gap: 0.3 });
  write(doc, t('capacity.report.mentoringText', { hours: report.mentoringHours, sessions: report.mentoringSessions }));
  write(doc, t('capacity.report.supervisionText', { hours: report.supervisionHours }), { gap: 0.8 });
  write(doc, t('capacity.support.title'), { size: 13, bold: true, gap: 0.3 });
  if (report.support.length === 0) write(doc, t('capacity.support.none'));
  for (const s of report.support) write(doc, `${t(`capacity.categories.${s.category}`)}: ${s.total.toFixed(2)} ${s.currency} (${s.count})`);
  doc.end();
  return done;
}
