import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import type { StorageConfig } from '../config';
import { s3Store } from './s3';

/**
 * File storage for large files (lesson material: PDF, slides, video, up to 100 MB). Bytes never
 * go into PostgreSQL rows: they stream to a local directory under the data directory, or to an
 * S3-compatible object store so that several app servers share them (ERTAD_STORAGE=s3).
 * Uploads stream through a temporary file (checked by size while streaming, then by magic
 * bytes), reads stream out with byte ranges for video and PDF viewers.
 */
export interface ByteRange {
  start: number;
  end: number;
}

export interface Store {
  /** Moves a finished temporary file into the store under `key`. */
  putFile(key: string, path: string, size: number, contentType: string): Promise<void>;
  /** The bytes of `key` (all, or one range); null when there is no such object. */
  read(key: string, range?: ByteRange): Promise<Readable | null>;
  remove(key: string): Promise<void>;
}

export interface Storage extends Store {
  /** Where uploads wait while they are checked (always local). */
  tmpDir: string;
}

/** A key is ours alone: random, no path separators from outside. */
export const newKey = (prefix: string) => `${prefix}/${randomUUID()}`;

function localStore(dir: string): Store {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error('storage key escapes the storage directory');
    return path;
  };
  return {
    async putFile(key, path) {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      await rename(path, target);
    },
    async read(key, range) {
      const path = pathOf(key);
      try {
        await stat(path);
      } catch {
        return null;
      }
      return createReadStream(path, range ? { start: range.start, end: range.end } : {});
    },
    async remove(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

export function createStorage(config: StorageConfig, dataDir: string): Storage {
  const store = config.kind === 'local' ? localStore(config.dir) : s3Store(config);
  // The temporary directory sits next to local files (so the final move is a rename), or under the data directory.
  return { ...store, tmpDir: join(config.kind === 'local' ? config.dir : dataDir, '.uploads') };
}

export class TooLarge extends Error {}

/**
 * Streams `source` into a temporary file, stopping as soon as it passes `maxBytes`. Returns the
 * path and size; the caller moves it into the store or deletes it.
 */
export async function receive(storage: Storage, source: Readable, maxBytes: number): Promise<{ path: string; size: number }> {
  await mkdir(storage.tmpDir, { recursive: true });
  const path = join(storage.tmpDir, randomUUID());
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) done(new TooLarge());
      else done(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, size };
}

/** The content type of a received file by its magic bytes when it is one of `allowed`, else null. */
export async function detectType(path: string, allowed: readonly string[]): Promise<string | null> {
  const detected = await fileTypeFromFile(path);
  return detected && allowed.includes(detected.mime) ? detected.mime : null;
}

export async function discard(path: string): Promise<void> {
  await rm(path, { force: true });
}

/**
 * Parses a single `Range: bytes=a-b` header against a file of `size` bytes. Undefined: send it
 * all; 'unsatisfiable': answer 416. Several ranges are answered with the whole file.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined | 'unsatisfiable' {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return undefined;
  const [, from, to] = match;
  if (from === '' && to === '') return undefined;
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (start > end || start >= size) return 'unsatisfiable';
  return { start, end };
}
