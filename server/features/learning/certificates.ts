import { randomInt } from 'node:crypto';
import { and, desc, eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { translate } from '../../../common/i18n/translate';
import { formatDay } from '../../../common/dates';
import { formatNumber } from '../../../common/numbers';
import type { Language } from '../../../common/roles';
import type { Page } from '../../../common/schemas/list';
import type { Certificate, certificateListQuery } from '../../../common/schemas/learning';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import type { ExportSource } from '../../http/export';
import { georgianPdf, writeCentred as write } from '../../http/pdf';
import { emptyPage, presentPage } from '../../http/paging';
import { auditedExport } from './exports';
import { fullName, ownStaff } from './staff';
import { loadQrCode } from '../../http/libraries';
import { programmeToday } from '../../calendar';

const { learningCertificates: certificates } = OWNED;
type CertificateRow = typeof certificates.table.$inferSelect;

/** No 0/O or 1/I: codes are read aloud and typed from paper. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 random characters (80 bits) from a cryptographic source, in four groups: never sequential, never guessable. */
export function certificateCode(): string {
  const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export function present(row: CertificateRow): Certificate {
  return {
    id: row.id,
    organisationId: row.organisationId,
    staffId: row.staffId,
    kind: row.kind,
    code: row.code,
    holderName: row.holderName,
    courseKa: row.courseKa,
    courseEn: row.courseEn,
    hours: row.hours,
    issuedOn: row.issuedOn,
  };
}

/** Issues a certificate inside the caller's transaction (one per enrolment or training participation). */
export async function issueCertificate(
  gw: Gateway,
  input: { kind: 'module' | 'training'; staff: { id: string; organisationId: string; givenName: string; surname: string }; enrolmentId?: string; participantId?: string; courseKa: string; courseEn: string; hours: number },
): Promise<CertificateRow> {
  return gw.insert(
    certificates,
    {
      organisationId: input.staff.organisationId,
      staffId: input.staff.id,
      kind: input.kind,
      enrolmentId: input.enrolmentId ?? null,
      participantId: input.participantId ?? null,
      code: certificateCode(),
      holderName: fullName(input.staff),
      courseKa: input.courseKa,
      courseEn: input.courseEn,
      hours: input.hours,
      issuedOn: programmeToday(),
    },
    { action: 'issue_certificate' },
  );
}

/** The list's filter as SQL; `null` when "mine" cannot match (the caller has no register entry). */
async function certificateWhere(gw: Gateway, query: { mine?: boolean | undefined }): Promise<SQL | undefined | null> {
  const mine = query.mine ? (await ownStaff(gw))?.id : undefined;
  if (query.mine && !mine) return null;
  return and(mine ? eq(certificates.table.staffId, mine) : undefined);
}

export async function listCertificates(gw: Gateway, query: z.infer<typeof certificateListQuery>): Promise<Page<Certificate>> {
  const where = await certificateWhere(gw, query);
  if (where === null) return emptyPage(query);
  const page = await gw.page(certificates, getTableColumns(certificates.table), { where, order: { key: [certificates.table.issuedOn, certificates.table.id], dir: query.dir }, request: query, filter: query });
  return presentPage(page, (rows) => rows.map(present));
}

/** Every certificate the reader may see, newest first (the list's order), streamed in keyset batches; recorded as an export. */
export async function exportCertificates(gw: Gateway, query: { mine?: boolean | undefined }): Promise<ExportSource<Certificate>> {
  const where = await certificateWhere(gw, query);
  const filter = { mine: query.mine ?? false };
  const source = gw.exportSource(certificates, getTableColumns(certificates.table), { where: where === null ? sql`false` : where, key: [certificates.table.issuedOn, certificates.table.id], dir: 'desc', filter });
  return auditedExport(gw, 'learning_certificate', filter, source, (rows) => rows.map(present));
}

/** Every certificate of the learner, newest first: one per completed module or training, so never a long list. */
export async function myCertificates(gw: Gateway): Promise<Certificate[]> {
  const mine = await ownStaff(gw);
  if (!mine) return [];
  return (await gw.rows(certificates, { where: eq(certificates.table.staffId, mine.id), orderBy: [desc(certificates.table.issuedOn), desc(certificates.table.id)] })).map(present);
}

/** The certificate as a PDF: Georgian and English text (embedded Noto Sans Georgian), the code and a QR code to its public verification page. */
export async function certificatePdf(gw: Gateway, id: string, origin: string): Promise<{ pdf: Buffer; code: string }> {
  const c = await gw.find(certificates, id);
  const url = `${origin}/verify/${c.code}`;
  const qr = await (await loadQrCode()).toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const tr = (lang: Language, key: string, params?: Record<string, unknown>) => translate(lang, key, params);
  const { doc, done } = await georgianPdf({ size: 'A4', layout: 'landscape', margin: 50, info: { Title: `${tr('en', 'learning.certificate.title')} ${c.code}` } });
  const width = doc.page.width;
  doc.lineWidth(3).rect(25, 25, width - 50, doc.page.height - 50).stroke('#1c7ed6');
  doc.moveDown(1);
  write(doc, tr('ka', 'learning.certificate.title'), { size: 28, bold: true });
  write(doc, tr('en', 'learning.certificate.title'), { size: 16, gap: 1 });
  write(doc, tr('ka', 'learning.certificate.awardedTo'), { size: 12 });
  write(doc, tr('en', 'learning.certificate.awardedTo'), { size: 10, gap: 0.3 });
  write(doc, c.holderName, { size: 24, bold: true, gap: 0.6 });
  write(doc, tr('ka', c.kind === 'module' ? 'learning.certificate.forModule' : 'learning.certificate.forTraining'), { size: 12 });
  write(doc, `«${c.courseKa}»`, { size: 16, bold: true });
  write(doc, tr('en', c.kind === 'module' ? 'learning.certificate.forModule' : 'learning.certificate.forTraining'), { size: 10 });
  write(doc, `“${c.courseEn}”`, { size: 13, bold: true, gap: 0.8 });
  const details = (lang: Language) => tr(lang, 'learning.certificate.details', { hours: formatNumber(c.hours, lang, { maxDigits: 1 }), date: formatDay(c.issuedOn, lang) });
  write(doc, `${details('ka')} / ${details('en')}`, { size: 11, gap: 0.4 });
  write(doc, `${tr('ka', 'learning.certificate.code')} / ${tr('en', 'learning.certificate.code')}: ${c.code}`, { size: 11, bold: true, gap: 0.3 });
  write(doc, `${tr('ka', 'learning.certificate.verifyAt')} / ${tr('en', 'learning.certificate.verifyAt')}: ${url}`, { size: 9 });
  doc.image(qr, width - 170, doc.page.height - 180, { width: 110 });
  doc.end();
  return { pdf: await done, code: c.code };
}
