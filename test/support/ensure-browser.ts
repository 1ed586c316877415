// First step of `npm test`: make sure the browser tests have a Chromium before anything else runs.
// Found → silent. Missing, running as root with apt-get → installs Debian's `chromium`.
// Otherwise → one line saying what to install, and a non-zero exit.
import { spawnSync } from 'node:child_process';
import { findBrowser } from './browser';

const advice =
  'The browser tests need Chromium: install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome executable.';

function fail(reason?: string): never {
  console.error(reason ? `${advice} (${reason})` : advice);
  process.exit(1);
}

function canInstall(): boolean {
  const root = process.getuid?.() === 0;
  return root && !process.env.CHROMIUM_PATH && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function aptGet(args: string[]): boolean {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

if (process.env.CHROMIUM_PATH && !findBrowser()) fail(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file`);
if (!findBrowser()) {
  if (!canInstall()) fail();
  process.stdout.write("Chromium not found: installing Debian's chromium package with apt-get (about a minute)…\n");
  if (!aptGet(['update', '-qq']) || !aptGet(['install', '-y', '-qq', 'chromium'])) fail('apt-get install chromium failed');
  if (!findBrowser()) fail('apt-get installed chromium, but it is not on PATH');
}
