/**
 * The keys of the configuration's ERTAD_DATA_KEYS and ERTAD_BLIND_INDEX_KEY, read without the rest
 * of the crypto code: the configuration checks them before anything touches the database.
 */

/** A key written as base64 (or base64url) of exactly 32 bytes, as `openssl rand -base64 32` prints it. */
export function decodeKey32(text: string): Buffer | undefined {
  const key = Buffer.from(text, 'base64');
  // Node's decoder skips what is not base64, so a placeholder could pass on its length alone.
  const canonical = key.toString('base64') === text || key.toString('base64url') === text.replace(/=+$/, '');
  return key.length === 32 && canonical ? key : undefined;
}

/** Parses `id:base64key,id2:base64key` (each key 32 bytes); the first key seals new values. */
export function parseKeys(spec: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const at = part.indexOf(':');
    const id = part.slice(0, at);
    const key = decodeKey32(part.slice(at + 1));
    if (at < 1 || !/^[\w-]+$/.test(id) || !key) throw new Error('ERTAD_DATA_KEYS: each entry is id:base64 of 32 bytes');
    keys.set(id, key);
  }
  if (keys.size === 0) throw new Error('ERTAD_DATA_KEYS: no key');
  return keys;
}
