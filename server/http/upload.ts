import { createHash, type Hash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { pipeline, Transform, type Readable } from 'node:stream';
import { RepeatedRequest, uploadDigested } from './idempotency';
import { hasForbiddenCharacters } from './input-guard';
import { HttpProblem } from './problem';

export interface Upload {
  filename: string;
  /** What the client claims; never trusted for storage (see the attachment allowlist). */
  claimedType: string;
  data: Buffer;
}

/**
 * The digest an idempotency key's body hash covers for an upload: the file's name, claimed type
 * and bytes (fed as they pass). The query (which question, which kind) is in the key's path.
 */
function fileDigest(filename: string, claimedType: string): Hash {
  return createHash('sha256').update(`${filename}\0${claimedType}\0`);
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
    const upload = { filename: file.filename, claimedType: file.mimetype, data: await file.toBuffer() };
    // A keyed upload is checked (and its key claimed) now, before anything is written.
    await uploadDigested(request, fileDigest(upload.filename, upload.claimedType).update(upload.data).digest('hex'));
    return upload;
  } catch (error) {
    if (error instanceof HttpProblem || error instanceof RepeatedRequest) throw error;
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
  // The bytes are hashed as they pass to the store; at their end a keyed upload is checked (a held
  // key fails the stream, so nothing is stored) and its key claimed for the row's transaction.
  const digest = fileDigest(file.filename, file.mimetype);
  const hashed = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      digest.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      uploadDigested(request, digest.digest('hex')).then(() => done(), done);
    },
  });
  // pipeline, not pipe: the source's errors (its size limit) reach the reader through `hashed`.
  pipeline(file.file, hashed, () => undefined);
  return { filename: file.filename, stream: hashed };
}
