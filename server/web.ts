import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const webDistDir = join(process.cwd(), 'dist', 'web');

/**
 * Serves the built SPA. Unknown non-API GETs that want HTML get index.html so client-side
 * routes survive a reload; everything else falls through to the problem+json 404.
 */
export async function registerWeb(app: FastifyInstance): Promise<boolean> {
  if (!existsSync(join(webDistDir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: webDistDir,
    wildcard: false,
    // The build writes a .br and a .gz beside every text file (web/vite.config.ts): sent as they
    // are to a browser that accepts them, so @fastify/compress leaves them alone.
    preCompressed: true,
    setHeaders: (res, path) => {
      // Hashed assets never change; index.html must always be fresh.
      res.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  return true;
}

export function wantsSpa(method: string, url: string, accept: string | undefined): boolean {
  return method === 'GET' && !url.startsWith('/api/') && (accept ?? '').includes('text/html');
}
