import type { Problem } from '../../../common/schemas/problem';

/**
 * Whether asking again can help, by the failed request's status (`undefined`: no answer of the
 * API, a network failure or a broken answer): no connection (0), a timeout (408), too many
 * requests (429) or a server fault (5xx, 503 among them). A refusal of the request itself (400
 * invalid input, 403, 404, 409, 413, 415, 422…) is answered the same way every time: a Retry
 * button there only repeats the failure.
 */
export function canRetry(status: number | undefined): boolean {
  return status === undefined || status === 0 || status === 408 || status === 429 || status >= 500;
}

/**
 * The problem's field messages that the page does not show beside a field (`shownFields` says
 * which it does), each once: what is wrong, said where nothing else says it.
 */
export function unshownFieldMessages(problem: Problem, shownFields: (field: string) => boolean = () => false): string[] {
  return [...new Set((problem.errors ?? []).filter((e) => !shownFields(e.field)).map((e) => e.message))];
}
