import type { Item } from '../../../../common/instruments/definition';

/** Immutable edits of the nested item tree, addressed by index paths ([2, 0] = first child of the third item). */
export type Path = number[];

export function itemAt(items: Item[], path: Path): Item | undefined {
  let list = items;
  let found: Item | undefined;
  for (const index of path) {
    found = list[index];
    if (!found) return undefined;
    list = found.kind === 'group' ? found.items : [];
  }
  return found;
}

function mapList(items: Item[], parent: Path, fn: (list: Item[]) => Item[]): Item[] {
  if (parent.length === 0) return fn(items);
  const [head, ...rest] = parent;
  return items.map((entry, i) => (i === head && entry.kind === 'group' ? { ...entry, items: mapList(entry.items, rest, fn) } : entry));
}

export function replaceAt(items: Item[], path: Path, next: Item): Item[] {
  return mapList(items, path.slice(0, -1), (list) => list.map((entry, i) => (i === path[path.length - 1] ? next : entry)));
}

export function removeAt(items: Item[], path: Path): Item[] {
  return mapList(items, path.slice(0, -1), (list) => list.filter((_, i) => i !== path[path.length - 1]));
}

/** Inserts after the item at `path`, or at the end of the top level when nothing is selected. */
export function insertAfter(items: Item[], path: Path | null, entry: Item): { items: Item[]; path: Path } {
  if (!path) return { items: [...items, entry], path: [items.length] };
  const target = itemAt(items, path);
  if (target?.kind === 'group') {
    return { items: mapList(items, path, (list) => [...list, entry]), path: [...path, target.items.length] };
  }
  const index = path[path.length - 1]! + 1;
  return { items: mapList(items, path.slice(0, -1), (list) => [...list.slice(0, index), entry, ...list.slice(index)]), path: [...path.slice(0, -1), index] };
}

export function move(items: Item[], path: Path, delta: -1 | 1): { items: Item[]; path: Path } {
  const index = path[path.length - 1]!;
  const target = index + delta;
  let moved = false;
  const next = mapList(items, path.slice(0, -1), (list) => {
    if (target < 0 || target >= list.length) return list;
    moved = true;
    const copy = [...list];
    [copy[index], copy[target]] = [copy[target]!, copy[index]!];
    return copy;
  });
  return { items: next, path: moved ? [...path.slice(0, -1), target] : path };
}

export function flatten(items: Item[], parent: Path = []): { item: Item; path: Path }[] {
  return items.flatMap((entry, i) => {
    const path = [...parent, i];
    return entry.kind === 'group' ? [{ item: entry, path }, ...flatten(entry.items, path)] : [{ item: entry, path }];
  });
}

export function uniqueName(items: Item[], base: string): string {
  const names = new Set(flatten(items).map((f) => f.item.name));
  let n = names.size + 1;
  while (names.has(`${base}_${n}`)) n++;
  return `${base}_${n}`;
}
