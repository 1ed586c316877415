import { z } from 'zod';

/** Query parameters every list endpoint accepts; features add their own filters and sort keys. */
export function listQuery<const S extends readonly [string, ...string[]]>(sortKeys: S, defaultSort: S[number]) {
  return z.object({
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(25),
    sort: z.enum(sortKeys).default(defaultSort),
    dir: z.enum(['asc', 'desc']).default('asc'),
    q: z.string().trim().max(200).optional(),
    /** The `next` cursor of the previous page: the following page by keyset, not by offset. */
    after: z.string().max(2000).optional(),
  });
}

/** A date a query may filter by: within what PostgreSQL timestamps can hold, and sensible. */
export const dateParam = z.coerce.date().min(new Date('1900-01-01')).max(new Date('9999-12-31'));

/** A whole number that fits PostgreSQL's integer columns. */
export const intParam = z.coerce.number().int().min(1).max(2_147_483_647);

/** The optimistic-concurrency version an update was made against. */
export const recordVersion = z.number().int().min(1).max(2_147_483_647);

type NoDefault<T> = T extends z.ZodDefault<infer I> ? I : T;
/**
 * The fields of an input as a versioned patch: each optional, and without the input's defaults, so
 * a field the body leaves out stays unchanged. (`.partial()` is not enough: zod 4 applies an inner
 * `.default()` to an absent optional field, so a patch of one field would reset the others.)
 */
export function patchOf<S extends z.ZodRawShape>(shape: S) {
  const fields = Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : (schema as z.ZodType)).optional()]));
  return z.object(fields as unknown as { [K in keyof S]: z.ZodOptional<NoDefault<S[K]>> }).extend({ version: recordVersion });
}

export const exportFormat = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Exact up to a cap; with `totalCapped` the list holds more than `total`. */
    total: z.number().int(),
    totalCapped: z.boolean(),
    page: z.number().int(),
    pageSize: z.number().int(),
    /** Cursor of the following page (send as `after`), or null on the last page. */
    next: z.string().nullable(),
  });
}

export type Page<T> = { items: T[]; total: number; totalCapped: boolean; page: number; pageSize: number; next: string | null };
