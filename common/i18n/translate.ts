import type { Language } from '../roles';
import { catalogues } from './catalogues';

export { catalogues };

type Tree = { [key: string]: string | Tree };

function lookup(tree: Tree, key: string): string | undefined {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Server-side counterpart of i18next's `t`: same catalogues, same `{{name}}` interpolation. */
export function translate(lang: Language, key: string, params: Record<string, unknown> = {}): string {
  const template = lookup(catalogues[lang] as Tree, key) ?? lookup(catalogues.en as Tree, key) ?? key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

/** Every leaf key of a catalogue, dotted; used by the catalogue-completeness test. */
export function catalogueKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [prefix + k] : catalogueKeys(v, `${prefix}${k}.`),
  );
}
