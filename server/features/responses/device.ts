import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { DEFAULT_SUBJECT_TYPE, takenInTraining, type deviceResponseInput, type OfflinePack } from '../../../common/schemas/response';
import type { Gateway } from '../../access/gateway';
import { inSet } from '../../access/reach';
import { OWNED } from '../../access/registry';
import { HttpProblem, notFound } from '../../http/problem';
import { offlinePack, versionForFilling } from '../instruments';
import { getResponse } from './queries';
import { testOutsideTraining } from './service';
import { byName } from '../../db/name-order';

// Forms filled on a device without a connection arrive later, maybe more than once (a send cut
// off half-way is sent again). Each carries the id the device gave it, so the server treats the
// same id twice as once, and tells a real conflict (a version retired, a draft changed here
// meanwhile, an id that is someone else's) from a repeat.

const responses = OWNED.responses.table;
const organisations = OWNED.organisations.table;

/** Unique violation: the id exists, maybe where the actor cannot see it. */
function isDuplicate(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '23505') return true;
  return false;
}

type DeviceResponse = z.infer<typeof deviceResponseInput>;

/** The form already stored under this id, when it is the same one the device sent; a conflict when the id is used otherwise. */
async function existing(gw: Gateway, id: string, input: DeviceResponse) {
  const [row] = await gw.select(
    OWNED.responses,
    { createdBy: responses.createdBy, instrumentVersionId: responses.instrumentVersionId, organisationId: responses.organisationId },
    { where: eq(responses.id, id), purpose: 'check' },
  );
  if (!row) return undefined;
  // Someone else's form, or another form under the same id: nothing of it is returned.
  if (row.createdBy !== gw.actor.userId || row.instrumentVersionId !== input.instrumentVersionId || row.organisationId !== input.organisationId) {
    throw new HttpProblem('conflict', [], 'responses.idTaken');
  }
  return getResponse(gw, id);
}

/** Creates the draft under the device's id, or returns it when it was created by an earlier send. */
export async function putDeviceResponse(gw: Gateway, id: string, input: DeviceResponse): Promise<{ created: boolean; body: Awaited<ReturnType<typeof getResponse>> }> {
  const found = await existing(gw, id, input);
  if (found) return { created: false, body: found };
  const version = await versionForFilling(gw, input.instrumentVersionId);
  if (!version) throw new HttpProblem('validation', [{ field: 'instrumentVersionId', key: 'instruments.notPublished' }]);
  if (!version.current) throw new HttpProblem('conflict', [], 'responses.versionRetired');
  const subjectType = input.subjectType ?? DEFAULT_SUBJECT_TYPE[version.purpose];
  if (subjectType === 'participant') throw testOutsideTraining('instrumentVersionId');
  try {
    await gw.insert(OWNED.responses, {
      id,
      instrumentVersionId: version.id,
      organisationId: input.organisationId,
      label: input.label,
      subjectType,
      subjectId: subjectType === 'organisation' ? input.organisationId : null,
      createdBy: gw.actor.userId,
    }, { changes: { subject: { to: subjectType }, device: { to: true } } });
  } catch (error) {
    if (!isDuplicate(error)) throw error;
    // Sent twice at once: the other request created it. Out of the actor's scope: as if absent.
    const raced = await existing(gw, id, input);
    if (!raced) throw notFound();
    return { created: false, body: raced };
  }
  return { created: true, body: await getResponse(gw, id) };
}

/**
 * What a device pulls to fill an instrument offline: the version to fill, and the organisations
 * the user may fill it for (their write scope, through the gateway). Names only: nothing personal.
 * Every one of them, unpaged: the list is bounded by the country's organisations (about 1,100 at
 * national scale, a few dozen kilobytes), and a device missing one could not fill forms for it.
 */
export async function offlinePackFor(gw: Gateway, instrumentId: string): Promise<OfflinePack> {
  const pack = await offlinePack(gw, instrumentId);
  if (takenInTraining(pack.purpose)) throw testOutsideTraining('id');
  const reach = await gw.reach();
  const writable = await gw.select(
    OWNED.organisations,
    { id: organisations.id, nameKa: organisations.nameKa, nameEn: organisations.nameEn, kind: organisations.kind },
    { where: and(inSet(organisations.id, reach.write), eq(organisations.active, true)), orderBy: [...byName(organisations.nameKa), organisations.id] },
  );
  return {
    instrument: { id: pack.id, code: pack.code, purpose: pack.purpose, titleKa: pack.titleKa, titleEn: pack.titleEn },
    version: { id: pack.versionId, number: pack.number, definition: pack.definition },
    organisations: writable,
  };
}
