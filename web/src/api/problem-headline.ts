import type { Problem } from '../../../common/schemas/problem';

/**
 * A problem's headline. A 409 conflict says "someone else changed this record" only for a stale
 * version; a rule of the record's state (closed, already submitted, storage full…) gets a
 * headline of its own above its reason, whatever the server's title.
 */
export function problemHeadline(problem: Problem, t: (key: string) => string): string {
  if (problem.type !== 'urn:ertad:problem:conflict') return problem.title;
  return problem.conflict === 'version' ? t('problems.conflict') : t('problems.ruleConflict');
}
