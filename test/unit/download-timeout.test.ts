import { request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerDownloadIdleTimeout } from '../../server/http/download-timeout';

const IDLE_MS = 500;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

let app: FastifyInstance;
afterEach(() => app.close());

/** A server whose `/file` streams `source` (and `/json` answers in JSON), listening on loopback. */
async function serve(source: () => Readable) {
  app = Fastify();
  registerDownloadIdleTimeout(app, IDLE_MS);
  app.get('/file', (_request, reply) => reply.type('text/csv').send(source()));
  app.get('/json', async () => {
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 2));
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as AddressInfo).port;
}

/** A stream that never ends and says when it was destroyed (what gives a COPY's connection back). */
function endless() {
  const state = { destroyed: false };
  const stream = new Readable({
    read() {
      this.push(CHUNK);
    },
    destroy(error, callback) {
      state.destroyed = true;
      callback(error);
    },
  });
  return { stream, state };
}

describe('a download its client stops reading', () => {
  it('is given up once the connection has been idle for the configured time, and its source is destroyed', async () => {
    const { stream, state } = endless();
    const port = await serve(() => stream);
    const started = Date.now();
    const response = await new Promise<IncomingMessage>((resolve) => request({ port, path: '/file' }, resolve).end());
    // The client stays connected but reads nothing: the kernel's buffers fill and writes stop.
    response.pause();
    await expect.poll(() => state.destroyed, { timeout: 5_000 }).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS);
    const connections = () => new Promise<number>((resolve, reject) => app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
    await expect.poll(connections, { timeout: 2_000 }).toBe(0);
    // Reading again, the client gets what was buffered, then the end of an answer that never completed.
    const complete = await new Promise<boolean>((resolve) => {
      response.on('close', () => resolve(response.complete));
      response.on('error', () => undefined);
      response.resume();
    });
    expect(complete, 'the client can tell the file is incomplete').toBe(false);
  });

  it('is not cut while the client keeps reading, however slowly', async () => {
    // 16 MiB, more than the kernel buffers between the two, read with a pause after each MiB:
    // the download lasts several idle times, but the socket never idles that long.
    const chunks = 256;
    const port = await serve(() => Readable.from(Array.from({ length: chunks }, () => CHUNK)));
    const started = Date.now();
    const received = await new Promise<number>((resolve, reject) => {
      request({ port, path: '/file' }, (response) => {
        let total = 0;
        let sincePause = 0;
        response.on('data', (chunk: Buffer) => {
          total += chunk.length;
          sincePause += chunk.length;
          if (sincePause < 1024 * 1024) return;
          sincePause = 0;
          response.pause();
          setTimeout(() => response.resume(), IDLE_MS / 4);
        });
        response.on('end', () => resolve(total));
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(received).toBe(chunks * CHUNK.length);
    expect(Date.now() - started, 'the download outlived the idle time').toBeGreaterThan(IDLE_MS * 2);
  });

  it('does not apply to answers that are not streamed (a slow JSON answer is not a stalled download)', async () => {
    const port = await serve(() => Readable.from([]));
    const body = await new Promise<string>((resolve, reject) => {
      request({ port, path: '/json' }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve(text));
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
    expect(JSON.parse(body)).toEqual({ ok: true });
  });
});
