import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Db } from '../db/client';
import { dataKeySpecs } from '../db/settings';
import { parseKeys } from './keys';

/**
 * Application-level encryption of the most sensitive values (personal numbers, case notes):
 * AES-256-GCM with the key id stored in each value, so a database dump alone reveals nothing
 * and keys can rotate (new values use the first key; old values name the key that sealed them).
 * Lookups by value go through a keyed hash (blind index) under a separate key.
 */
export interface KeyRing {
  /** Seals a value: `keyId:iv:tag:ciphertext` (base64url parts). */
  seal(plain: string): string;
  open(sealed: string): string;
  /** Keyed hash for equality lookups (blind index), stable across key rotation. */
  blindIndex(value: string): string;
}

export function keyRing(keys: Map<string, Buffer>, indexKey: Buffer): KeyRing {
  const [currentId, current] = [...keys.entries()][0]!;
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(':');
    },
    open(sealed) {
      const [id, iv, tag, data] = sealed.split(':');
      const key = id ? keys.get(id) : undefined;
      if (!key || !iv || !tag || data === undefined) throw new Error(`sealed value names an unknown key ${id ?? ''}`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    blindIndex(value) {
      return createHmac('sha256', indexKey).update(value).digest('base64url');
    },
  };
}

/** The key ring from the configuration (or the keys kept for development in app_settings). */
export async function keyRingFor(db: Db, config: { dataKeys?: string | undefined; blindIndexKey?: string | undefined }): Promise<KeyRing> {
  const specs = await dataKeySpecs(db, config);
  return keyRing(parseKeys(specs.dataKeys), Buffer.from(specs.blindIndexKey, 'base64'));
}
