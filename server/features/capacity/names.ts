import { eq } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Join } from '../../access/gateway';
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
