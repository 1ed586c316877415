import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../support/browser';

const dir = mkdtempSync(join(tmpdir(), 'ertad-browser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function executable(name: string, mode = 0o755): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, mode);
  return path;
}

describe('finding the browser for the browser tests', () => {
  it('uses CHROMIUM_PATH when it is an executable, and nothing else when it is not', () => {
    const custom = executable('my-chrome');
    expect(findBrowser({ CHROMIUM_PATH: custom, PATH: '' })).toBe(custom);
    const notExecutable = executable('not-a-browser', 0o644);
    expect(findBrowser({ CHROMIUM_PATH: notExecutable, PATH: dir })).toBeUndefined();
  });

  it("finds Debian's chromium on PATH, and reports none on a machine without one", () => {
    const empty = mkdtempSync(join(dir, 'empty-'));
    expect(findBrowser({ PATH: empty })).toBeUndefined();
    const chromium = executable('chromium');
    expect(findBrowser({ PATH: `${empty}:${dir}` })).toBe(chromium);
  });
});
