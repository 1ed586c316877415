import { eq, inArray } from 'drizzle-orm';
import type { Organisation, OrganisationInput, OrganisationPatch } from '../../../common/schemas/organisation';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import { diff } from '../../audit/log';
import { invalidField } from '../../http/problem';
import { getOrganisation } from './queries';

const links = OWNED.organisationMunicipalities;

async function assertMunicipalitiesExist(gw: Gateway, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const { municipalities } = PROGRAMME;
  const found = await gw.programme.select({ id: municipalities.id }).from(municipalities).where(inArray(municipalities.id, ids));
  if (found.length !== new Set(ids).size) throw invalidField('municipalityIds', 'validation.unknownMunicipality');
}

async function replaceMunicipalities(gw: Gateway, organisationId: string, ids: string[]): Promise<void> {
  await gw.delete(links, eq(links.table.organisationId, organisationId));
  await gw.insertLinks(links, [...new Set(ids)].map((municipalityId) => ({ organisationId, municipalityId })));
}

export async function createOrganisation(gw: Gateway, input: OrganisationInput): Promise<Organisation> {
  await assertMunicipalitiesExist(gw, input.municipalityIds);
  const { municipalityIds = [], ...fields } = input;
  const id = await gw.transaction(async (tx) => {
    // Writes need the new organisation in the write scope, which only programme staff's covers.
    const row = await tx.insert(OWNED.organisations, fields, { changes: diff({}, { ...fields, municipalityIds }) });
    await replaceMunicipalities(tx, row.id, municipalityIds);
    return row.id;
  });
  return getOrganisation(gw, id);
}

export async function updateOrganisation(gw: Gateway, id: string, patch: OrganisationPatch): Promise<Organisation> {
  const before = await getOrganisation(gw, id);
  // Changing what an organisation *is*, or where it works (which moves its records in and out of
  // monitors' view), stays with programme staff; a CSO edits its own details.
  if (patch.kind !== undefined && patch.kind !== before.kind && !gw.can('organisations.create')) throw invalidField('kind', 'validation.notAllowed');
  const movesPlaces = patch.municipalityIds !== undefined && [...new Set(patch.municipalityIds)].sort().join() !== [...before.municipalityIds].sort().join();
  if (movesPlaces && !gw.can('organisations.placement')) throw invalidField('municipalityIds', 'validation.notAllowed');
  await assertMunicipalitiesExist(gw, patch.municipalityIds);
  const { version, municipalityIds, ...fields } = patch;
  await gw.transaction(async (tx) => {
    await tx.update(OWNED.organisations, id, { version, set: fields }, { changes: diff(before as unknown as Record<string, unknown>, { ...fields, municipalityIds }) });
    if (municipalityIds && movesPlaces) await replaceMunicipalities(tx, id, municipalityIds);
  });
  return getOrganisation(gw, id);
}
