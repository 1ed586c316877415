import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startServerProcess } from '../support/server-process';

// These run the real server process on the embedded database in a temporary data directory.
// PostgreSQL is covered by the in-process suites; this is about PGlite's files surviving.
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ertad-process-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function signIn(url: string, email: string, password: string) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) return null;
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, csrfToken };
}

/** The start-up line may reach us just after /ready answers. */
async function outputShows(server: { output: () => string }, text: string) {
  for (let i = 0; i < 50 && !server.output().includes(text); i++) await new Promise((r) => setTimeout(r, 100));
  expect(server.output()).toContain(text);
}

// Each test starts real server processes (and the embedded database's own process) on fresh data
// directories: minutes on a busy machine. A time budget, not a speed assertion.
const BUDGET = { timeout: 240_000 };

describe('the server process', () => {
  it('finishes requests in flight on SIGTERM, and restarts with every acknowledged write intact', BUDGET, async () => {
    const dataDir = tempDir();
    // No HOST: with the demo accounts (a published password) it listens on loopback only.
    const env = { ERTAD_DATA_DIR: dataDir, ERTAD_DEMO_PASSWORD: 'process-test-password', HOST: undefined };
    const first = await startServerProcess({ ...env, LOG_LEVEL: 'info' });
    expect(first.output()).not.toContain('process-test-password');
    expect(first.output()).toContain('with the password set in ERTAD_DEMO_PASSWORD');
    await outputShows(first, 'listening on 127.0.0.1 only, because the demo accounts exist; HOST=0.0.0.0 opens it to the network');
    const session = (await signIn(first.url, 'admin@demo.ertad.ge', 'process-test-password'))!;
    // Outside development the log is JSON lines; a request is one line without the person in it.
    // The line is written once the response has gone out, so it may reach the pipe a moment later.
    const loginLinesNow = () => first.output().split('\n').filter((line) => line.includes('/api/v1/auth/login'));
    await expect.poll(loginLinesNow).toHaveLength(1);
    const loginLines = loginLinesNow();
    expect(JSON.parse(loginLines[0]!)).toMatchObject({ method: 'POST', path: '/api/v1/auth/login', status: 200 });
    expect(loginLines[0]).not.toMatch(/admin@demo|127\.0\.0\.1|process-test-password/);
    const headers = { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrfToken };

    const writes = Array.from({ length: 30 }, (_, i) =>
      fetch(`${first.url}/api/v1/organisations`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ kind: 'cso', nameKa: `სატესტო ${i}`, nameEn: `Shutdown test ${i}` }),
      })
        .then(async (r) => ({ status: r.status, body: r.ok ? ((await r.json()) as { id: string }) : null }))
        .catch(() => ({ status: 0, body: null })),
    );
    await new Promise((r) => setTimeout(r, 30));
    first.child.kill('SIGTERM');
    const results = await Promise.all(writes);
    expect(await first.exited).toBe(0);

    const acknowledged = results.filter((r) => r.status === 201).map((r) => r.body!.id);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(results.every((r) => [201, 503, 0].includes(r.status))).toBe(true);

    const second = await startServerProcess(env);
    try {
      const again = (await signIn(second.url, 'admin@demo.ertad.ge', 'process-test-password'))!;
      const list = (await (await fetch(`${second.url}/api/v1/organisations?q=Shutdown&pageSize=100`, { headers: { cookie: again.cookie } })).json()) as { items: { id: string }[] };
      const stored = new Set(list.items.map((o) => o.id));
      for (const id of acknowledged) expect(stored.has(id)).toBe(true);
      // The demo is seeded once, not again on restart.
      const csos = (await (await fetch(`${second.url}/api/v1/organisations?kind=cso&q=Telavi`, { headers: { cookie: again.cookie } })).json()) as { total: number };
      expect(csos.total).toBe(3);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });

  it('without the demo, create-admin makes the first admin, who can sign in', BUDGET, async () => {
    const dataDir = tempDir();
    const env = { ERTAD_DATA_DIR: dataDir, ERTAD_DEMO: '0' };
    const short = await runCli(['create-admin', '--email', 'boss@example.ge'], env, 'short\n');
    expect(short.code).toBe(1);
    expect(short.output).toContain('A password needs at least 12 characters');
    const made = await runCli(['create-admin', '--email', 'boss@example.ge', '--name', 'ბოსი'], env, 'a-long-admin-password\n');
    expect(made.output).toContain('Admin boss@example.ge created.');
    expect(made.code).toBe(0);

    const server = await startServerProcess({ ...env, HOST: undefined, LOG_LEVEL: 'info' });
    try {
      await outputShows(server, 'listening on 0.0.0.0, every interface');
      expect(await signIn(server.url, 'admin@demo.ertad.ge', 'whatever-password')).toBeNull();
      expect(await signIn(server.url, 'boss@example.ge', 'a-long-admin-password')).not.toBeNull();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('stops with a one-line message on a bad setting, and leaves no embedded database running', BUDGET, async () => {
    const dataDir = tempDir();
    const failed = startServerProcess({ PORT: 'not-a-port', ERTAD_DATA_DIR: dataDir });
    await expect(failed).rejects.toThrow(/Invalid configuration: PORT/);
    // The embedded database's process, started before the setting was read, goes too (one stayed
    // behind, holding 440 MB, after a CI run).
    const embeddedRunning = () => spawnSync('pgrep', ['-f', `pglite-process.* ${dataDir} `]).status === 0;
    await expect.poll(embeddedRunning, { timeout: 60_000, interval: 500 }).toBe(false);
  });
});
