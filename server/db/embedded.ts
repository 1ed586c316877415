import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// Starting the embedded database's process needs nothing but Node itself, so that the server's
// entry can start it before loading its own code (see `server/main.ts`).

/** Where the embedded database keeps its files unless ERTAD_DATA_DIR says otherwise. */
export const DEFAULT_DATA_DIR = './data';

/** The embedded database's process, serving the PostgreSQL wire protocol on a Unix socket in `socketDir`. */
export interface EmbeddedServer {
  socketDir: string;
  /** Asks the process to flush and close the data directory, and waits until it has. */
  stop(): Promise<void>;
}

/** Forks `pglite-process.ts` on `dataDir` and resolves once it accepts connections. */
export async function startEmbeddedServer(dataDir: string): Promise<EmbeddedServer> {
  const socketDir = mkdtempSync(join(tmpdir(), 'ertad-db-'));
  // From source the child is TypeScript, loaded by tsx like the rest of the server; the compiled
  // server has it next to main.js, and plain Node runs it.
  const compiled = import.meta.url.endsWith('.js');
  const script = new URL(compiled ? './pglite-process.js' : './pglite-process.ts', import.meta.url).pathname;
  const child = fork(script, [dataDir, join(socketDir, '.s.PGSQL.5432')], {
    execArgv: compiled ? [] : ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const removeSocketDir = () => rmSync(socketDir, { recursive: true, force: true });
  try {
    await new Promise<void>((resolve, reject) => {
      child.once('message', (message: { ready?: boolean; error?: string }) =>
        message.ready ? resolve() : reject(new Error(`embedded database: ${message.error ?? 'failed to start'}`)),
      );
      child.once('exit', (code) => reject(new Error(`embedded database exited during start (code ${code})`)));
    });
  } catch (error) {
    removeSocketDir();
    throw error;
  }
  return {
    socketDir,
    stop: async () => {
      if (child.exitCode === null && child.connected) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.send('close');
        await exited;
      }
      removeSocketDir();
    },
  };
}
