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

/** A field message as the alert lists it: the field it is about, named for the reader, and what is wrong. */
export interface NamedFieldMessage {
  name: string;
  message: string;
}

/**
 * The problem's field messages that the page does not show beside a field (`shownFields` says
 * which it does), each with the field it is about (`nameOf` names it for the reader: "Value is
 * too large" alone does not say which of four figures is), each once: what is wrong, said where
 * nothing else says it.
 */
export function unshownFieldMessages(problem: Problem, shownFields: (field: string) => boolean = () => false, nameOf: (field: string) => string = (field) => field): NamedFieldMessage[] {
  const seen = new Set<string>();
  const listed: NamedFieldMessage[] = [];
  for (const e of problem.errors ?? []) {
    if (shownFields(e.field)) continue;
    const name = nameOf(e.field);
    const key = `${name}\u0000${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    listed.push({ name, message: e.message });
  }
  return listed;
}

/**
 * Names a field of a problem for the reader: its label where the page gives one (`labels`, keyed
 * by the field's path as the API names it, `staff.women`), else `fallback` (the path itself,
 * quoted in a sentence of the reader's language: better a technical name than none). A message
 * about the request as a whole (field '') is named by nothing.
 */
export function fieldNamer(labels: Record<string, string> | undefined, fallback: (field: string) => string): (field: string) => string {
  return (field) => (field === '' ? '' : (labels?.[field] ?? fallback(field)));
}
