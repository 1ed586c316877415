import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { findOnPath } from './browser';
import { installDebianPackages } from './debian-packages';
import { freePort } from './server-process';

export interface PgBouncer {
  /** `databaseUrl` with the pooler's address instead of the server's. */
  url(databaseUrl: string): string;
  close(): Promise<void>;
}

const searchPath = { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin` };

function pgbouncerBinary(): string {
  const found = findOnPath('pgbouncer', searchPath);
  if (found) return found;
  const failure = installDebianPackages(['pgbouncer']);
  const installed = findOnPath('pgbouncer', searchPath);
  if (installed) return installed;
  throw new Error(`This test needs PgBouncer: install it (Debian/Ubuntu: \`apt-get install pgbouncer\`)${failure ? ` (${failure})` : ''}`);
}

/**
 * PgBouncer in transaction mode in front of `serverUrl`'s server, with `serverConnections` server
 * connections per database: fewer than the app's pool has clients, so clients share them, as in
 * a deployment where many app servers share a few PostgreSQL backends. Trusts every user, like the
 * test server behind it.
 */
export async function startPgBouncer(serverUrl: string, serverConnections: number): Promise<PgBouncer> {
  const binary = pgbouncerBinary();
  const server = new URL(serverUrl);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ertad-pgbouncer-'));
  // PgBouncer refuses to run as root: as root it is started as the postgres user, which must read these.
  chmodSync(dir, 0o755);
  const user = decodeURIComponent(server.username || 'postgres');
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`, { mode: 0o644 });
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${serverConnections}`,
      'max_client_conn = 200',
    ].join('\n'),
    { mode: 0o644 },
  );
  const asRoot = process.getuid?.() === 0;
  const child = spawn(binary, [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = (databaseUrl: string) => {
    const pooled = new URL(databaseUrl);
    pooled.hostname = '127.0.0.1';
    pooled.port = String(port);
    return pooled.toString();
  };
  const close = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15_000;
  for (;;) {
    const probe = new pg.Client({ connectionString: url(serverUrl) });
    try {
      await probe.connect();
      await probe.query('select 1');
      return { url, close };
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        await close();
        throw new Error(`PgBouncer did not start: ${(error as Error).message}\n${output}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await probe.end().catch(() => undefined);
    }
  }
}
