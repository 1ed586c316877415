import { fileTypeFromBuffer } from 'file-type';

/**
 * File kinds an answer may carry, recognised by their content (magic bytes), never by the name or
 * the type the client claims. Formats that run code or script in a viewer (HTML, SVG, legacy
 * Office files with macros, executables) are not on the list.
 */
export const ALLOWED_FILE_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/heic',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/plain',
] as const;
export type AllowedFileType = (typeof ALLOWED_FILE_TYPES)[number];

/** Plain text: valid UTF-8 with no control characters but tab, line feed and carriage return. */
function isPlainText(data: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text);
}

/** The content type of `data` when it is one of the allowed kinds, otherwise null. */
export async function detectAllowedType(data: Buffer): Promise<AllowedFileType | null> {
  const detected = await fileTypeFromBuffer(data);
  if (detected) return (ALLOWED_FILE_TYPES as readonly string[]).includes(detected.mime) ? (detected.mime as AllowedFileType) : null;
  return data.length > 0 && isPlainText(data) ? 'text/plain' : null;
}
