import { count, eq } from 'drizzle-orm';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../common/roles';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';

const orgs = OWNED.organisations.table;

/** The programme's key numbers, counted within what the caller may see. */
export async function keyNumbers(gw: Gateway) {
  const { municipalities } = PROGRAMME;
  const [organisations, activeUsers, municipalityCount] = await Promise.all([
    gw.select(OWNED.organisations, { kind: orgs.kind, n: count() }, { where: eq(orgs.active, true), groupBy: [orgs.kind] }),
    gw.count(OWNED.users, { where: eq(OWNED.users.table.active, true) }),
    gw.programme.select({ n: count() }).from(municipalities).then(([row]) => row?.n ?? 0),
  ]);
  const organisationsByKind = Object.fromEntries(ORGANISATION_KINDS.map((kind) => [kind, 0])) as Record<OrganisationKind, number>;
  for (const row of organisations) organisationsByKind[row.kind] = row.n;
  return { organisationsByKind, activeUsers, municipalities: municipalityCount };
}
