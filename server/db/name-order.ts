import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * The script of a name as the first sort key: 0 when it starts with a Georgian letter (Mkhedruli
 * ა–ჺ, or Mtavruli capitals), 1 otherwise. The databases' collations (PGlite's C, ICU's root,
 * libc's) all put Latin before Georgian; the programme's users expect Georgian names first, then
 * the others, each script in its own order. An expression (not a column), so it is indexed as
 * written here: the schema's indexes and the lists' keyset keys use this one function.
 */
export function scriptRank(name: AnyPgColumn | SQL): SQL<number> {
  return sql<number>`(case when ${name} ~ '^[\\u10D0-\\u10FA\\u1C90-\\u1CBF]' then 0 else 1 end)`;
}

/** A list's order by a person's or organisation's name: Georgian names first, then by the name. */
export function byName(name: AnyPgColumn | SQL): [SQL<number>, AnyPgColumn | SQL] {
  return [scriptRank(name), name];
}

/**
 * A list's order by a person's surname and given name (people served, the staff register): as
 * `byName` by the surname, then by the given name, so two people of one family come in the order
 * of their given names, not as the index happens to hold them. The schema's indexes hold the same
 * keys, followed by the id.
 */
export function bySurname(surname: AnyPgColumn, givenName: AnyPgColumn): [SQL<number>, AnyPgColumn | SQL, AnyPgColumn] {
  return [...byName(surname), givenName];
}
