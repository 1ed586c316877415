import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, newKey, type Storage } from '../../server/storage';
import { startS3, type TestS3 } from '../support/s3';

// The S3 store against a server that speaks the S3 protocol (see support/s3.ts), as the app
// servers of a deployment share files through MinIO, Ceph RGW or a hosted bucket.
let s3: TestS3;
let storage: Storage;
const scratch = mkdtempSync(join(tmpdir(), 'ertad-s3-upload-'));
beforeAll(async () => {
  s3 = await startS3();
  storage = createStorage(s3.storage, scratch);
});
afterAll(async () => {
  await s3?.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function bytesOf(stream: Readable | null): Promise<Buffer | null> {
  if (!stream) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A finished upload waiting in the temporary directory, as `receive` leaves it. */
function waitingUpload(data: Buffer): string {
  const path = join(scratch, `upload-${randomBytes(4).toString('hex')}`);
  writeFileSync(path, data);
  return path;
}

describe('S3 storage', () => {
  it('keeps a file byte for byte, and serves byte ranges of it', async () => {
    // Several megabytes of random bytes (a video, say) with Georgian text at the start.
    const data = Buffer.concat([Buffer.from('ვიდეო გაკვეთილი — '), randomBytes(3 * 1024 * 1024 + 17)]);
    const key = newKey('lessons');
    const upload = waitingUpload(data);
    await storage.putFile(key, upload, data.length, 'video/mp4');
    // The bucket holds the bytes as sent: no transfer encoding or checksum trailer stored with them.
    expect((await bytesOf(await storage.read(key)))?.equals(data)).toBe(true);
    expect((await bytesOf(await storage.read(key, { start: 0, end: 9 })))?.equals(data.subarray(0, 10))).toBe(true);
    const middle = { start: 1_000_000, end: 1_999_999 };
    expect((await bytesOf(await storage.read(key, middle)))?.equals(data.subarray(middle.start, middle.end + 1))).toBe(true);
    // The waiting upload is gone once stored.
    expect(existsSync(upload)).toBe(false);
  });

  it('answers null for a key it does not hold, and forgets a removed file', async () => {
    expect(await storage.read(newKey('lessons'))).toBeNull();
    const key = newKey('exports');
    const csv = Buffer.from('id,label\n1,ა\n');
    await storage.putFile(key, waitingUpload(csv), csv.length, 'text/csv');
    expect((await bytesOf(await storage.read(key)))?.toString()).toBe('id,label\n1,ა\n');
    await storage.remove(key);
    expect(await storage.read(key)).toBeNull();
  });

  it('removes the waiting upload when the store refuses it', async () => {
    const refusing = createStorage({ ...s3.storage, bucket: 'no-such-bucket' }, scratch);
    const upload = waitingUpload(Buffer.from('%PDF-1.4\n'));
    await expect(refusing.putFile(newKey('lessons'), upload, 9, 'application/pdf')).rejects.toThrow();
    expect(existsSync(upload)).toBe(false);
  });
});
