// First step of `npm test`: make sure the machine has the programs the tests drive before anything
// else runs: Chromium (browser tests) and pdftotext (reading generated PDFs back as text).
// Found → silent. Missing, running as root with apt-get → installs Debian's packages.
// Otherwise → one line saying what to install, and a non-zero exit.
import { findBrowser, findOnPath } from './browser';
import { installDebianPackages } from './debian-packages';

const advice =
  'The tests need Chromium and pdftotext: install them (Debian/Ubuntu: `apt-get install chromium poppler-utils`), or set CHROMIUM_PATH to a Chromium or Chrome executable.';

function fail(reason?: string): never {
  console.error(reason ? `${advice} (${reason})` : advice);
  process.exit(1);
}

if (process.env.CHROMIUM_PATH && !findBrowser()) fail(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file`);
const missing = [...(findBrowser() ? [] : ['chromium']), ...(findOnPath('pdftotext') ? [] : ['poppler-utils'])];
if (missing.length) {
  process.stdout.write(`Installing Debian's ${missing.join(' and ')} with apt-get (about a minute)…\n`);
  const failure = installDebianPackages(missing);
  if (failure) fail(failure);
  if (!findBrowser() || !findOnPath('pdftotext')) fail(`apt-get installed ${missing.join(' ')}, but it is not on PATH`);
}
