import { translate } from '../../../common/i18n/translate';
import { formatMoney, formatNumber } from '../../../common/numbers';
import type { Language } from '../../../common/roles';
import type { Report } from '../../../common/schemas/capacity';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { georgianPdf, write } from '../../http/pdf';
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

export async function capacityReportPdf(gw: Gateway, organisationId: string, lang: Language): Promise<Buffer> {
  const report = await capacityReport(gw, organisationId);
  const t = (key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  // Numbers as the reader writes them: "2,60" in Georgian, "2.60" in English.
  const num = (n: number | null | undefined) => formatNumber(n, lang, { digits: 2 });
  const hours = (n: number) => formatNumber(n, lang, { maxDigits: 1 });
  const { doc, done } = await georgianPdf({ size: 'A4', margin: 50, info: { Title: `${t('capacity.report.title')} — ${report.organisation.nameEn}` } });

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
    // An en dash, not an arrow: the embedded Noto Sans Georgian has no glyph for "→" (a square).
    for (const c of change) write(doc, `  ${c.label[lang]}: ${num(c.before)} – ${num(c.after)} (${t(`capacity.change.${c.direction}`)})`, { size: 9 });
    doc.moveDown(0.8);
  }

  write(doc, t('capacity.plan.title'), { size: 13, bold: true, gap: 0.3 });
  write(doc, t('capacity.plan.progressText', report.plan), { gap: 0.8 });
  write(doc, t('capacity.report.mentoringAndSupervision'), { size: 13, bold: true, gap: 0.3 });
  write(doc, t('capacity.report.mentoringText', { hours: hours(report.mentoringHours), sessions: report.mentoringSessions }));
  write(doc, t('capacity.report.supervisionText', { hours: hours(report.supervisionHours) }), { gap: 0.8 });
  write(doc, t('capacity.support.title'), { size: 13, bold: true, gap: 0.3 });
  if (report.support.length === 0) write(doc, t('capacity.support.none'));
  for (const s of report.support) write(doc, `${t(`capacity.categories.${s.category}`)}: ${formatMoney(s.total, s.currency, lang)} (${s.count})`);
  doc.end();
  return done;
}
