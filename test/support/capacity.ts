interface Item { name: string; items?: Item[] }

/** The score question of every GESI-OCA sub-area (domain → sub-area → `<sub>_score`), in order. */
export function scoreQuestions(definition: { items: Item[] }): string[] {
  return definition.items.flatMap((domain) => (domain.items ?? []).flatMap((sub) => (sub.items ?? []).filter((q) => q.name.endsWith('_score')).map((q) => q.name)));
}
