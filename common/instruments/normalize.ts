import type { Choice, Definition, Item, LocalText } from './definition';

/**
 * One canonical form for a definition: no empty texts, no `false` flags, no undefined fields.
 * Drafts are stored this way, so XLSForm export → import gives back exactly the same object.
 */
export function normalizeDefinition(definition: Definition): Definition {
  return {
    items: definition.items.map(normalizeItem),
    choiceLists: Object.fromEntries(Object.entries(definition.choiceLists).map(([name, choices]) => [name, choices.map(normalizeChoice)])),
    ...(definition.scoring ? { scoring: { method: definition.scoring.method, bands: definition.scoring.bands.map((b) => ({ ...b, label: text(b.label) })) } } : {}),
    settings: compact({ ...definition.settings }),
  };
}

function text(value: LocalText | undefined): LocalText {
  const other = compact({ ...value?.other });
  return compact({ ...value, other: Object.keys(other).length ? other : undefined }) as LocalText;
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '' && v !== false)) as T;
}

function normalizeItem(entry: Item): Item {
  if (entry.kind === 'group') {
    return compact({ ...entry, label: text(entry.label), items: entry.items.map(normalizeItem) }) as Item;
  }
  const optionalText = (value: LocalText | undefined) => {
    const t = text(value);
    return Object.keys(t).length ? t : undefined;
  };
  return compact({
    ...entry,
    label: text(entry.label),
    hint: optionalText(entry.hint),
    requiredMessage: optionalText(entry.requiredMessage),
    constraintMessage: optionalText(entry.constraintMessage),
  }) as Item;
}

function normalizeChoice(c: Choice): Choice {
  const properties = compact({ ...c.properties });
  return {
    name: c.name,
    label: text(c.label),
    ...(c.score !== undefined ? { score: c.score } : {}),
    ...(Object.keys(properties).length ? { properties } : {}),
  };
}
