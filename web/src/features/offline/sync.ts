import type { Me } from '../../../../common/schemas/user';
import { api, ApiError, apiIfChanged, setCsrfToken, uploadFile } from '../../api/client';
import i18n from '../../i18n';
import { db, newId, type DeviceForm, type DeviceSession, type FormStatus, type KeptInstrument, type Pack, type SessionBody, type WithdrawnInstrument } from './store';

// Sending the outbox. Each form goes in three steps, each safe to repeat because every request
// carries the device's ids: create the form (PUT /responses/:id), upload its photos
// (?clientId=), submit. A send cut off at any point (connection lost, tab closed) is simply
// started again: the server answers a repeat with what it already has, never a second form.
// A case's service session goes in one step, PUT /cases/:caseId/sessions/:id, just as safe.

let running: Promise<void> | null = null;

/** Sends what waits (and, when asked, what failed); one run at a time in this tab, and across tabs where the browser has Web Locks. */
export function sendOutbox(options: { retryFailed?: boolean } = {}): Promise<void> {
  const locked = async (): Promise<void> => {
    if (navigator.locks) await navigator.locks.request('ertad-outbox', () => run(options));
    else await run(options);
  };
  const started = running ?? locked().finally(() => {
    running = null;
  });
  running = started;
  return started;
}

function reasonOf(error: ApiError): string {
  const fields = (error.problem.errors ?? []).map((e) => e.message);
  return [error.problem.detail ?? error.problem.title, ...fields].filter(Boolean).join(' · ');
}

async function run({ retryFailed = false }: { retryFailed?: boolean }) {
  if (!navigator.onLine) return;
  let me: Me | null;
  try {
    // A fresh session and CSRF token: the page may have been opened offline.
    ({ me } = await api<{ me: Me | null }>('GET', '/auth/session'));
  } catch {
    return;
  }
  const statuses = retryFailed ? ['waiting', 'sending', 'failed'] : ['waiting', 'sending'];
  if (!me) {
    const reason = i18n.t('offline.signInToSend');
    await db.forms.where('status').anyOf(statuses).modify((form) => {
      form.reason = reason;
    });
    return;
  }
  setCsrfToken(me.csrfToken);
  const userId = me.user.id;
  const forms = await db.forms.where('status').anyOf(statuses).filter((f) => f.userId === userId).sortBy('updatedAt');
  let connected = true;
  for (const form of forms) {
    if (!(connected = await sendOne(form))) break;
  }
  // Sessions recorded while this run goes are read again and sent by it too (each one tried once).
  const tried = new Set<string>();
  while (connected) {
    const sessions = await db.sessions.where('status').anyOf(statuses).filter((s) => s.userId === userId && !tried.has(s.id)).sortBy('updatedAt');
    if (sessions.length === 0) break;
    for (const session of sessions) {
      tried.add(session.id);
      if (!(connected = await sendSession(session))) break;
    }
  }
  await refreshPacks(userId);
}

/**
 * What a failed send leaves: waiting (no connection, or signed out: `stop` the run), a conflict
 * to resolve (409; for a session also 404, the case is no longer the user's), or failed with the
 * server's reason (a 400 the user corrects).
 */
function afterFailure(error: unknown, notFoundIsConflict = false): { status: Exclude<FormStatus, 'draft'>; reason?: string; stop: boolean } {
  if (!(error instanceof ApiError) || error.status === 0) return { status: 'waiting', stop: true };
  if (error.status === 401) return { status: 'waiting', reason: i18n.t('offline.signInToSend'), stop: true };
  if (error.status === 404 && notFoundIsConflict) return { status: 'conflict', reason: i18n.t('offline.caseGone'), stop: false };
  return { status: error.status === 409 ? 'conflict' : 'failed', reason: reasonOf(error), stop: false };
}

/** Sends one session; false when the connection is gone. Sent, its notes leave the device. */
async function sendSession(session: DeviceSession): Promise<boolean> {
  await db.sessions.update(session.id, { status: 'sending' });
  try {
    await api('PUT', `/cases/${session.caseId}/sessions/${session.id}`, session.body);
    await db.sessions.update(session.id, { status: 'sent', reason: undefined, body: { ...session.body, notes: '' }, sentAt: new Date().toISOString() });
    return true;
  } catch (error) {
    const { status, reason, stop } = afterFailure(error, true);
    await db.sessions.update(session.id, { status, ...(reason === undefined ? {} : { reason }) });
    return !stop;
  }
}

/** A session recorded on this device: into the outbox at once (nothing is lost if the tab closes); `sendOutbox` sends it when there is a connection. */
export async function keepSessionOnDevice(session: { userId: string; caseId: string; personName: string; body: SessionBody }): Promise<DeviceSession> {
  const now = new Date().toISOString();
  const stored: DeviceSession = { ...session, id: newId(), status: 'waiting', createdAt: now, updatedAt: now };
  await db.sessions.add(stored);
  return stored;
}

/** Tries a failed or conflicting session again (e.g. after the case was reopened or consent renewed). */
export async function retrySession(id: string): Promise<void> {
  await db.sessions.update(id, { status: 'waiting', reason: undefined, updatedAt: new Date().toISOString() });
  if (navigator.onLine) await sendOutbox();
}

export async function discardSession(id: string): Promise<void> {
  await db.sessions.delete(id);
}

