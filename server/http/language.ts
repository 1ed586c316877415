import type { FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../common/roles';

/** The language a response speaks: the user's choice, else the browser's, else Georgian. */
export function requestLanguage(request: FastifyRequest): Language {
  if (request.actor) return request.actor.language;
  const header = request.headers['x-ertad-language'];
  if (isLanguage(header)) return header;
  const accept = request.headers['accept-language'] ?? '';
  const first = accept.split(',')[0]?.trim().slice(0, 2).toLowerCase();
  return isLanguage(first) ? first : DEFAULT_LANGUAGE;
}
