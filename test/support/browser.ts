import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Executable names tried on PATH when CHROMIUM_PATH is not set (Debian's package first). */
const candidates = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set (and then only that), otherwise
 * the first of `candidates` found on PATH. Undefined when there is none.
 */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return isExecutable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  for (const name of candidates) {
    const path = findOnPath(name, env);
    if (path) return path;
  }
  return undefined;
}

/** The executable `name` on PATH, or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name)).find(isExecutable);
}
