import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { devNull } from 'node:os';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';

// Backups are plain SQL from pg_dump, with multi-row INSERTs rather than COPY, so one file
// restores into either engine: a PGlite backup is also the way to move to a PostgreSQL server.
const DUMP_ARGS = ['--no-owner', '--no-privileges', '--rows-per-insert=1000'];

export interface Target {
  /** PostgreSQL server URL; without it, the PGlite data directory. */
  url?: string;
  dataDir: string;
}

/** Lines a PostgreSQL server may not know: PGlite's pg_dump (18) sets `transaction_timeout` (17+). */
const NEWER_SETTINGS = /^SET transaction_timeout = 0;$/;

function run(command: string, args: string[], input?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'inherit', 'inherit'] });
    if (input !== undefined) {
      const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
      void pipeline(
        Readable.from((async function* () {
          for await (const line of lines) if (!NEWER_SETTINGS.test(line)) yield `${line}\n`;
        })()),
        child.stdin!,
      ).catch((error: NodeJS.ErrnoException) => {
        // EPIPE: psql stopped reading because it failed; its exit code says so. Anything else
        // (the file could not be read) must not let psql commit half a script: stop it.
        if (error.code !== 'EPIPE') {
          child.kill('SIGTERM');
          reject(error);
        }
      });
    }
    child.on('error', (error) => reject(new Error(`${command} could not be started (${error.message}); install the PostgreSQL client tools`)));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with code ${code}`))));
  });
}

/** Writes a SQL dump of the whole database (schema, data, migration history) to `file`. */
export async function backupDatabase(target: Target, file: string): Promise<void> {
  if (target.url) return run('pg_dump', [...DUMP_ARGS, '--file', file, target.url]);
  if (!existsSync(target.dataDir)) throw new Error(`No PGlite database in ${target.dataDir}.`);
  const pg = await PGlite.create(target.dataDir, { extensions: { pg_trgm } });
  try {
    const dump = await pgDump({ pg, args: DUMP_ARGS });
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await pg.close();
  }
}

/** Restores a dump from `backupDatabase` into an empty database; a non-empty one is refused. */
export async function restoreDatabase(target: Target, file: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`No backup file ${file}.`);
  // Streamed through a filter (see NEWER_SETTINGS), so a PGlite backup restores into PostgreSQL 14+.
  // The script's own SELECTs (set_config, setval) print result tables: psql's output goes nowhere,
  // its errors still to stderr.
  if (target.url) return run('psql', ['--quiet', '--no-psqlrc', '--set', 'ON_ERROR_STOP=1', '--single-transaction', '--output', devNull, '--file', '-', target.url], file);
  if (existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0) {
    throw new Error(`${target.dataDir} is not empty; restore into a new data directory (ERTAD_DATA_DIR), then point Ertad at it.`);
  }
  // psql meta-commands (newer pg_dump writes \restrict … \unrestrict around the script) mean
  // nothing to PGlite, which runs the SQL itself.
  const script = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .join('\n');
  const pg = await PGlite.create(target.dataDir, { extensions: { pg_trgm } });
  try {
    await pg.transaction(async (tx) => {
      await tx.exec(script);
    });
  } finally {
    await pg.close();
  }
}
