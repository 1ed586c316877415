// `npm run build` (server half): compiles server/main.ts and server/cli.ts, with everything they
// import from server/ and common/, into plain JavaScript in dist/server. Packages from
// node_modules stay external (installed with `npm ci --omit=dev`), so production runs with Node
// alone: no tsx, no Vite, no TypeScript. The SQL migrations are copied next to the code, where
// server/db/migrate.ts looks for them at run time.
import { cpSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const outdir = 'dist/server';
rmSync(outdir, { recursive: true, force: true });
await build({
  // The embedded database's child process is its own entry: main.js forks it by file name.
  entryPoints: { main: 'server/main.ts', cli: 'server/cli.ts', 'pglite-process': 'server/db/pglite-process.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20.19',
  format: 'esm',
  // main.js loads the rest of the server with a dynamic import, after starting the embedded
  // database; as a separate chunk, that code (and the packages it imports) loads only then.
  splitting: true,
  // Chunks sit beside main.js: code that finds files by import.meta.url (the migrations, the
  // database's process) looks in the same directory wherever esbuild put it.
  chunkNames: '[name]-[hash]',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
cpSync('server/db/migrations', `${outdir}/migrations`, { recursive: true });
console.log(`Server compiled to ${outdir}/ (main.js, cli.js, pglite-process.js, their shared chunks, migrations/)`);
