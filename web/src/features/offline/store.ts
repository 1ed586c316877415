import Dexie, { type EntityTable } from 'dexie';
import type { OfflinePack } from '../../../../common/schemas/response';
import type { Value } from '../../../../common/instruments/expression-evaluator';
import type { Wire } from '../../api/wire';

// What this device keeps for work without a connection, in IndexedDB (Dexie): the instruments
// marked for offline use, the forms filled in here until they are sent, and their photos; the
// cases marked for offline use and the service sessions recorded for them until they are sent.
// Everything is the signed-in user's (`userId`); signing out deletes all of it (clearDevice).

export type Pack = Wire<OfflinePack>;

export interface KeptInstrument {
  instrumentId: string;
  userId: string;
  pack: Pack;
  /** The pack's ETag: a refresh sends it and downloads nothing while the pack is unchanged (304). */
  etag?: string;
  keptAt: string;
}

/**
 * An instrument this device kept until the server stopped handing it out (a test, taken in its
 * training since the release that stopped offering tests for offline use; an instrument no longer
 * published or no longer there for the user; a user who no longer fills in forms): the offline
 * page says so, and why, until the user has read it. Forms already filled in with it stay on the device.
 */
export interface WithdrawnInstrument {
  instrumentId: string;
  userId: string;
  titleKa: string;
  titleEn: string;
  purpose: Pack['instrument']['purpose'];
  /**
   * Why: refused for offline use (400), not found (404: no longer published, or no longer there for
   * this user) or forbidden (403: the user no longer fills in forms). Absent on notices kept before
   * it was recorded (they were all refusals).
   */
  cause?: 'refused' | 'notFound' | 'forbidden';
  /** The server's reason, in the language of the moment it was refused (shown when the app has no text of its own for it). */
  reason: string;
  withdrawnAt: string;
}

/** An organisation marked for offline use: offline forms are filled in for these (when any is kept). */
export interface KeptOrganisation {
  id: string;
  userId: string;
  nameKa: string;
  nameEn: string;
}

/** draft: being filled in; waiting/sending: in the outbox; sent; failed (with the reason); conflict (to resolve). */
export type FormStatus = 'draft' | 'waiting' | 'sending' | 'sent' | 'failed' | 'conflict';

export interface DeviceForm {
  /** The device's id, sent with every try: the server stores the form once however often it arrives. */
  id: string;
  userId: string;
  instrumentId: string;
  versionId: string;
  versionNumber: number;
  /**
   * The version's definition as JSON, kept with the form: the instrument may move on to a newer
   * version meanwhile. (A string also keeps Dexie's typed key paths off its recursive type.)
   */
  definitionJson: string;
  titleKa: string;
  titleEn: string;
  organisationId: string;
  organisationNameKa: string;
  organisationNameEn: string;
  answers: Record<string, Value>;
  status: FormStatus;
  reason?: string;
  /** The server version the submission is made against: 1 for a form created from this device. */
  baseVersion: number;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
}

export interface DeviceFile {
  /** The device's id for the file, also the answer to its question. */
  id: string;
  formId: string;
  question: string;
  filename: string;
  blob: Blob;
}

/** A service session recorded for a case on this device, as `PUT /cases/:caseId/sessions/:id` takes it. */
export interface SessionBody {
  kind: 'individual' | 'group';
  heldOn: string;
  minutes: number;
  serviceId: string | null;
  staffId: string | null;
  attended: boolean;
  notes: string;
}

/**
 * A session in the outbox: sent like a form (same statuses but `draft`), with the device's id so
 * that a repeated send stores it once. After it is sent its notes leave the device.
 */
export interface DeviceSession {
  id: string;
  userId: string;
  caseId: string;
  /** Shown in the outbox; the case's person as the case page named them. */
  personName: string;
  body: SessionBody;
  status: Exclude<FormStatus, 'draft'>;
  reason?: string;
  createdAt: string;
  updatedAt: string;
  sentAt?: string;
}

/** A case marked for offline use: enough to record a session for it without a connection. */
export interface KeptCase {
  caseId: string;
  userId: string;
  personName: string;
  services: { id: string; nameKa: string; nameEn: string }[];
  staff: { id: string; displayName: string }[];
  keptAt: string;
}

class OfflineDatabase extends Dexie {
  instruments!: EntityTable<KeptInstrument, 'instrumentId'>;
  organisations!: EntityTable<KeptOrganisation, 'id'>;
  forms!: EntityTable<DeviceForm, 'id'>;
  files!: EntityTable<DeviceFile, 'id'>;
  sessions!: EntityTable<DeviceSession, 'id'>;
  cases!: EntityTable<KeptCase, 'caseId'>;
  withdrawn!: EntityTable<WithdrawnInstrument, 'instrumentId'>;

  constructor() {
    super('ertad-offline');
    this.version(1).stores({ instruments: 'instrumentId, userId', organisations: 'id, userId', forms: 'id, userId, status, updatedAt', files: 'id, formId' });
    this.version(2).stores({ sessions: 'id, userId, caseId, status, updatedAt', cases: 'caseId, userId' });
    this.version(3).stores({ withdrawn: 'instrumentId, userId' });
  }
}

export const db = new OfflineDatabase();

export function definitionOf(form: Pick<DeviceForm, 'definitionJson'>): Pack['version']['definition'] {
  return JSON.parse(form.definitionJson) as Pack['version']['definition'];
}

/** A random (v4) UUID; crypto.randomUUID exists only on HTTPS and localhost, a local network may run on http. */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UNSENT: FormStatus[] = ['draft', 'waiting', 'sending', 'failed', 'conflict'];

/** Forms and sessions of this user not yet on the server (drafts included): what signing out would lose. */
export async function unsentCount(userId?: string): Promise<number> {
  const mine = (row: { userId: string }) => !userId || row.userId === userId;
  const [forms, sessions] = await Promise.all([
    db.forms.where('status').anyOf(UNSENT).filter(mine).count(),
    db.sessions.where('status').anyOf(UNSENT).filter(mine).count(),
  ]);
  return forms + sessions;
}

/**
 * Asks the browser to keep this site's storage under pressure (not clear it silently). Chrome
 * grants it to installed or often-used sites; the answer is shown on the offline page.
 */
export async function askPersistence(): Promise<boolean> {
  if (!navigator.storage?.persist) return false;
  if (await navigator.storage.persisted()) return true;
  return navigator.storage.persist();
}

/**
 * Signing out on a shared device: every form, photo and instrument this browser kept, the user
 * kept for offline start, and any Cache Storage other than the app's own code (the lessons and
 * lesson files opened for offline reading; no other API answers are cached).
 */
export async function clearDevice(): Promise<void> {
  const tables = [db.instruments, db.organisations, db.forms, db.files, db.sessions, db.cases, db.withdrawn];
  await db.transaction('rw', tables, async () => {
    await Promise.all(tables.map((table) => table.clear()));
  });
  if ('caches' in window) {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => !name.startsWith('workbox-precache')).map((name) => caches.delete(name)));
  }
}
