/**
 * What may be logged about a failed database query: the error code, the kind of statement and the
 * table, constraint and column names. Never the parameters (names, answers, file bytes), and never
 * the database's message, which quotes values ("invalid input syntax for type uuid: \"…\"").
 */
export interface DbErrorSummary {
  code: string;
  /** e.g. `insert into "users"`: the operation and the first table, from the query text. */
  statement?: string;
  table?: string;
  constraint?: string;
  column?: string;
}

type ErrorLike = { code?: unknown; cause?: unknown; query?: unknown; table?: unknown; constraint?: unknown; column?: unknown };

function asText(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 200 ? value : undefined;
}

/** The statement's operation and first table, e.g. `select from "organisations"`. */
export function statementName(query: string): string {
  const text = query.replace(/\s+/g, ' ').trim();
  const operation = /^(with|select|insert into|update|delete from)\b/i.exec(text)?.[1]?.toLowerCase() ?? 'query';
  const table = /\b(?:from|into|update)\s+("[^"]+"|\w+)/i.exec(text)?.[1];
  return table ? `${operation} ${operation === 'select' || operation === 'with' ? `from ${table}` : table}` : operation;
}

/** A summary when `error` (or one of its causes) is a database error; otherwise null. */
export function summariseDbError(error: unknown): DbErrorSummary | null {
  let query: string | undefined;
  for (let e = error as ErrorLike | undefined; e && typeof e === 'object'; e = e.cause as ErrorLike | undefined) {
    if (typeof e.query === 'string') query ??= e.query;
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) {
      const summary: DbErrorSummary = { code: e.code };
      if (query) summary.statement = statementName(query);
      const table = asText(e.table);
      const constraint = asText(e.constraint);
      const column = asText(e.column);
      if (table) summary.table = table;
      if (constraint) summary.constraint = constraint;
      if (column) summary.column = column;
      return summary;
    }
  }
  return null;
}
