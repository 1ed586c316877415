import { count, eq, and } from 'drizzle-orm';
import type { ScopedGateway } from '../../access/gateway';
import { municipalities, organisations, users } from '../../db/schema';
import { ORGANISATION_KINDS, type OrganisationKind } from '../../../common/roles';

/** The programme's key numbers, counted within what the caller may see. */
export async function keyNumbers(gw: ScopedGateway) {
  const [byKind, [userCount], [municipalityCount]] = await Promise.all([
    gw.db
      .select({ kind: organisations.kind, n: count() })
      .from(organisations)
      .where(and(gw.scope(organisations.id), eq(organisations.active, true)))
      .groupBy(organisations.kind),
    gw.db.select({ n: count() }).from(users).where(and(gw.scope(users.organisationId), eq(users.active, true))),
    gw.db.select({ n: count() }).from(municipalities),
  ]);
  const organisationsByKind = Object.fromEntries(ORGANISATION_KINDS.map((kind) => [kind, 0])) as Record<OrganisationKind, number>;
  for (const row of byKind) organisationsByKind[row.kind] = row.n;
  return { organisationsByKind, activeUsers: userCount?.n ?? 0, municipalities: municipalityCount?.n ?? 0 };
}
