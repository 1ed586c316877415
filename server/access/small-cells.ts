// Aggregates for readers outside the organisations they count hide counts under a threshold (a
// few people could be recognised). Hiding one count is not enough where a total is shown beside
// its groups: the total less the counts shown tells the hidden one (75 served by sex, less the
// age bands shown, told the hidden "18-29" band: 3 people). Secondary suppression closes that.

/**
 * Where exactly one of `groups` hides its `column` (null) and `total` shows it, hides the
 * smallest count shown beside it as well; where there is none to hide, the total. The groups
 * and the total are changed in place. Groups that may overlap (a person in several services)
 * are treated alike: the rule only ever hides more.
 */
export function hideWhatTheTotalWouldTell<Column extends string>(
  groups: Record<Column, number | null>[],
  total: Record<Column, number | null>,
  column: Column,
): void {
  if (total[column] === null || groups.filter((g) => g[column] === null).length !== 1) return;
  const smallest = groups.filter((g) => g[column] !== null).sort((a, b) => a[column]! - b[column]!)[0];
  if (smallest) smallest[column] = null;
  else total[column] = null;
}
