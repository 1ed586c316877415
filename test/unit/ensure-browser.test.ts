import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// The first step of `npm test` on a machine without Chromium: PATH holds only node (and, in the
// second case, an apt-get that records its arguments and "installs" a chromium next to itself).
const root = mkdtempSync(join(tmpdir(), 'ertad-ensure-browser-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function machine(withAptGet: boolean): string {
  const bin = mkdtempSync(join(root, 'bin-'));
  symlinkSync(process.execPath, join(bin, 'node'));
  if (withAptGet) {
    writeFileSync(join(bin, 'apt-get'), `#!/bin/sh\necho "$@" >> "${bin}/apt-get.log"\ncase "$*" in *"install"*) for p in chromium pdftotext; do printf '#!/bin/sh\\n' > "${bin}/$p"; /bin/chmod +x "${bin}/$p"; done;; esac\n`);
    chmodSync(join(bin, 'apt-get'), 0o755);
  }
  return bin;
}

function ensureBrowser(bin: string) {
  const env = { PATH: bin, HOME: root };
  return spawnSync(process.execPath, ['--import', 'tsx', 'test/support/ensure-browser.ts'], { env, encoding: 'utf8' });
}

describe('npm test on a machine without Chromium', () => {
  it('stops at once with one line saying what to install when it cannot install it', () => {
    const result = ensureBrowser(machine(false));
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('apt-get install chromium poppler-utils');
    expect(result.stderr).toContain('CHROMIUM_PATH');
  });

  it("as root with apt-get, installs Debian's chromium and carries on", () => {
    const bin = machine(true);
    const result = ensureBrowser(bin);
    if (process.getuid?.() !== 0) {
      // Not root: no installing, the same one-line advice.
      expect(result.status).toBe(1);
      return;
    }
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(bin, 'apt-get.log'), 'utf8')).toMatch(/update[\s\S]*install -y -qq chromium poppler-utils/);
    expect(existsSync(join(bin, 'chromium'))).toBe(true);
  });
});
