import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type * as S3 from '@aws-sdk/client-s3';
import type { StorageConfig } from '../config';
import type { Store } from './index';

/**
 * An S3-compatible bucket (AWS S3, MinIO, Ceph RGW, ...), through the AWS SDK. The SDK is loaded
 * with the first file stored or read, not at start (it costs a third of a second to import, and
 * installations on local storage never need it).
 */
export function s3Store(config: Extract<StorageConfig, { kind: 's3' }>): Store {
  let connected: Promise<{ sdk: typeof S3; client: S3.S3Client }> | undefined;
  const connect = () =>
    (connected ??= import('@aws-sdk/client-s3').then((sdk) => ({
      sdk,
      client: new sdk.S3Client({
        region: config.region,
        forcePathStyle: config.forcePathStyle,
        // The SDK otherwise sends every upload as `aws-chunked` with a checksum trailer, which AWS
        // and recent MinIO decode but other S3-compatible stores keep as part of the file: a
        // lesson video would come back with chunk sizes and a checksum line inside it.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        // Downloads, likewise, are not checked against a checksum such stores may not keep (the
        // bytes still travel under TCP's checks, and TLS's with an https endpoint).
        responseChecksumValidation: 'WHEN_REQUIRED',
        ...(config.endpoint ? { endpoint: config.endpoint } : {}),
        ...(config.accessKeyId && config.secretAccessKey ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } } : {}),
      }),
    })));
  return {
    async putFile(key, path, size, contentType) {
      try {
        const { sdk, client } = await connect();
        await client.send(new sdk.PutObjectCommand({ Bucket: config.bucket, Key: key, Body: createReadStream(path), ContentLength: size, ContentType: contentType }));
      } finally {
        await rm(path, { force: true });
      }
    },
    async read(key, range) {
      const { sdk, client } = await connect();
      try {
        const out = await client.send(new sdk.GetObjectCommand({ Bucket: config.bucket, Key: key, ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}) }));
        return (out.Body as Readable | undefined) ?? null;
      } catch (error) {
        if (error instanceof sdk.NoSuchKey) return null;
        throw error;
      }
    },
    async remove(key) {
      const { sdk, client } = await connect();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: config.bucket, Key: key }));
    },
  };
}
