import { and, count, eq, getTableColumns, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Language } from '../../../common/roles';
import type {
  Organisation,
  OrganisationInput,
  OrganisationListQuery,
  OrganisationPatch,
} from '../../../common/schemas/organisation';
import type { Page } from '../../../common/schemas/list';
import { assertVersionMatched, diff, type ScopedGateway } from '../../access/gateway';
import { municipalities, organisationMunicipalities, organisations } from '../../db/schema';
import { afterKey, keysetBatches, keysetKey, mapBatches, type ExportSource } from '../../http/export';
import { invalidField, notFound } from '../../http/problem';
import { likePattern, offsetOf, orderBy } from '../../http/paging';

type OrganisationRow = typeof organisations.$inferSelect;

function filters(gw: ScopedGateway, query: Partial<OrganisationListQuery>): SQL | undefined {
  return and(
    gw.scope(organisations.id),
    query.kind ? eq(organisations.kind, query.kind) : undefined,
    query.municipalityId
      ? sql`${organisations.id} in (select organisation_id from ${organisationMunicipalities} where municipality_id = ${query.municipalityId})`
      : undefined,
    query.q
      ? or(
          ilike(organisations.nameKa, likePattern(query.q)),
          ilike(organisations.nameEn, likePattern(query.q)),
          ilike(organisations.shortName, likePattern(query.q)),
          ilike(organisations.registrationNumber, likePattern(query.q)),
        )
      : undefined,
  );
}

async function withMunicipalities(gw: ScopedGateway, rows: OrganisationRow[]): Promise<Organisation[]> {
  if (rows.length === 0) return [];
  const links = await gw.db
    .select()
    .from(organisationMunicipalities)
    .where(inArray(organisationMunicipalities.organisationId, rows.map((r) => r.id)));
  return rows.map((row) => ({
    ...row,
    municipalityIds: links.filter((l) => l.organisationId === row.id).map((l) => l.municipalityId),
  }));
}

export async function listOrganisations(
  gw: ScopedGateway,
  query: OrganisationListQuery,
  lang: Language,
): Promise<Page<Organisation>> {
  const where = filters(gw, query);
  const sortColumn = { name: lang === 'ka' ? organisations.nameKa : organisations.nameEn, kind: organisations.kind, createdAt: organisations.createdAt }[query.sort];
  const [rows, [total]] = await Promise.all([
    gw.db
      .select()
      .from(organisations)
      .where(where)
      .orderBy(orderBy(sortColumn, query.dir), organisations.id)
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    gw.db.select({ n: count() }).from(organisations).where(where),
  ]);
  return { items: await withMunicipalities(gw, rows), total: total?.n ?? 0, page: query.page, pageSize: query.pageSize };
}

/** Every organisation in scope matching the filters, by name in `lang`; municipalities once per batch. */
export function exportOrganisations(gw: ScopedGateway, query: Partial<OrganisationListQuery>, lang: Language): ExportSource<Organisation> {
  const where = filters(gw, query);
  const key = [lang === 'ka' ? organisations.nameKa : organisations.nameEn, organisations.id];
  return {
    batches: () =>
      mapBatches(
        keysetBatches((after, limit) =>
          gw.db
            .select({ ...getTableColumns(organisations), exportKey: keysetKey(key) })
            .from(organisations)
            .where(and(where, after === undefined ? undefined : afterKey(key, 'asc', after)))
            .orderBy(...key)
            .limit(limit),
        ),
        (rows) => withMunicipalities(gw, rows),
      ),
    count: async () => (await gw.db.select({ n: count() }).from(organisations).where(where))[0]?.n ?? 0,
  };
}

export async function getOrganisation(gw: ScopedGateway, id: string): Promise<Organisation> {
  const [row] = await gw.db
    .select()
    .from(organisations)
    .where(and(eq(organisations.id, id), gw.scope(organisations.id)));
  if (!row) throw notFound();
  const [withLinks] = await withMunicipalities(gw, [row]);
  return withLinks as Organisation;
}

async function assertMunicipalitiesExist(gw: ScopedGateway, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await gw.db.select({ id: municipalities.id }).from(municipalities).where(inArray(municipalities.id, ids));
  if (found.length !== new Set(ids).size) throw invalidField('municipalityIds', 'validation.unknownMunicipality');
}

async function replaceMunicipalities(gw: ScopedGateway, organisationId: string, ids: string[]): Promise<void> {
  await gw.db.delete(organisationMunicipalities).where(eq(organisationMunicipalities.organisationId, organisationId));
  const unique = [...new Set(ids)];
  if (unique.length) {
    await gw.db.insert(organisationMunicipalities).values(unique.map((municipalityId) => ({ organisationId, municipalityId })));
  }
}

export async function createOrganisation(gw: ScopedGateway, input: OrganisationInput): Promise<Organisation> {
  await assertMunicipalitiesExist(gw, input.municipalityIds);
  const id = await gw.transaction(async (tx) => {
    const { municipalityIds = [], ...fields } = input;
    const [row] = await tx.db.insert(organisations).values(fields).returning();
    if (!row) throw new Error('insert returned no row');
    await replaceMunicipalities(tx, row.id, municipalityIds);
    await tx.audit({
      action: 'create',
      entityType: 'organisation',
      entityId: row.id,
      organisationId: row.id,
      changes: diff({}, { ...fields, municipalityIds }),
    });
    return row.id;
  });
  return getOrganisation(gw, id);
}

export async function updateOrganisation(gw: ScopedGateway, id: string, patch: OrganisationPatch): Promise<Organisation> {
  const before = await getOrganisation(gw, id);
  // Changing what an organisation *is* stays with programme staff; a CSO edits its own details.
  if (patch.kind !== undefined && patch.kind !== before.kind && !gw.can('organisations.create')) {
    throw invalidField('kind', 'validation.notAllowed');
  }
  await assertMunicipalitiesExist(gw, patch.municipalityIds);
  await gw.transaction(async (tx) => {
    const { version, municipalityIds, ...fields } = patch;
    const updated = await tx.db
      .update(organisations)
      .set({ ...fields, version: sql`${organisations.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(organisations.id, id), eq(organisations.version, version), tx.scope(organisations.id)))
      .returning({ id: organisations.id });
    assertVersionMatched(updated);
    if (municipalityIds) await replaceMunicipalities(tx, id, municipalityIds);
    await tx.audit({
      action: 'update',
      entityType: 'organisation',
      entityId: id,
      organisationId: id,
      changes: diff(before as unknown as Record<string, unknown>, { ...fields, municipalityIds }),
    });
  });
  return getOrganisation(gw, id);
}
