// Programs the tests drive come from Debian's packages. Found → nothing to do. Missing, running
// as root with apt-get → installed (CI's machines). Otherwise the caller says what to install.
import { spawnSync } from 'node:child_process';

function canInstall(): boolean {
  const root = process.getuid?.() === 0;
  return root && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}

function aptGet(args: string[]): boolean {
  const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return result.status === 0;
}

/** Installs `packages` with apt-get; a reason why not, or undefined when they were installed. */
export function installDebianPackages(packages: string[]): string | undefined {
  if (!canInstall()) return 'not root, or no apt-get';
  if (!aptGet(['update', '-qq']) || !aptGet(['install', '-y', '-qq', ...packages])) return `apt-get install ${packages.join(' ')} failed`;
  return undefined;
}
