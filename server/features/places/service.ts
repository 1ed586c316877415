import { and, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import type { municipalityInput, municipalityPatch, regionInput, regionPatch } from '../../../common/schemas/places';
import { assertVersionMatched, diff, type ScopedGateway } from '../../access/gateway';
import { municipalities, regions } from '../../db/schema';
import { invalidField, notFound } from '../../http/problem';

// Places are reference data, not owned by an organisation: every signed-in user reads them,
// only admins change them (the route's `reference.manage` permission).

export function listRegions(gw: ScopedGateway) {
  return gw.db.select().from(regions).orderBy(regions.code);
}

export function listMunicipalities(gw: ScopedGateway) {
  return gw.db.select().from(municipalities).orderBy(municipalities.nameEn);
}

async function assertRegionExists(gw: ScopedGateway, regionId: string | undefined) {
  if (!regionId) return;
  const [found] = await gw.db.select({ id: regions.id }).from(regions).where(eq(regions.id, regionId));
  if (!found) throw invalidField('regionId', 'validation.unknownRegion');
}

type PlaceTable = typeof regions | typeof municipalities;

function createPlace<T extends PlaceTable>(gw: ScopedGateway, table: T, entityType: string, values: T['$inferInsert']) {
  return gw.transaction(async (tx) => {
    const [row] = await tx.db.insert(table as PgTable).values(values).returning();
    if (!row) throw new Error('insert returned no row');
    await tx.audit({ action: 'create', entityType, entityId: String(row.id), changes: diff({}, values) });
    return row as T['$inferSelect'];
  });
}

async function updatePlace<T extends PlaceTable>(
  gw: ScopedGateway,
  table: T,
  entityType: string,
  id: string,
  patch: Partial<T['$inferInsert']> & { version: number },
) {
  const [before] = await gw.db.select().from(table as PgTable).where(eq(table.id, id));
  if (!before) throw notFound();
  return gw.transaction(async (tx) => {
    const { version, ...fields } = patch;
    const updated = await tx.db
      .update(table as PgTable)
      .set({ ...fields, version: sql`version + 1`, updatedAt: sql`now()` })
      .where(and(eq(table.id, id), eq(table.version, version)))
      .returning();
    assertVersionMatched(updated);
    await tx.audit({ action: 'update', entityType, entityId: id, changes: diff(before, fields) });
    return updated[0] as T['$inferSelect'];
  });
}

export function createRegion(gw: ScopedGateway, input: z.infer<typeof regionInput>) {
  return createPlace(gw, regions, 'region', input);
}

export function updateRegion(gw: ScopedGateway, id: string, patch: z.infer<typeof regionPatch>) {
  return updatePlace(gw, regions, 'region', id, patch);
}

export async function createMunicipality(gw: ScopedGateway, input: z.infer<typeof municipalityInput>) {
  await assertRegionExists(gw, input.regionId);
  return createPlace(gw, municipalities, 'municipality', input);
}

export async function updateMunicipality(gw: ScopedGateway, id: string, patch: z.infer<typeof municipalityPatch>) {
  await assertRegionExists(gw, patch.regionId);
  return updatePlace(gw, municipalities, 'municipality', id, patch);
}
