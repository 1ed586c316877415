import { Readable } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { translate } from '../../common/i18n/translate';
import type { Language } from '../../common/roles';
import { summariseDbError } from './db-errors';
import { RepeatedRequest } from './idempotency';
import { requestLanguage } from './language';
import { HttpProblem, problemBody, resolveParams, type FieldError, type ProblemKind } from './problem';

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** What the request sent at a validation issue's path (`/a/0/b`), read from its body, query or params. */
function sentValue(request: FastifyRequest, context: string | undefined, path: string): unknown {
  const part = context === 'querystring' ? request.query : context === 'params' ? request.params : context === 'headers' ? request.headers : request.body;
  let value: unknown = part;
  for (const key of path.split('/').filter(Boolean)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** An empty field as forms send it: missing, null, or an empty (number or text) input's ''. */
const isEmpty = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** Maps a zod issue to a catalogue message, so validation errors speak the user's language. */
function validationMessage(lang: Language, item: ValidationItem, sent: unknown): string {
  const p = item.params;
  const origin = p.origin as string | undefined;
  // Schemas name their own message by catalogue key (regex rules, and cross-field rules such as
  // 'capacity.errors.endBeforeStart'): use it as is.
  if (item.message && /^(\w+\.)?(validation|errors)\.\w+$/.test(item.message)) return translate(lang, item.message);
  switch (item.keyword) {
    case 'invalid_type':
      // A required field left empty (an empty number input sends '' or null) is "required", not "wrong type".
      return isEmpty(sent) || item.message?.includes('received undefined')
        ? translate(lang, 'validation.required')
        : translate(lang, 'validation.invalidType');
    case 'too_small':
      // Nothing typed, or nothing chosen in a field that takes several ("choose at least 1").
      if ((origin === 'string' || origin === 'array') && p.minimum === 1) return translate(lang, 'validation.required');
      return translate(lang, origin === 'string' ? 'validation.tooShort' : origin === 'array' ? 'validation.tooFew' : 'validation.tooSmall', { min: p.minimum });
    case 'too_big':
      return translate(lang, origin === 'string' ? 'validation.tooLong' : origin === 'array' ? 'validation.tooMany' : 'validation.tooBig', { max: p.maximum });
    case 'invalid_format':
      return translate(lang, p.format === 'email' ? 'validation.email' : p.format === 'url' ? 'validation.url' : 'validation.format');
    case 'invalid_value':
      // A choice left empty is "required"; only a value outside the offered ones is "choose one of them".
      return translate(lang, isEmpty(sent) ? 'validation.required' : 'validation.oneOf');
    case 'unrecognized_keys':
      return translate(lang, 'validation.unknownField', { keys: (p.keys as string[] | undefined)?.join(', ') });
    default:
      return translate(lang, 'validation.invalid');
  }
}

function fieldName(context: string | undefined, path: string): string {
  const field = path.replace(/^\//, '').replace(/\//g, '.');
  return context && context !== 'body' ? `${context}.${field}`.replace(/\.$/, '') : field;
}

export function sendProblem(reply: FastifyReply, lang: Language, kind: ProblemKind, errors: FieldError[] = [], detailKey?: string) {
  const body = problemBody(lang, kind, errors, detailKey);
  // A problem is never shaped by the route's response schema (a route may describe its own 400).
  return reply.code(body.status).type('application/problem+json').serializer(JSON.stringify).send(body);
}

const FASTIFY_CODES: Record<string, ProblemKind> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payloadTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'malformed',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupportedMediaType',
  FST_ERR_CTP_INVALID_TYPE: 'unsupportedMediaType',
  FST_ERR_INVALID_URL: 'malformed',
  FST_ERR_BAD_URL: 'malformed',
};

function postgresCode(error: unknown): string | undefined {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === 'string' && /^\d{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/** Every error leaves as application/problem+json; bad input is 4xx, never 500. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const lang = requestLanguage(request);
    if (error instanceof HttpProblem) {
      const errors = error.errors.map((e) => ({ field: e.field, message: translate(lang, e.key, resolveParams(lang, e.params)) }));
      return sendProblem(reply, lang, error.kind, errors, error.detailKey);
    }
    // A repeat of a request that committed meanwhile under the same idempotency key: its own write rolled back.
    if (error instanceof RepeatedRequest) {
      return error.answer(reply).then((problem) => (problem ? sendProblem(reply, lang, problem.kind, [], problem.detailKey) : reply));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const items = error.validation as unknown as ValidationItem[];
      const errors = items.map((item) => ({
        field: fieldName(error.validationContext, item.instancePath),
        message: validationMessage(lang, item, sentValue(request, error.validationContext, item.instancePath)),
      }));
      return sendProblem(reply, lang, 'validation', errors);
    }
    // A unique constraint that a concurrent write won the race to: a duplicate, not a crash.
    if (postgresCode(error) === '23505') return sendProblem(reply, lang, 'duplicate');
    const known = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (known) return sendProblem(reply, lang, known);
    if (error instanceof SyntaxError || (error.statusCode === 400 && !error.code)) return sendProblem(reply, lang, 'malformed');
    if (error.statusCode === 429) return sendProblem(reply, lang, 'tooManyRequests');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // The request's own log line already shows the status; details only when debugging.
      request.log.debug({ err: error }, 'client error');
      const kind: ProblemKind = error.statusCode === 404 ? 'notFound' : error.statusCode === 413 ? 'payloadTooLarge' : error.statusCode === 415 ? 'unsupportedMediaType' : 'malformed';
      return sendProblem(reply, lang, kind);
    }
    const db = summariseDbError(error);
    // A database error is logged by code and statement only: its message and the query's
    // parameters would copy personal data into the log.
    if (db) request.log.error({ db }, 'database error');
    else request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, lang, 'internal');
  });
}

/** Headers of an answer that must not describe the problem that replaces it. */
const ANSWER_HEADERS = ['content-disposition', 'content-length', 'content-encoding', 'x-total-count', 'etag', 'last-modified'];

/**
 * In an `onSend` hook: the payload that replaces an answer which must not leave (its reads could
 * not be recorded), whatever it was, a record, a file being streamed or another problem: a 500
 * problem in the user's language, the error logged without the statement's values.
 */
export function withheldAnswer(request: FastifyRequest, reply: FastifyReply, payload: unknown, error: unknown): string {
  if (payload instanceof Readable) payload.destroy();
  const db = summariseDbError(error);
  request.log.error(db ? { db } : { err: error }, 'answer withheld: its reads could not be recorded');
  for (const header of ANSWER_HEADERS) reply.removeHeader(header);
  reply.code(500).header('content-type', 'application/problem+json; charset=utf-8');
  return JSON.stringify(problemBody(requestLanguage(request), 'internal'));
}
