import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createStorage, parseRange, receive, TooLarge } from '../../server/storage';

describe('file storage', () => {
  const storage = createStorage({ kind: 'local', dir: join(mkdtempSync(join(tmpdir(), 'ertad-storage-')), 'files') }, '/nonexistent');

  it('streams an upload in, stopping at the size limit', async () => {
    const ok = await receive(storage, Readable.from([Buffer.alloc(600), Buffer.alloc(400)]), 1000);
    expect(ok.size).toBe(1000);
    await expect(receive(storage, Readable.from([Buffer.alloc(600), Buffer.alloc(401)]), 1000)).rejects.toBeInstanceOf(TooLarge);
  });

  it('keeps files under their keys and reads byte ranges back', async () => {
    const got = await receive(storage, Readable.from([Buffer.from('0123456789')]), 100);
    await storage.putFile('lessons/a', got.path, got.size, 'text/plain');
    const chunks: Buffer[] = [];
    for await (const chunk of (await storage.read('lessons/a', { start: 2, end: 4 }))!) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('234');
    expect(await storage.read('lessons/missing')).toBeNull();
    await expect(storage.putFile('../escape', got.path, 1, 'text/plain')).rejects.toThrow();
    expect(() => readFileSync(got.path)).toThrow();
  });

  it('parses Range headers', () => {
    expect(parseRange(undefined, 10)).toBeUndefined();
    expect(parseRange('bytes=0-3', 10)).toEqual({ start: 0, end: 3 });
    expect(parseRange('bytes=5-', 10)).toEqual({ start: 5, end: 9 });
    expect(parseRange('bytes=-4', 10)).toEqual({ start: 6, end: 9 });
    expect(parseRange('bytes=8-100', 10)).toEqual({ start: 8, end: 9 });
    expect(parseRange('bytes=10-', 10)).toBe('unsatisfiable');
    expect(parseRange('bytes=0-1,3-4', 10)).toBeUndefined();
  });
});
