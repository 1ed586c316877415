import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client';
import { auditLog, mentorAssignments, organisationMunicipalities, organisations } from '../db/schema';
import { forbidden, notFound, conflict } from '../http/problem';
import type { Actor } from './actor';
import { hasPermission, ORGANISATION_SCOPE, type OrganisationScope, type Permission } from './policy';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  organisationId?: string | null;
  changes?: Record<string, { from?: unknown; to?: unknown }> | null;
}

/**
 * The one way to organisation-owned data. Built per request from the session; every query on
 * an owned table takes its WHERE clause from `scope()`, so out-of-scope rows never leave the
 * database and look exactly like rows that do not exist (404).
 */
export class ScopedGateway {
  constructor(
    /** Executor: the pool, or the open transaction inside `transaction()`. */
    readonly db: Db,
    readonly actor: Actor,
    private readonly ip: string | null,
  ) {}

  can(permission: Permission): boolean {
    return hasPermission(this.actor.roles, permission);
  }

  /** Role-level check (403): the action is not one this role has at all. */
  require(permission: Permission): void {
    if (!this.can(permission)) throw forbidden();
  }

  /** SQL condition: the organisation id in `column` is one the actor may reach. */
  scope(column: AnyPgColumn): SQL {
    const scopes = new Set<OrganisationScope>(this.actor.roles.map((role) => ORGANISATION_SCOPE[role]));
    if (scopes.has('all')) return sql`true`;
    const own = this.actor.organisationId;
    const conditions: SQL[] = [eq(column, own)];
    if (scopes.has('assigned')) {
      conditions.push(
        sql`${column} in (select ${mentorAssignments.organisationId} from ${mentorAssignments}
              where ${mentorAssignments.userId} = ${this.actor.userId})`,
      );
    }
    if (scopes.has('municipality')) {
      conditions.push(
        sql`${column} in (select om.organisation_id from ${organisationMunicipalities} om
              join ${organisations} o on o.id = om.organisation_id and o.kind = 'cso'
              join ${organisationMunicipalities} mine on mine.municipality_id = om.municipality_id
              where mine.organisation_id = ${own})`,
      );
    }
    return or(...conditions) ?? sql`false`;
  }

  /** Throws 404 unless `organisationId` is in scope; for writes that name an organisation. */
  async assertOrganisationInScope(organisationId: string): Promise<void> {
    const [row] = await this.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(and(eq(organisations.id, organisationId), this.scope(organisations.id)));
    if (!row) throw notFound();
  }

  /** Runs `work` in one transaction with a gateway bound to it: all or nothing, audit included. */
  transaction<T>(work: (gw: ScopedGateway) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => work(new ScopedGateway(tx as unknown as Db, this.actor, this.ip)));
  }

  async audit(entry: AuditEntry): Promise<void> {
    await writeAudit(this.db, { ...entry, actorUserId: this.actor.userId, actorEmail: this.actor.email, ip: this.ip });
  }
}

export async function writeAudit(
  db: Db,
  entry: AuditEntry & { actorUserId?: string | null; actorEmail?: string | null; ip?: string | null },
): Promise<void> {
  await db.insert(auditLog).values({
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    organisationId: entry.organisationId ?? null,
    actorUserId: entry.actorUserId ?? null,
    actorEmail: entry.actorEmail ?? null,
    ip: entry.ip ?? null,
    changes: entry.changes ?? null,
  });
}

/** Field-level diff for the audit log; secrets are never passed in. */
export function diff<T extends Record<string, unknown>>(before: T, patch: Partial<T>): AuditEntry['changes'] {
  const changes: Record<string, { from?: unknown; to?: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) {
    if (key === 'version' || to === undefined) continue;
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/** Optimistic concurrency: an update that matched no row at the expected version is a 409. */
export function assertVersionMatched(updated: unknown[]): void {
  if (updated.length === 0) throw conflict();
}
