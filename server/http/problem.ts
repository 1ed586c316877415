import type { Language } from '../../common/roles';
import { translate } from '../../common/i18n/translate';

export interface FieldError {
  field: string;
  message: string;
}

/** Problem kinds; `type` URIs are stable identifiers clients may branch on. */
export const PROBLEMS = {
  validation: 400,
  malformed: 400,
  unauthenticated: 401,
  invalidCredentials: 401,
  forbidden: 403,
  csrf: 403,
  notFound: 404,
  conflict: 409,
  duplicate: 409,
  /** A repeat (same idempotency key) of a request whose answer is not known yet. */
  requestInProgress: 409,
  /** A repeat whose first request ran, but whose stored answer was withdrawn (a person it may hold was erased). */
  answerWithdrawn: 410,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  exportTooLarge: 422,
  /** An idempotency key sent again with another path or body. */
  keyReused: 422,
  tooManyRequests: 429,
  internal: 500,
} as const;
export type ProblemKind = keyof typeof PROBLEMS;

/**
 * A field error's parameters in the answer's language: a parameter that depends on it (a role's
 * label, say) is given as a function of the language.
 */
export function resolveParams(lang: Language, params: Record<string, unknown> = {}): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, typeof value === 'function' ? (value as (l: Language) => unknown)(lang) : value]));
}

/** Thrown by services; the error handler turns it into application/problem+json. */
export class HttpProblem extends Error {
  constructor(
    readonly kind: ProblemKind,
    readonly errors: { field: string; key: string; params?: Record<string, unknown> }[] = [],
    readonly detailKey?: string,
  ) {
    super(kind);
  }
  get status(): number {
    return PROBLEMS[this.kind];
  }
}

export const notFound = () => new HttpProblem('notFound');
export const forbidden = () => new HttpProblem('forbidden');
/**
 * A stale version: someone else changed the record since it was read. A `conflict` that names its
 * reason (a detail key: the case is closed, already submitted, storage full…) is a rule the
 * record's state breaks instead; the body tells the two apart (`conflict: 'version' | 'rule'`).
 */
export const conflict = () => new HttpProblem('conflict');
export const invalidField = (field: string, key: string, params?: Record<string, unknown>) =>
  new HttpProblem('validation', [{ field, key, ...(params ? { params } : {}) }]);

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  /** The catalogue key of `detail`, for a client that shows the problem again in another language. */
  detailKey?: string;
  /** On a `conflict` (409): a stale version (reload and redo) or a rule of the record's state. */
  conflict?: 'version' | 'rule';
  errors?: FieldError[];
}

export function problemBody(
  lang: Language,
  kind: ProblemKind,
  errors: FieldError[] = [],
  detailKey?: string,
): ProblemBody {
  // Only a stale version is "changed in the meantime"; a rule conflict has a title of its own.
  const rule = kind === 'conflict' && detailKey !== undefined;
  return {
    type: `urn:ertad:problem:${kind}`,
    title: translate(lang, rule ? 'problems.ruleConflict' : `problems.${kind}`),
    status: PROBLEMS[kind],
    ...(kind === 'conflict' ? { conflict: rule ? 'rule' : 'version' } : {}),
    ...(detailKey ? { detail: translate(lang, detailKey), detailKey } : {}),
    ...(errors.length ? { errors } : {}),
  };
}
