import Dexie, { type EntityTable } from 'dexie';
import type { OfflinePack } from '../../../../common/schemas/response';
import type { Value } from '../../../../common/instruments/expression-evaluator';
import type { Wire } from '../../api/wire';

// What this device keeps for work without a connection, in IndexedDB (Dexie): the instruments
// marked for offline use, the forms filled in here until they are sent, and their photos.
// Everything is the signed-in user's (`userId`); signing out deletes all of it (clearDevice).

export type Pack = Wire<OfflinePack>;

export interface KeptInstrument {
  instrumentId: string;
  userId: string;
  pack: Pack;
  keptAt: string;
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

class OfflineDatabase extends Dexie {
  instruments!: EntityTable<KeptInstrument, 'instrumentId'>;
  organisations!: EntityTable<KeptOrganisation, 'id'>;
  forms!: EntityTable<DeviceForm, 'id'>;
  files!: EntityTable<DeviceFile, 'id'>;

  constructor() {
    super('ertad-offline');
    this.version(1).stores({ instruments: 'instrumentId, userId', organisations: 'id, userId', forms: 'id, userId, status, updatedAt', files: 'id, formId' });
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

/** Forms of this user not yet on the server (drafts included): what signing out would lose. */
export function unsentCount(userId?: string): Promise<number> {
  const unsent = db.forms.where('status').anyOf(UNSENT);
  return userId ? unsent.filter((f) => f.userId === userId).count() : unsent.count();
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
  await db.transaction('rw', [db.instruments, db.organisations, db.forms, db.files], async () => {
    await Promise.all([db.instruments.clear(), db.organisations.clear(), db.forms.clear(), db.files.clear()]);
  });
  if ('caches' in window) {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => !name.startsWith('workbox-precache')).map((name) => caches.delete(name)));
  }
}
