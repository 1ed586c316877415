import { createHash } from 'node:crypto';
import { and, eq, gt, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { ORGANISATION_KINDS, ROLES, type Role } from '../../common/roles';
import { queryRows, type Db } from '../db/client';
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

/**
 * The organisations that the two scopes read from the database add to the actor's own: the CSOs a
 * mentor is assigned to, and the CSOs working where a municipality's staff work.
 */
export interface ScopedOrganisations {
  assigned: readonly string[];
  municipality: readonly string[];
}

/** SQL: `roles` (a text[] column or value) holds one of `among`. */
export function holdsRole(roles: SQL | AnyPgColumn, among: readonly Role[]): SQL {
  if (among.length === 0) return sql`false`;
  return sql`${roles} && array[${sql.join(among.map((role) => sql.raw(`'${role}'`)), sql`, `)}]::text[]`;
}

/** The roles that reach `scope` for reading or writing, in an organisation of any kind. */
const rolesReaching = (scope: OrganisationScope): Role[] =>
  ROLES.filter((role) => WRITE_SCOPE[role] === scope || ORGANISATION_KINDS.some((kind) => readScope(role, kind) === scope));

/**
 * SQL: the ids (a JSON array) of the CSOs `user` is assigned to as a mentor, and of the CSOs
 * working in any municipality `organisation` works in (index lookups: its municipalities, the
 * organisations there, which of them are CSOs; never a scan of all organisations). Each is read
 * only where `roles` holds a role that needs it, else null.
 */
export function scopedOrganisationsSql(user: SQL | AnyPgColumn, organisation: SQL | AnyPgColumn, roles: SQL | AnyPgColumn) {
  const assigned = sql`(select coalesce(json_agg(${mentorAssignments.organisationId}), '[]') from ${mentorAssignments} where ${mentorAssignments.userId} = ${user})`;
  // Each step an array the next one looks up by index (`= any`), as a join would not be planned.
  const own = sql`array(select ${organisationMunicipalities.municipalityId} from ${organisationMunicipalities} where ${organisationMunicipalities.organisationId} = ${organisation})`;
  const there = sql`array(select ${organisationMunicipalities.organisationId} from ${organisationMunicipalities} where ${organisationMunicipalities.municipalityId} = any(${own}))`;
  const municipality = sql`(select coalesce(json_agg(${organisations.id}), '[]') from ${organisations} where ${organisations.id} = any(${there}) and ${organisations.kind} = 'cso')`;
  return {
    assigned: sql<string[] | null>`case when ${holdsRole(roles, rolesReaching('assigned'))} then ${assigned} end`,
    municipality: sql<string[] | null>`case when ${holdsRole(roles, rolesReaching('municipality'))} then ${municipality} end`,
  };
}

/** `ScopedOrganisations` from the columns of `scopedOrganisationsSql`. */
export const scopedOrganisations = (row: { assigned: string[] | null; municipality: string[] | null }): ScopedOrganisations => ({
  assigned: row.assigned ?? [],
  municipality: row.municipality ?? [],
});

/** The actor's `ScopedOrganisations` in one statement (none for roles that need neither). */
async function readScopedOrganisations(db: Db, actor: Actor): Promise<ScopedOrganisations> {
  const { assigned, municipality } = scopedOrganisationsSql(sql`${actor.userId}::uuid`, sql`${actor.organisationId}::uuid`, sql`${sql.param([...actor.roles])}::text[]`);
  const [row] = await queryRows<{ assigned: string[] | null; municipality: string[] | null }>(db, sql`select ${assigned} as assigned, ${municipality} as municipality`);
  return scopedOrganisations(row ?? { assigned: null, municipality: null });
}

/**
 * The organisations `actor` reaches. `known` are its scoped organisations as the session's
 * statement read them; without them (a background job), one statement reads them when a role needs them.
 */
export async function resolveReach(db: Db, actor: Actor, known?: ScopedOrganisations): Promise<Reach> {
  const needed = new Set(actor.roles.flatMap((role) => [WRITE_SCOPE[role], readScope(role, actor.organisationKind)]));
  const scoped = known ?? (needed.has('assigned') || needed.has('municipality') ? await readScopedOrganisations(db, actor) : { assigned: [], municipality: [] });
  const idsOf = (scope: OrganisationScope): readonly string[] => (scope === 'assigned' ? scoped.assigned : scope === 'municipality' ? scoped.municipality : []);
  const union = (scopes: OrganisationScope[]): OrganisationSet => {
    if (scopes.includes('all')) return EVERY;
    const ids = new Set<string>();
    if (scopes.some((s) => s !== 'none')) ids.add(actor.organisationId);
    for (const scope of new Set(scopes)) for (const id of idsOf(scope)) ids.add(id);
    return { all: false, ids: [...ids] };
  };
  const holding = (roles: readonly Role[]) => actor.roles.filter((r) => roles.includes(r));
  const own = (roles: readonly Role[]): OrganisationSet => (holding(roles).length ? { all: false, ids: [actor.organisationId] } : NONE);
  const participantRoles = holding(PARTICIPANT_DATA_ROLES);
  return {
    read: union(actor.roles.map((role) => readScope(role, actor.organisationKind))),
    write: union(actor.roles.map((role) => WRITE_SCOPE[role])),
    personal: own(PERSONAL_DATA_ROLES),
    referrals: own(REFERRAL_RECEIVER_ROLES),
    participant: participantRoles.some((r) => r === 'admin' || r === 'programme_manager') ? EVERY : own(participantRoles),
    capacity: union(holding(CAPACITY_DATA_ROLES).map((role) => readScope(role, actor.organisationKind))),
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

/**
 * A digest of everything that decides which records of one table `actor` reads: their organisation
 * and roles, the organisations they reach for each kind of access, the records of the table granted
 * to them, and what the table's row rule reads besides (`ruleInputs` of the registry). Two reads
 * with the same digest see the same rows; the order in which anything was read does not matter.
 */
export function accessDigest(actor: Pick<Actor, 'organisationId' | 'roles'>, reach: Reach, granted: readonly string[], ruleInputs: readonly string[]): string {
  const sorted = (values: readonly string[]) => [...new Set(values)].sort();
  const sets = Object.entries(reach)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, set]: [string, OrganisationSet]) => [kind, set.all ? 'all' : sorted(set.ids)]);
  const canonical = JSON.stringify([actor.organisationId, sorted(actor.roles), sets, sorted(granted), sorted(ruleInputs)]);
  return createHash('sha256').update(canonical).digest('base64url');
}
