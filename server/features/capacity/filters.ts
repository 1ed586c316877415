import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { OWNED, PROGRAMME } from '../../access/registry';
import { programmeToday } from '../../calendar';

// Portfolio filters shared by the capacity lists: which CSOs (by their organisation column) are in
// a municipality, a region, or the care of a partner organisation's mentors.

const links = OWNED.organisationMunicipalities.table;
const assignments = OWNED.mentorAssignments.table;
const users = OWNED.users.table;
const { municipalities } = PROGRAMME;

export interface PlaceFilter {
  municipalityId?: string | undefined;
  regionId?: string | undefined;
  partnerId?: string | undefined;
}

export function placeFilter(organisationColumn: AnyPgColumn, query: PlaceFilter): SQL | undefined {
  return and(
    query.municipalityId ? sql`${organisationColumn} in (select ${links.organisationId} from ${links} where ${links.municipalityId} = ${query.municipalityId})` : undefined,
    query.regionId
      ? sql`${organisationColumn} in (select ${links.organisationId} from ${links} join ${municipalities} on ${eq(municipalities.id, links.municipalityId)} where ${municipalities.regionId} = ${query.regionId})`
      : undefined,
    query.partnerId
      ? sql`${organisationColumn} in (select ${assignments.organisationId} from ${assignments} join ${users} on ${eq(users.id, assignments.userId)} where ${users.organisationId} = ${query.partnerId})`
      : undefined,
  );
}

/** Today as an ISO date, the reference for overdue actions. */
export function today(): string {
  return programmeToday();
}
