import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpProblem } from './problem';

/**
 * Deepest JSON a request body may nest. Real bodies stay far below it (an instrument with the
 * deepest allowed group nesting is about 45 levels); anything deeper is refused before any
 * recursive code (schema validation, the form engine) sees it.
 */
export const MAX_JSON_DEPTH = 100;

// A NUL byte, or half of a UTF-16 surrogate pair without its other half: text PostgreSQL cannot
// store (and that no keyboard produces), so it is refused as bad input, not left to fail as a 500.
// eslint-disable-next-line no-control-regex -- matching the NUL byte is the point
const FORBIDDEN_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasForbiddenCharacters(text: string): boolean {
  return FORBIDDEN_TEXT.test(text);
}

type Found = { field: string; key: 'validation.forbiddenCharacters' | 'validation.tooDeep' };

/** The first string (value or key) with forbidden characters, or a nesting deeper than allowed. */
function inspect(value: unknown, path: string, depth: number): Found | null {
  if (typeof value === 'string') return hasForbiddenCharacters(value) ? { field: path, key: 'validation.forbiddenCharacters' } : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_JSON_DEPTH) return { field: path, key: 'validation.tooDeep' };
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (hasForbiddenCharacters(key)) return { field: at, key: 'validation.forbiddenCharacters' };
    const found = inspect(child, at, depth + 1);
    if (found) return found;
  }
  return null;
}

function check(request: FastifyRequest): void {
  const parts: [string, unknown][] = [
    ['params', request.params],
    ['querystring', request.query],
    ['', request.body],
  ];
  for (const [context, value] of parts) {
    const found = inspect(value, context, 0);
    if (found) throw new HttpProblem('validation', [{ field: found.field || 'body', key: found.key, params: { max: MAX_JSON_DEPTH } }]);
  }
}

/**
 * One check for every route, before the route's schema runs: every string in the path, query and
 * JSON body is valid Unicode text without NUL bytes, and bodies are not nested absurdly deep.
 * Multipart file names are checked where the upload is read (they are not parsed by then).
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => check(request));
}
