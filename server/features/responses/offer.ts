import { and } from 'drizzle-orm';
import { takenInTraining, type OrganisationToFill } from '../../../common/schemas/response';
import type { InstrumentPurpose } from '../../../common/schemas/instrument';
import type { Gateway } from '../../access/gateway';
import { inSet } from '../../access/reach';
import { OWNED } from '../../access/registry';
import { byName } from '../../db/name-order';
import { notFound } from '../../http/problem';
import { publishedForFilling } from '../instruments';
import { newResponseRow, TAKES_NEW_FORMS, testOutsideTraining } from './service';

const organisations = OWNED.organisations.table;

/**
 * The organisations a user may fill in an instrument's current version for: exactly those where
 * saving the new form would be accepted. Not only the write scope: what the form is about counts
 * (a screening is about a person, so only where the user sees that organisation's people; a
 * capacity assessment only where they work on capacity). So the candidates (the write scope's
 * organisations that take new forms) are put to the gateway as the very rows a save would insert
 * (`newResponseRow`), and it keeps those its insert check keeps (`Gateway.acceptedInserts`).
 * Names only: nothing personal. Every one, unpaged: bounded by the country's organisations (about
 * 1,100 at national scale, a few dozen kilobytes), and a device missing one could not fill forms for it.
 */
export async function organisationsToFillVersion(gw: Gateway, version: { id: string; purpose: InstrumentPurpose }): Promise<OrganisationToFill[]> {
  // A test is a participant's, started from its training: from here its save is always refused.
  if (takenInTraining(version.purpose)) throw testOutsideTraining('id');
  const reach = await gw.reach();
  const candidates = await gw.select(
    OWNED.organisations,
    { id: organisations.id, nameKa: organisations.nameKa, nameEn: organisations.nameEn, kind: organisations.kind },
    { where: and(inSet(organisations.id, reach.write), TAKES_NEW_FORMS), orderBy: [...byName(organisations.nameKa), organisations.id] },
  );
  const accepted = await gw.acceptedInserts(OWNED.responses, candidates.map((o) => newResponseRow(gw, version, o.id)));
  return candidates.filter((_, position) => accepted.has(position));
}

/** The same for an instrument: its current published version (404 while it has none). */
export async function organisationsToFill(gw: Gateway, instrumentId: string): Promise<OrganisationToFill[]> {
  const version = await publishedForFilling(gw, instrumentId);
  if (!version) throw notFound();
  return organisationsToFillVersion(gw, version);
}
