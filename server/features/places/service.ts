import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { municipalityInput, municipalityPatch, regionInput, regionPatch } from '../../../common/schemas/places';
import { assertVersionMatched, type Gateway } from '../../access/gateway';
import { PROGRAMME } from '../../access/registry';
import type { AuditEntity } from '../../audit/catalogue';
import { diff } from '../../audit/log';
import { invalidField, notFound } from '../../http/problem';

const { regions, municipalities } = PROGRAMME;

// Places are reference data, not owned by an organisation: every signed-in user reads them,
// only admins change them (the route's `reference.manage` permission).

async function assertRegionExists(gw: Gateway, regionId: string | undefined) {
  if (!regionId) return;
  const [found] = await gw.programme.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
  if (!found) throw invalidField('regionId', 'validation.unknownRegion');
}

type PlaceTable = typeof regions | typeof municipalities;

function createPlace<T extends PlaceTable>(gw: Gateway, table: T, entityType: AuditEntity, values: T['$inferInsert']) {
  return gw.transaction(async (tx) => {
    // Generic over both place tables; drizzle cannot check `values` against a union, the schema did.
    const [row] = (await tx.programme.insert(table).values(values as never).returning()) as T['$inferSelect'][];
    if (!row) throw new Error('insert returned no row');
    await tx.audit({ action: 'create', entityType, entityId: row.id, changes: diff({}, values) });
    return row;
  });
}

async function updatePlace<T extends PlaceTable>(
  gw: Gateway,
  table: T,
  entityType: AuditEntity,
  id: string,
  patch: Partial<T['$inferInsert']> & { version: number },
) {
  const [before] = (await gw.programme.rows(table).where(eq(table.id, id))) as T['$inferSelect'][];
  if (!before) throw notFound();
  return gw.transaction(async (tx) => {
    const { version, ...fields } = patch;
    const updated = (await tx.programme
      .update(table)
      .set({ ...fields, version: sql`version + 1`, updatedAt: sql`now()` } as never)
      .where(and(eq(table.id, id), eq(table.version, version)))
      .returning()) as T['$inferSelect'][];
    assertVersionMatched(updated);
    await tx.audit({ action: 'update', entityType, entityId: id, changes: diff(before, fields as Partial<T['$inferSelect']>) });
    return updated[0]!;
  });
}

export function createRegion(gw: Gateway, input: z.infer<typeof regionInput>) {
  return createPlace(gw, regions, 'region', input);
}

export function updateRegion(gw: Gateway, id: string, patch: z.infer<typeof regionPatch>) {
  return updatePlace(gw, regions, 'region', id, patch);
}

export async function createMunicipality(gw: Gateway, input: z.infer<typeof municipalityInput>) {
  await assertRegionExists(gw, input.regionId);
  return createPlace(gw, municipalities, 'municipality', input);
}

export async function updateMunicipality(gw: Gateway, id: string, patch: z.infer<typeof municipalityPatch>) {
  await assertRegionExists(gw, patch.regionId);
  return updatePlace(gw, municipalities, 'municipality', id, patch);
}
