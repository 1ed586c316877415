import { eq, inArray } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Gateway, Join } from '../../access/gateway';
import { OWNED } from '../../access/registry';

// The CSO's names on an exported capacity record: a file of several CSOs' records (a programme
// manager's or a mentor's), or one passed on to the donor, says whose each row is.

const orgs = OWNED.organisations.table;

export interface OrganisationNames {
  organisationNameKa: string;
  organisationNameEn: string;
}

/** The fields to read with a record and the join that finds its organisation (through the same scoped read). */
export function organisationNames(organisationColumn: AnyPgColumn): { fields: { organisationNameKa: typeof orgs.nameKa; organisationNameEn: typeof orgs.nameEn }; join: Join } {
  return { fields: { organisationNameKa: orgs.nameKa, organisationNameEn: orgs.nameEn }, join: { table: orgs, on: eq(orgs.id, organisationColumn) } };
}

/** The names of a row read with `organisationNames`, to add to what the record's presenter returns. */
export function namesOf(row: OrganisationNames): OrganisationNames {
  return { organisationNameKa: row.organisationNameKa, organisationNameEn: row.organisationNameEn };
}

/**
 * The current names of the users a page or batch of records names (a plan action's responsible
 * user, a supervision's supervisor and supervisee), in one read through the reader's scope: a user
 * the reader cannot see stays unnamed, and the record's typed name is shown instead.
 */
export async function currentUserNames(gw: Gateway, ids: (string | null)[], purpose: string): Promise<Map<string, string>> {
  const unique = [...new Set(ids.filter((id): id is string => !!id))];
  if (unique.length === 0) return new Map();
  const users = OWNED.users.table;
  const found = await gw.select(OWNED.users, { id: users.id, displayName: users.displayName }, { where: inArray(users.id, unique), purpose: 'list', filter: { for: purpose, users: unique.length } });
  return new Map(found.map((u) => [u.id, u.displayName]));
}
