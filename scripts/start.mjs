// `npm start`, the way to try Ertad on a laptop: builds whatever is missing or older than its
// sources (the web app with Vite; the server with esbuild, about a second), then runs the compiled
// server. Plain JavaScript starts in about half the time of TypeScript compiled on the fly
// (bench/README.md, start time); `npm run dev` is the way to work on the code.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when `built` is missing, or older than a file under `sources` (that exist: a packaged install may have none). */
function stale(built, sources) {
  if (!existsSync(built)) return true;
  const present = sources.filter((dir) => existsSync(dir));
  return present.length > 0 && Math.max(...present.map(newestMtime)) > statSync(built).mtimeMs;
}

const node = (args) => execFileSync(process.execPath, args, { stdio: 'inherit' });

if (stale('dist/web/index.html', ['web', 'common'])) {
  console.log('Building the web app (first start, or its sources changed)…');
  node(['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
}
if (stale('dist/server/main.js', ['server', 'common'])) node(['scripts/build-server.mjs']);

await import(pathToFileURL(resolve('dist/server/main.js')).href);
