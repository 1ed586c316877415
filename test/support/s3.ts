import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { StorageConfig } from '../../server/config';

export interface TestS3 {
  /** The storage configuration that points Ertad at this server's bucket. */
  storage: Extract<StorageConfig, { kind: 's3' }>;
  close(): Promise<void>;
}

/**
 * A real S3-compatible server (s3rver: the S3 REST protocol over HTTP, objects in a temporary
 * directory) on a free local port, with one empty bucket. Ertad talks to it through the AWS SDK
 * exactly as it would to MinIO or a hosted store, so what the SDK sends on the wire is tested too.
 */
export async function startS3(bucket = 'ertad-test'): Promise<TestS3> {
  const directory = mkdtempSync(join(tmpdir(), 'ertad-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  return {
    storage: {
      kind: 's3',
      bucket,
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      // s3rver's fixed development credentials.
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
