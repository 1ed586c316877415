import type { Db } from '../db/client';
import { auditLog } from '../db/schema';
import type { AuditAction, AuditEntity } from './catalogue';

export type AuditChanges = Record<string, { from?: unknown; to?: unknown }>;

export interface AuditEntry {
  action: AuditAction;
  entityType: AuditEntity;
  entityId?: string | null;
  organisationId?: string | null;
  changes?: AuditChanges | null;
}

export interface AuditOrigin {
  actorUserId?: string | null;
  actorEmail?: string | null;
  ip?: string | null;
}

/**
 * Appends one row. Feature code writes through the gateway (`gw.audit`), which fills in who and
 * from where; this raw form is for sign-in, seeding and the CLI, which act before there is one.
 */
export async function writeAudit(db: Db, entry: AuditEntry & AuditOrigin): Promise<void> {
  await writeAuditEntries(db, [entry]);
}

/** Appends several rows in one statement (a request's reads, recorded together). */
export async function writeAuditEntries(db: Db, entries: readonly (AuditEntry & AuditOrigin)[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(auditLog).values(
    entries.map((entry) => ({
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      organisationId: entry.organisationId ?? null,
      actorUserId: entry.actorUserId ?? null,
      actorEmail: entry.actorEmail ?? null,
      ip: entry.ip ?? null,
      changes: entry.changes ?? null,
    })),
  );
}

/** Field-level diff for the audit log; secrets are never passed in. */
export function diff<T extends Record<string, unknown>>(before: T, patch: Partial<T>): AuditChanges {
  const changes: AuditChanges = {};
  for (const [key, to] of Object.entries(patch)) {
    if (key === 'version' || to === undefined) continue;
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}
