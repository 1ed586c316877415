import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogueKeys, catalogues, translate } from '../../common/i18n/translate';
import { ORGANISATION_KINDS, ROLES } from '../../common/roles';
import { PERMISSIONS } from '../../server/access/policy';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../../server/audit/catalogue';
import { PROBLEMS } from '../../server/http/problem';

const ka = new Set(catalogueKeys(catalogues.ka));
const en = new Set(catalogueKeys(catalogues.en));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Literal keys handed to t(), translate() or used as catalogue references in code. */
function keysUsedInCode(): string[] {
  const pattern = /(?:\bt|translate\(\s*\w+)\(\s*['"`]([a-zA-Z]+\.[\w.]+)['"`]|['"`]((?:validation|problems|auth|nav|common|organisations|users|audit|places|profile|home|login|app|setPassword|notFound)\.[a-zA-Z][\w.]*)['"`]/g;
  const keys = new Set<string>();
  for (const file of [...sourceFiles('server'), ...sourceFiles('web/src'), ...sourceFiles('common')]) {
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) {
      const key = match[1] ?? match[2];
      // Permission names share the dotted shape but are not texts.
      if (key && !key.endsWith('.') && !(key in PERMISSIONS)) keys.add(key);
    }
  }
  return [...keys];
}

describe('translation catalogues', () => {
  it('ka and en have exactly the same keys', () => {
    expect([...ka].filter((k) => !en.has(k)), 'missing in en').toEqual([]);
    expect([...en].filter((k) => !ka.has(k)), 'missing in ka').toEqual([]);
  });

  it('every feature has its catalogue in both languages, and every catalogue file is loaded', () => {
    expect(readdirSync('common/i18n/ka').sort()).toEqual(readdirSync('common/i18n/en').sort());
    for (const file of readdirSync('common/i18n/ka')) {
      const topKeys = Object.keys(JSON.parse(readFileSync(join('common/i18n/ka', file), 'utf8')) as object);
      expect(topKeys.filter((k) => !(k in catalogues.ka)), `${file} is not registered in common/i18n/catalogues.ts`).toEqual([]);
    }
  });

  it('every key the code uses exists in both', () => {
    const used = keysUsedInCode();
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((k) => !ka.has(k))).toEqual([]);
  });

  it('every role, organisation kind and problem has a label', () => {
    for (const role of ROLES) expect(ka.has(`roles.${role}`)).toBe(true);
    for (const kind of ORGANISATION_KINDS) expect(ka.has(`kinds.${kind}`)).toBe(true);
    for (const problem of Object.keys(PROBLEMS)) expect(ka.has(`problems.${problem}`)).toBe(true);
  });

  it('every audit action and record type in the catalogue has a label', () => {
    expect(AUDIT_ACTIONS.filter((a) => !ka.has(`audit.actions.${a}`))).toEqual([]);
    expect(AUDIT_ENTITIES.filter((e) => !ka.has(`audit.entities.${e}`))).toEqual([]);
  });

  it('Georgian strings are in Georgian script, and interpolation matches', () => {
    expect(translate('ka', 'nav.home')).toMatch(/[\u10D0-\u10FF]/);
    for (const key of ka) {
      const params = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
      expect(params(translate('ka', key)), key).toEqual(params(translate('en', key)));
    }
    expect(translate('en', 'common.pageOf', { page: 2, pages: 5 })).toBe('Page 2 of 5');
  });
});
