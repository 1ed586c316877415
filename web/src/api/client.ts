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

/** The server did not answer in time (status 0): the page says so, and that sending again is safe. */
export function noAnswerError(): ApiError {
  return new ApiError({ type: 'urn:ertad:problem:noAnswer', title: i18n.t('offline.noAnswer'), detail: i18n.t('offline.noAnswerDetail'), status: 0 });
}

/**
 * How long a request waits for the server's answer to begin (its status and headers) before the
 * page says the server did not answer: a request held by a weak connection would otherwise spin
 * for minutes. Reading the answer's body is not limited (a long list on a slow line).
 */
export const ANSWER_TIMEOUT_MS = 30_000;
/** An upload first sends its file (5 MiB at most): on a slow mobile line that alone takes minutes. */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;

/**
 * fetch, but without a connection it is an ApiError (status 0), and none is tried when the browser
 * knows it is offline, unless `kept`: answers the service worker keeps on the device (lessons
 * opened before) are asked for all the same. No answer within `timeoutMs` is an ApiError too.
 */
async function request(url: string, init: RequestInit, opts: { kept?: boolean; timeoutMs?: number } = {}): Promise<Response> {
  if (!navigator.onLine && !opts.kept) throw offlineError();
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? ANSWER_TIMEOUT_MS);
  try {
    return await fetch(url, { ...init, signal: abort.signal });
  } catch {
    throw abort.signal.aborted ? noAnswerError() : offlineError();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Idempotency keys of POSTs that got no definite answer (lost on the way back, timed out, a
 * server error, or "still being processed"), by path and body. The same POST sent again (the
 * user presses send on the same filled-in form) goes under the same key, and the server answers
 * it with the first answer instead of saving a second referral; any definite answer forgets the
 * key, so a later identical POST is a new action with a new key.
 */
const unanswered = new Map<string, string>();

/** A random key; crypto.randomUUID exists only on HTTPS and localhost, a local network may run on http. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Whether a failed POST's answer leaves it unknown if the change was saved: then the key is kept. */
function undecided(status: number, problem: Problem | undefined): boolean {
  return status >= 500 || problem?.type === 'urn:ertad:problem:requestInProgress';
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
  const json = body === undefined ? undefined : JSON.stringify(body);
  const action = method === 'POST' ? `${path}\n${json ?? ''}` : undefined;
  const key = action === undefined ? undefined : (unanswered.get(action) ?? newKey());
  if (action !== undefined && key !== undefined) unanswered.set(action, key);
  const response = await sent(
    method,
    `/api/v1${path}`,
    {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'x-ertad-language': currentLanguage(),
        ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      ...(json === undefined ? {} : { body: json }),
    },
    { kept: options.kept },
  );
  if (response.status === 204) {
    if (action !== undefined) unanswered.delete(action);
    return { status: 204, data: undefined as T };
  }
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  const problem = response.ok ? undefined : ((data as Problem | undefined) ?? { type: 'about:blank', title: response.statusText, status: response.status });
  if (action !== undefined && !undecided(response.status, problem)) unanswered.delete(action);
  if (problem) throw new ApiError(problem);
  return { status: response.status, data: data as T };
}

/**
 * A GET of something the device keeps (an offline pack), asked for with the ETag kept with it:
 * `null` when the server answers 304 (unchanged, and nothing downloaded), otherwise the answer and
 * its new tag. The answers stay `no-store`: this conditional request is the app's own, the
 * browser's HTTP cache never holds them (a request carrying If-None-Match bypasses it, Fetch spec).
 */
export async function apiIfChanged<T>(path: string, etag: string | undefined): Promise<{ data: T; etag: string | undefined } | null> {
  const response = await sent('GET', `/api/v1${path}`, {
    method: 'GET',
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-ertad-language': currentLanguage(), ...(etag ? { 'if-none-match': etag } : {}) },
  }, {});
  if (response.status === 304) return null;
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError((data as Problem | undefined) ?? { type: 'about:blank', title: response.statusText, status: response.status });
  return { data: data as T, etag: response.headers.get('etag') ?? undefined };
}

/**
 * `request`, but a change whose connection broke after it was sent is "the server did not answer"
 * (it may have arrived; sending again is safe), not "this page needs a connection": the worker
 * whose referral was saved while its answer was lost read that they were offline.
 */
async function sent(method: string, url: string, init: RequestInit, opts: { kept?: boolean; timeoutMs?: number }): Promise<Response> {
  const wasOnline = navigator.onLine;
  try {
    return await request(url, init, opts);
  } catch (error) {
    const lostOnTheWay = method !== 'GET' && wasOnline && error instanceof ApiError && error.problem.type === 'urn:ertad:problem:offline';
    throw lostOnTheWay ? noAnswerError() : error;
  }
}

/**
 * Posts one file as multipart/form-data, with the session's CSRF token and an Idempotency-Key kept,
 * like a POST's, until a definite answer: the same file sent again to the same path (its name,
 * size, date and type; the server's key covers the bytes themselves) after a lost answer is
 * stored once.
 */
export async function postFile(path: string, file: File): Promise<Response> {
  const body = new FormData();
  body.append('file', file);
  const action = `${path}\nfile:${file.name}\n${file.size}\n${file.lastModified}\n${file.type}`;
  const key = unanswered.get(action) ?? newKey();
  unanswered.set(action, key);
  const response = await sent(
    'POST',
    `/api/v1${path}`,
    {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrfToken, 'x-ertad-language': currentLanguage(), 'idempotency-key': key },
    },
    { timeoutMs: UPLOAD_TIMEOUT_MS },
  );
  const problem = response.ok ? undefined : ((await response.clone().json().catch(() => undefined)) as Problem | undefined);
  if (!undecided(response.status, problem)) unanswered.delete(action);
  return response;
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
