// First step of `npm test`: make sure the machine has the programs the tests drive before anything
// else runs: Chromium (browser tests) and pdftotext (reading generated PDFs back as text).
// Found → silent. Missing, running as root with apt-get → installs Debian's packages.
// Otherwise → one line saying what to install, and a non-zero exit.
import { spawnSync } from 'node:child_process';
import { findBrowser, findOnPath } from './browser';

const advice =
  'The tests need Chromium and pdftotext: install them (Debian/Ubuntu: `apt-get install chromium poppler-utils`), or set CHROMIUM_PATH to a Chromium or Chrome executable.';

function fail(reason?: string): never {
  console.error(reason ? `${advice} (${reason})` : advice);
  process.exit(1);
}

function canInstall(): boolean {
  const root = process.getuid?.() === 0;
  return root && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function aptGet(args: string[]): boolean {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

if (process.env.CHROMIUM_PATH && !findBrowser()) fail(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file`);
const missing = [...(findBrowser() ? [] : ['chromium']), ...(findOnPath('pdftotext') ? [] : ['poppler-utils'])];
if (missing.length) {
  if (!canInstall()) fail();
  process.stdout.write(`Installing Debian's ${missing.join(' and ')} with apt-get (about a minute)…\n`);
  if (!aptGet(['update', '-qq']) || !aptGet(['install', '-y', '-qq', ...missing])) fail(`apt-get install ${missing.join(' ')} failed`);
  if (!findBrowser() || !findOnPath('pdftotext')) fail(`apt-get installed ${missing.join(' ')}, but it is not on PATH`);
}
