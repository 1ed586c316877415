/**
 * Types of what actually crosses the wire. The schemas in common/schemas describe the server's
 * values (dates are `Date`); after JSON a date is an ISO string, and that is what the browser holds.
 */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/**
 * Form values for a request schema's input (`z.input<typeof schema>`): every field present and
 * none null, as a form holds them; the schema turns empty strings back into nulls on the server.
 */
export type FormValues<T> = { [K in keyof T]-?: NonNullable<T[K]> };
