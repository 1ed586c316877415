import type { Problem } from '../../../common/schemas/problem';
import i18n, { currentLanguage } from '../i18n';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status() {
    return this.problem.status;
  }
  /** Field errors keyed by field path, ready for a form's setErrors. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.field, e.message]));
  }
}

/** No connection: the page says the server is needed (status 0) instead of failing on a network error. */
export function offlineError(): ApiError {
  return new ApiError({ type: 'urn:ertad:problem:offline', title: i18n.t('offline.noConnection'), detail: i18n.t('offline.needsServer'), status: 0 });
}

/**
 * fetch, but without a connection it is an ApiError (status 0), and none is tried when the browser
 * knows it is offline, unless `kept`: answers the service worker keeps on the device (lessons
 * opened before) are asked for all the same.
 */
async function request(url: string, init: RequestInit, kept = false): Promise<Response> {
  if (!navigator.onLine && !kept) throw offlineError();
  try {
    return await fetch(url, init);
  } catch {
    throw offlineError();
  }
}

let csrfToken = '';
/** The per-session CSRF token, learnt from /me or login and sent on every state change. */
export function setCsrfToken(token: string) {
  csrfToken = token;
}

export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, options: { kept?: boolean } = {}): Promise<T> {
  return (await apiWithStatus<T>(method, path, body, options)).data;
}

/** `api`, with the status of the answer (where a route answers 200 or 201 and the page says which). */
export async function apiWithStatus<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown, options: { kept?: boolean } = {}): Promise<{ status: number; data: T }> {
  const response = await request(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      accept: 'application/json',
      'x-ertad-language': currentLanguage(),
      ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }, options.kept);
  if (response.status === 204) return { status: 204, data: undefined as T };
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (data as Problem | undefined) ?? { type: 'about:blank', title: response.statusText, status: response.status };
    throw new ApiError(problem);
  }
  return { status: response.status, data: data as T };
}

/** Posts one file as multipart/form-data, with the session's CSRF token. */
export function postFile(path: string, file: File): Promise<Response> {
  const body = new FormData();
  body.append('file', file);
  return request(`/api/v1${path}`, {
    method: 'POST',
    body,
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken, 'x-ertad-language': currentLanguage() },
  });
}

/** Uploads a file; failures throw ApiError like any other call. */
export async function uploadFile<T>(path: string, file: File): Promise<T> {
  const response = await postFile(path, file);
  const data: unknown = await response.json();
  if (!response.ok) throw new ApiError(data as Problem);
  return data as T;
}

/** Query string from an object, leaving out empty values. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
