import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { DEFAULT_SUBJECT_TYPE, type deviceResponseInput, type OfflinePack } from '../../../common/schemas/response';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { HttpProblem, notFound } from '../../http/problem';
import { offlinePack, versionForFilling } from '../instruments';
import { organisationsToFillVersion } from './offer';
import { getResponse } from './queries';
import { assertTakesNewForms, newResponseRow, testOutsideTraining } from './service';

// Forms filled on a device without a connection arrive later, maybe more than once (a send cut
// off half-way is sent again). Each carries the id the device gave it, so the server treats the
// same id twice as once, and tells a real conflict (a version retired, a draft changed here
// meanwhile, an id that is someone else's) from a repeat.

const responses = OWNED.responses.table;

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
  await assertTakesNewForms(gw, input.organisationId);
  const row = newResponseRow(gw, version, input.organisationId, { id, label: input.label, subject: { type: subjectType } });
  try {
    await gw.insert(OWNED.responses, row, { changes: { subject: { to: subjectType }, device: { to: true } } });
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
 * the user may fill it for: the same list as the fill-in picker online (`organisationsToFill`),
 * where saving the form would be accepted. Names only: nothing personal.
 */
export async function offlinePackFor(gw: Gateway, instrumentId: string): Promise<OfflinePack> {
  const pack = await offlinePack(gw, instrumentId);
  const organisations = await organisationsToFillVersion(gw, { id: pack.versionId, purpose: pack.purpose });
  return {
    instrument: { id: pack.id, code: pack.code, purpose: pack.purpose, titleKa: pack.titleKa, titleEn: pack.titleEn },
    version: { id: pack.versionId, number: pack.number, definition: pack.definition },
    organisations,
  };
}
