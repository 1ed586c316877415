import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

// An answer a device keeps and asks for again (the offline pack of an instrument) carries an ETag,
// and a request that names it in If-None-Match gets a 304 without a body: on a throttled phone the
// app refreshes what it keeps without downloading it again. The tag is the SHA-256 of the body as
// serialised, so it changes whenever anything in the body changes, whoever it was made for (a pack
// differs per user). This is the app's own conditional request: API answers stay `no-store`
// (security-headers.ts), so the browser's HTTP cache never holds them and never revalidates them.

/** Whether an If-None-Match header names this tag (`*`, or one of a list; weak comparison, RFC 9110 §13.1.2). */
export function noneMatchHits(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((candidate) => candidate.trim().replace(/^W\//, '') === tag);
}

/**
 * A route's onSend hook (route-level hooks run before compression, so the payload is the
 * serialised body): a 200 gets `ETag: "<sha256 of the body>"`, and a 304 without a body when the
 * request's If-None-Match names that tag.
 */
export async function taggedByContent(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
  if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload;
  const tag = `"${createHash('sha256').update(payload).digest('base64url')}"`;
  reply.header('etag', tag);
  const ifNoneMatch = request.headers['if-none-match'];
  if (!noneMatchHits(typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined, tag)) return payload;
  reply.code(304);
  reply.removeHeader('content-type');
  return null;
}
