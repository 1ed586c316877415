import { and, eq, gt, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Role } from '../../common/roles';
import type { Db } from '../db/client';
import { grants, mentorAssignments, organisationMunicipalities, organisations } from '../db/schema';
import type { Actor } from './actor';
import { CAPACITY_DATA_ROLES, PARTICIPANT_DATA_ROLES, PERSONAL_DATA_ROLES, REFERRAL_RECEIVER_ROLES, readScope, WRITE_SCOPE, type OrganisationScope } from './policy';

/** A set of organisations: every one, or the listed ids (possibly none). */
export interface OrganisationSet {
  all: boolean;
  ids: readonly string[];
}

/** The organisations a request's actor reaches, per kind of access; resolved once per request. */
export interface Reach {
  read: OrganisationSet;
  write: OrganisationSet;
  /** Where the actor sees personal data of the people an organisation serves. */
  personal: OrganisationSet;
  /** Where the actor answers referrals (its own organisation, for the roles that receive them). */
  referrals: OrganisationSet;
  /** Where the actor sees training participants' results. */
  participant: OrganisationSet;
  /**
   * Where the actor reads an organisation's own capacity assessments (each rater's GESI-OCA form):
   * the read scope of the roles that work on capacity. Municipal and donor users get aggregates.
   */
  capacity: OrganisationSet;
}

const EVERY: OrganisationSet = { all: true, ids: [] };
const NONE: OrganisationSet = { all: false, ids: [] };

/** SQL: the organisation id in `column` belongs to `set`. */
export function inSet(column: AnyPgColumn, set: OrganisationSet): SQL {
  if (set.all) return sql`true`;
  if (set.ids.length === 0) return sql`false`;
  return inArray(column as AnyPgColumn, [...set.ids]);
}

export function setHas(set: OrganisationSet, organisationId: string | null | undefined): boolean {
  return set.all || (!!organisationId && set.ids.includes(organisationId));
}

async function assignedOrganisations(db: Db, actor: Actor): Promise<string[]> {
  const rows = await db.select({ id: mentorAssignments.organisationId }).from(mentorAssignments).where(eq(mentorAssignments.userId, actor.userId));
  return rows.map((r) => r.id);
}

/**
 * CSOs working in any municipality the actor's own organisation works in. Three index lookups
 * (own municipalities, organisations there, which of them are CSOs), never a scan of all
 * organisations.
 */
async function municipalityOrganisations(db: Db, actor: Actor): Promise<string[]> {
  const mine = await db.select({ id: organisationMunicipalities.municipalityId }).from(organisationMunicipalities).where(eq(organisationMunicipalities.organisationId, actor.organisationId));
  if (mine.length === 0) return [];
  const there = await db
    .selectDistinct({ id: organisationMunicipalities.organisationId })
    .from(organisationMunicipalities)
    .where(inArray(organisationMunicipalities.municipalityId, mine.map((m) => m.id)));
  if (there.length === 0) return [];
  const csos = await db.select({ id: organisations.id }).from(organisations).where(and(inArray(organisations.id, there.map((o) => o.id)), eq(organisations.kind, 'cso')));
  return csos.map((r) => r.id);
}

export async function resolveReach(db: Db, actor: Actor): Promise<Reach> {
  const cache = new Map<OrganisationScope, Promise<string[]>>();
  const idsOf = (scope: OrganisationScope): Promise<string[]> => {
    let ids = cache.get(scope);
    if (!ids) {
      ids = scope === 'assigned' ? assignedOrganisations(db, actor) : scope === 'municipality' ? municipalityOrganisations(db, actor) : Promise.resolve([]);
      cache.set(scope, ids);
    }
    return ids;
  };
  const union = async (scopes: OrganisationScope[]): Promise<OrganisationSet> => {
    if (scopes.includes('all')) return EVERY;
    const ids = new Set<string>();
    if (scopes.some((s) => s !== 'none')) ids.add(actor.organisationId);
    for (const scope of new Set(scopes)) for (const id of await idsOf(scope)) ids.add(id);
    return { all: false, ids: [...ids] };
  };
  const holding = (roles: readonly Role[]) => actor.roles.filter((r) => roles.includes(r));
  const own = (roles: readonly Role[]): OrganisationSet => (holding(roles).length ? { all: false, ids: [actor.organisationId] } : NONE);
  const participantRoles = holding(PARTICIPANT_DATA_ROLES);
  return {
    read: await union(actor.roles.map((role) => readScope(role, actor.organisationKind))),
    write: await union(actor.roles.map((role) => WRITE_SCOPE[role])),
    personal: own(PERSONAL_DATA_ROLES),
    referrals: own(REFERRAL_RECEIVER_ROLES),
    participant: participantRoles.some((r) => r === 'admin' || r === 'programme_manager') ? EVERY : own(participantRoles),
    capacity: await union(holding(CAPACITY_DATA_ROLES).map((role) => readScope(role, actor.organisationKind))),
  };
}

/** Ids of the records shared with the actor by a live grant, per registered entity. */
export type GrantedIds = ReadonlyMap<string, readonly string[]>;

/**
 * SQL: a grant that is live now (accepted, not revoked, not expired) and made to `user`
 * (break-glass) or, where `answersReferrals` holds, to `organisation`: for the roles that answer
 * referrals there (`reach.referrals`); a city hall's or a CSO's viewer does not read what was
 * referred to it. `grantee_user_id` and `grantee_organisation_id` are each indexed.
 */
export function liveGrantTo(user: SQL | AnyPgColumn, organisation: SQL | AnyPgColumn, answersReferrals: SQL): SQL {
  return and(
    or(and(answersReferrals, eq(grants.granteeOrganisationId, organisation)), eq(grants.granteeUserId, user)),
    isNull(grants.revokedAt),
    isNotNull(grants.acceptedAt),
    or(isNull(grants.expiresAt), gt(grants.expiresAt, sql`now()`)),
  )!;
}

/** The records granted to the actor (see `liveGrantTo`), per entity: one query over the grantee indexes. */
export async function resolveGrants(db: Db, actor: Actor, reach: Promise<Reach>): Promise<GrantedIds> {
  const answersReferrals = setHas((await reach).referrals, actor.organisationId) ? sql`true` : sql`false`;
  const rows = await db
    .select({ entity: grants.entityType, id: grants.entityId })
    .from(grants)
    .where(liveGrantTo(sql`${actor.userId}::uuid`, sql`${actor.organisationId}::uuid`, answersReferrals));
  return grantedIds(rows.map((row) => [row.entity, row.id]));
}

/** `[entity, id]` pairs, as one query or the session's statement reads them, grouped by entity. */
export function grantedIds(pairs: readonly (readonly [string, string])[]): GrantedIds {
  const byEntity = new Map<string, Set<string>>();
  for (const [entity, id] of pairs) byEntity.set(entity, (byEntity.get(entity) ?? new Set()).add(id));
  return new Map([...byEntity].map(([entity, ids]) => [entity, [...ids]]));
}
