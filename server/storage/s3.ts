import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { StorageConfig } from '../config';
import type { Store } from './index';

/** An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...), through the AWS SDK. */
export function s3Store(config: Extract<StorageConfig, { kind: 's3' }>): Store {
  const client = new S3Client({
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(config.accessKeyId && config.secretAccessKey ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } } : {}),
  });
  return {
    async putFile(key, path, size, contentType) {
      try {
        await client.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: createReadStream(path), ContentLength: size, ContentType: contentType }));
      } finally {
        await rm(path, { force: true });
      }
    },
    async read(key, range) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: config.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
        return (out.Body as Readable | undefined) ?? null;
      } catch (error) {
        if (error instanceof NoSuchKey) return null;
        throw error;
      }
    },
    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }));
    },
  };
}
