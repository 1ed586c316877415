import type { Problem } from '../../../common/schemas/problem';

/** A catalogue's text for `key`, or `fallback` when the catalogue (as loaded so far) has none. */
function catalogueText(t: (key: string) => string, key: string, fallback: string): string {
  const text = t(key);
  return text === key ? fallback : text;
}

/**
 * A problem's headline, in the language shown now: the catalogue's title for its type, so the
 * message follows a language switch after the request failed (the server's title is in the
 * language of the request); the server's title for a type the catalogue does not name. A 409
 * conflict says "someone else changed this record" only for a stale version; a rule of the
 * record's state (closed, already submitted, storage full…) gets a headline of its own above its
 * reason.
 */
export function problemHeadline(problem: Problem, t: (key: string) => string): string {
  if (problem.type === 'urn:ertad:problem:conflict') return problem.conflict === 'version' ? t('problems.conflict') : t('problems.ruleConflict');
  const kind = /^urn:ertad:problem:(\w+)$/.exec(problem.type)?.[1];
  return kind ? catalogueText(t, `problems.${kind}`, problem.title) : problem.title;
}

/** A problem's detail in the language shown now (see `problemHeadline`), by its catalogue key when the server named it. */
export function problemDetail(problem: Problem, t: (key: string) => string): string | undefined {
  return problem.detailKey && problem.detail !== undefined ? catalogueText(t, problem.detailKey, problem.detail) : problem.detail;
}
