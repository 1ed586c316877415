import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { hasForbiddenCharacters } from './input-guard';
import { HttpProblem } from './problem';

export interface Upload {
  filename: string;
  /** What the client claims; never trusted for storage (see the attachment allowlist). */
  claimedType: string;
  data: Buffer;
}

/** Errors that @fastify/multipart reports with a 4xx status of its own (limits, not multipart). */
function isClientError(error: unknown): error is { statusCode: number } {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/**
 * Reads the one `file` part of a multipart/form-data request. A body that is not multipart, has no
 * boundary or ends early is a malformed request (400), not a crash; a file name with forbidden
 * characters is a field error.
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  try {
    const file = await request.file();
    if (!file) throw new HttpProblem('validation', [{ field: 'file', key: 'validation.required' }]);
    if (hasForbiddenCharacters(file.filename)) throw new HttpProblem('validation', [{ field: 'file', key: 'validation.forbiddenCharacters' }]);
    return { filename: file.filename, claimedType: file.mimetype, data: await file.toBuffer() };
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    if (isClientError(error)) {
      // 413 (file too large, too many parts) keeps its meaning; a non-multipart body is unreadable.
      if (error.statusCode === 413) throw error;
      throw new HttpProblem('malformed');
    }
    // Busboy's parse errors (no boundary, unexpected end of form, bad part header) are plain Errors.
    throw new HttpProblem('malformed');
  }
}

/**
 * The one `file` part of a multipart/form-data request as a stream, for files too large to hold
 * in memory (they go to the storage module). Same checks as `readUpload`; the size is enforced
 * while the stream is stored (`storeUpload`), `maxBytes + 1` lets it notice the excess.
 */
export async function streamUpload(request: FastifyRequest, maxBytes: number): Promise<{ filename: string; stream: Readable }> {
  const file = await request.file({ limits: { fileSize: maxBytes + 1, files: 1 } }).catch(() => {
    throw new HttpProblem('malformed');
  });
  if (!file) throw new HttpProblem('validation', [{ field: 'file', key: 'validation.required' }]);
  if (hasForbiddenCharacters(file.filename)) throw new HttpProblem('validation', [{ field: 'file', key: 'validation.forbiddenCharacters' }]);
  return { filename: file.filename, stream: file.file };
}
