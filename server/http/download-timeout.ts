import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';

/**
 * A streamed answer (an export, a file) whose client stops reading but keeps its connection open
 * would hold what feeds it for as long as the client stays: a database connection, and on
 * PostgreSQL one of the few COPY slots. Once the socket has moved nothing for `idleMs` (the
 * client reads nothing, so the kernel's buffers stay full and no write completes), the download
 * is given up: the socket is destroyed, which destroys the answer's stream and gives its
 * connection back. A slow client that keeps reading is never cut; the client of a cut download sees
 * an incomplete chunked answer, never a file that looks whole.
 */
export function registerDownloadIdleTimeout(app: FastifyInstance, idleMs: number): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (!(payload instanceof Readable)) return payload;
    const response = reply.raw;
    response.setTimeout(idleMs, () => {
      request.log.warn({ idleMs }, 'download given up: the client read nothing for too long');
      response.destroy();
    });
    return payload;
  });
}
