/**
 * What a command or the server's start prints when it gives up: the error's message and those of
 * its causes. A failed migration's own message names only the statement ("Failed query: CREATE
 * SCHEMA …"); PostgreSQL's reason ("permission denied for database …") is its cause.
 */
export function failureMessage(error: unknown): string {
  const messages: string[] = [];
  for (let cause: unknown = error; cause instanceof Error && messages.length < 5; cause = cause.cause) messages.push(cause.message.trim());
  return messages.length > 0 ? messages.join('\n') : String(error);
}
