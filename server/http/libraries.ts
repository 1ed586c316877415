/**
 * Libraries that only some requests need (spreadsheets, PDFs, QR codes, zip files), loaded on
 * first use instead of at start: imported eagerly they added over a second to every start of the
 * server, which the embedded installation pays on each `npm start` (bench/README.md, start time).
 */
export const loadExcel = async () => (await import('exceljs')).default;
export const loadPdfKit = async () => (await import('pdfkit')).default;
export const loadQrCode = async () => (await import('qrcode')).default;
export const loadArchiver = async () => (await import('archiver')).default;
