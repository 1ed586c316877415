import { and, eq, getTableColumns, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Language } from '../../../common/roles';
import type { Organisation, OrganisationListQuery } from '../../../common/schemas/organisation';
import type { Page } from '../../../common/schemas/list';
import type { Gateway } from '../../access/gateway';
import { setHas } from '../../access/reach';
import { OWNED } from '../../access/registry';
import { mapBatches, type ExportSource } from '../../http/export';
import { byName } from '../../db/name-order';
import { likePattern, presentPage, type KeysetOrder } from '../../http/paging';

// Scoped reads of organisations, with the municipalities they work in.

const { organisations: orgs, organisationMunicipalities: links } = { organisations: OWNED.organisations.table, organisationMunicipalities: OWNED.organisationMunicipalities.table };
type OrganisationRow = typeof orgs.$inferSelect;

function filters(query: Partial<OrganisationListQuery>): SQL | undefined {
  return and(
    query.kind ? eq(orgs.kind, query.kind) : undefined,
    query.municipalityId ? sql`${orgs.id} in (select organisation_id from ${links} where municipality_id = ${query.municipalityId})` : undefined,
    query.q
      ? or(ilike(orgs.nameKa, likePattern(query.q)), ilike(orgs.nameEn, likePattern(query.q)), ilike(orgs.shortName, likePattern(query.q)), ilike(orgs.registrationNumber, likePattern(query.q)))
      : undefined,
  );
}

/**
 * The presenter: an organisation as every reader receives it (no personal fields live here), and
 * whether this reader may fill in forms for it at all (an active organisation in the gateway's write
 * reach, resolved once per request; what a given instrument is about narrows it further:
 * `GET /instruments/:id/fill-organisations`).
 */
async function present(gw: Gateway, rows: OrganisationRow[]): Promise<Organisation[]> {
  if (rows.length === 0) return [];
  const [found, reach] = await Promise.all([gw.rows(OWNED.organisationMunicipalities, { where: inArray(links.organisationId, rows.map((r) => r.id)) }), gw.reach()]);
  const fills = gw.can('responses.fill');
  return rows.map((row) => ({
    ...row,
    municipalityIds: found.filter((l) => l.organisationId === row.id).map((l) => l.municipalityId),
    // An inactive organisation takes no new forms (responses' TAKES_NEW_FORMS): none are offered for it.
    mayFillIn: fills && row.active && setHas(reach.write, row.id),
  }));
}

export async function listOrganisations(gw: Gateway, query: OrganisationListQuery, lang: Language): Promise<Page<Organisation>> {
  const where = filters(query);
  const name = lang === 'ka' ? orgs.nameKa : orgs.nameEn;
  const key: KeysetOrder['key'] = { name: [...byName(name), orgs.id], kind: [orgs.kind, ...byName(name), orgs.id], createdAt: [orgs.createdAt, orgs.id] }[query.sort];
  const page = await gw.page(OWNED.organisations, getTableColumns(orgs), { where, order: { key, dir: query.dir }, request: query, filter: query });
  return presentPage(page, (rows) => present(gw, rows));
}

export function exportOrganisations(gw: Gateway, query: Partial<OrganisationListQuery>, lang: Language): ExportSource<Organisation> {
  const source = gw.exportSource(OWNED.organisations, getTableColumns(orgs), { where: filters(query), key: [...byName(lang === 'ka' ? orgs.nameKa : orgs.nameEn), orgs.id], dir: 'asc', filter: query });
  return { count: source.count, batches: () => mapBatches(source.batches(), (rows) => present(gw, rows)) };
}

export async function getOrganisation(gw: Gateway, id: string): Promise<Organisation> {
  return (await present(gw, [await gw.find(OWNED.organisations, id)]))[0]!;
}