/** Sends one form; false when the connection is gone (the rest waits for the next run). */
async function sendOne(form: DeviceForm): Promise<boolean> {
  await db.forms.update(form.id, { status: 'sending' });
  try {
    await api('PUT', `/responses/${form.id}`, { instrumentVersionId: form.versionId, organisationId: form.organisationId });
    const files = await db.files.where('formId').equals(form.id).toArray();
    for (const file of files) {
      if (form.answers[file.question] !== file.id) continue;
      const query = `question=${encodeURIComponent(file.question)}&clientId=${file.id}`;
      await uploadFile(`/responses/${form.id}/attachments?${query}`, new File([file.blob], file.filename, { type: file.blob.type }));
    }
    await api('POST', `/responses/${form.id}/submit`, { answers: form.answers, version: form.baseVersion });
    // Sent: the answers and photos leave the device; the outbox keeps only that it was sent.
    await db.transaction('rw', db.forms, db.files, async () => {
      await db.files.where('formId').equals(form.id).delete();
      await db.forms.update(form.id, { status: 'sent', answers: {}, reason: undefined, sentAt: new Date().toISOString() });
    });
    return true;
  } catch (error) {
    const { status, reason, stop } = afterFailure(error);
    await db.forms.update(form.id, { status, ...(reason === undefined ? {} : { reason }) });
    return !stop;
  }
}

/** Fetches what a device keeps to fill an instrument offline, and keeps it (with its ETag, for the refreshes). */
export async function keepInstrument(instrumentId: string, userId: string): Promise<Pack> {
  const { data: pack, etag } = (await apiIfChanged<Pack>(`/instruments/${instrumentId}/offline`, undefined))!;
  await db.transaction('rw', db.instruments, db.withdrawn, async () => {
    await db.instruments.put({ instrumentId, userId, pack, etag, keptAt: new Date().toISOString() });
    await db.withdrawn.delete(instrumentId);
  });
  return pack;
}

/**
 * Kept instruments follow newly published versions while there is a connection. Each is asked for
 * with the ETag kept with it: an unchanged pack costs a 304 and no body on a throttled line, and a
 * changed one (a new version published, the kept one retired, other organisations to fill it for)
 * arrives whole, which the conflict's "keep as a new form" relies on.
 */
async function refreshPacks(userId: string) {
  const kept = await db.instruments.where('userId').equals(userId).toArray();
  for (const instrument of kept) {
    try {
      const changed = await apiIfChanged<Pack>(`/instruments/${instrument.instrumentId}/offline`, instrument.etag);
      if (changed) await db.instruments.put({ instrumentId: instrument.instrumentId, userId, pack: changed.data, etag: changed.etag, keptAt: new Date().toISOString() });
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 0) return;
      // No longer handed out: removed from the device, and the offline page says which and why
      // (its forms stay on the device). 404: no longer published, or no longer there for this
      // user; 403: the user no longer fills in forms (a role taken away); 400: refused for offline
      // use (a test, kept before tests were taken only in their training).
      if (error.status === 404) await withdraw(instrument, 'notFound', reasonOf(error));
      else if (error.status === 403) await withdraw(instrument, 'forbidden', reasonOf(error));
      else if (error.status === 400 && error.problem.type === VALIDATION) await withdraw(instrument, 'refused', reasonOf(error));
    }
  }
}

const VALIDATION = 'urn:ertad:problem:validation';

/** A kept instrument the server no longer hands out: gone from the device, a notice in its place. Its forms stay (see OfflinePage). */
async function withdraw(instrument: KeptInstrument, cause: WithdrawnInstrument['cause'], reason: string) {
  const { pack } = instrument;
  await db.transaction('rw', db.instruments, db.withdrawn, async () => {
    await db.instruments.delete(instrument.instrumentId);
    await db.withdrawn.put({
      instrumentId: instrument.instrumentId,
      userId: instrument.userId,
      titleKa: pack.instrument.titleKa,
      titleEn: pack.instrument.titleEn,
      purpose: pack.instrument.purpose,
      cause,
      reason,
      withdrawnAt: new Date().toISOString(),
    });
  });
}

/**
 * A conflict resolved as "keep mine": the answers become a new form (a new id) of the version
 * the device now holds, back in the outbox.
 */
export async function keepAsNew(form: DeviceForm): Promise<void> {
  const kept = await db.instruments.get(form.instrumentId);
  const id = newId();
  await db.transaction('rw', db.forms, db.files, async () => {
    // The photos get new ids too: the old ones may already be stored with the old form.
    const answers = { ...form.answers };
    const files = await db.files.where('formId').equals(form.id).toArray();
    for (const file of files) {
      const fileId = newId();
      if (answers[file.question] === file.id) answers[file.question] = fileId;
      await db.files.delete(file.id);
      await db.files.add({ ...file, id: fileId, formId: id });
    }
    await db.forms.add({
      ...form,
      id,
      answers,
      versionId: kept?.pack.version.id ?? form.versionId,
      versionNumber: kept?.pack.version.number ?? form.versionNumber,
      definitionJson: kept ? JSON.stringify(kept.pack.version.definition) : form.definitionJson,
      status: 'waiting',
      reason: undefined,
      baseVersion: 1,
      updatedAt: new Date().toISOString(),
    });
    await db.forms.delete(form.id);
  });
}

export async function discardForm(id: string): Promise<void> {
  await db.transaction('rw', db.forms, db.files, async () => {
    await db.files.where('formId').equals(id).delete();
    await db.forms.delete(id);
  });
}
