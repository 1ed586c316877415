import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { HttpProblem, notFound } from '../http/problem';
import { detectType, discard, newKey, parseRange, receive, TooLarge, type Storage } from './index';

/** A stored file as a feature's row describes it. */
export interface StoredFile {
  storageKey: string;
  filename: string;
  contentType: string;
  size: number;
}

/**
 * Streams an upload into the store under a new key: refused with 413 past `maxBytes`, with 415
 * (naming `file`, message `typeMessage`) unless its magic bytes are one of `allowed`. The feature
 * then records the row; the bytes are in place before it does.
 */
export async function storeUpload(
  storage: Storage,
  stream: Readable,
  opts: { maxBytes: number; allowed: readonly string[]; prefix: string; typeMessage: string },
): Promise<{ storageKey: string; size: number; contentType: string }> {
  let received: { path: string; size: number };
  try {
    received = await receive(storage, stream, opts.maxBytes);
  } catch (error) {
    if (error instanceof TooLarge || (error as { statusCode?: number }).statusCode === 413) throw new HttpProblem('payloadTooLarge');
    throw error;
  }
  const contentType = await detectType(received.path, opts.allowed);
  if (!contentType) {
    await discard(received.path);
    throw new HttpProblem('unsupportedMediaType', [{ field: 'file', key: opts.typeMessage }]);
  }
  const storageKey = newKey(opts.prefix);
  await storage.putFile(storageKey, received.path, received.size, contentType);
  return { storageKey, size: received.size, contentType };
}

const shownInline = (type: string) => type === 'application/pdf' || /^(video|image|audio)\//.test(type);

/** Sends a stored file, whole or the byte range asked for (video and PDF viewers seek with Range). */
export async function sendStored(reply: FastifyReply, storage: Storage, file: StoredFile, rangeHeader: string | undefined) {
  const range = parseRange(rangeHeader, file.size);
  reply.header('accept-ranges', 'bytes').header('cache-control', 'private, max-age=3600');
  reply.header('content-disposition', `${shownInline(file.contentType) ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`);
  if (range === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${file.size}`).send();
  const stream = await storage.read(file.storageKey, range);
  if (!stream) throw notFound();
  reply.type(file.contentType);
  if (!range) return reply.header('content-length', file.size).send(stream);
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
    .header('content-length', range.end - range.start + 1)
    .send(stream);
}
