import { flattenItems, isDynamicDefault, SELECT_TYPES, type Definition, type Item, type LocalText } from './definition';
import { ExpressionError, fieldsOf, listsOf, parseExpression, referencesOf } from './expression-parser';

/** A problem in an instrument definition, located precisely enough to fix it. */
export interface DefinitionIssue {
  /** Name of the item (question or group), or the choice list. */
  item: string;
  /** Which property: name, label, relevant, constraint, calculation, listName, choices… */
  field: string;
  /** Catalogue key of the message. */
  code: string;
  params?: Record<string, string | number>;
}

/**
 * Deepest nesting of groups in an instrument. Real instruments use two or three levels; the limit
 * keeps every recursive walk (validation, evaluation, scoring, export) far from the stack's end.
 */
export const MAX_GROUP_DEPTH = 20;

/** The first group nested deeper than MAX_GROUP_DEPTH, found without recursion. */
function tooDeepGroup(items: Item[]): string | null {
  const stack: { items: Item[]; depth: number }[] = [{ items, depth: 0 }];
  while (stack.length) {
    const { items: level, depth } = stack.pop()!;
    for (const entry of level) {
      if (entry.kind !== 'group') continue;
      if (depth + 1 > MAX_GROUP_DEPTH) return entry.name;
      stack.push({ items: entry.items, depth: depth + 1 });
    }
  }
  return null;
}

/** XML names, as XLSForm requires: a letter (any script) or _, then letters, digits, marks, _ . - */
export const NAME_PATTERN = /^[\p{L}_][\p{L}\p{M}\p{N}_.-]*$/u;
const EXPRESSION_FIELDS = ['relevant', 'constraint', 'calculation', 'choiceFilter'] as const;

function checkExpression(source: string | undefined, item: string, field: string, names: Set<string>, issues: DefinitionIssue[], lists: Set<string>) {
  if (source === undefined || source.trim() === '') return;
  try {
    const node = parseExpression(source);
    if (field !== 'choiceFilter') {
      for (const bare of fieldsOf(node)) issues.push({ item, field, code: 'instruments.issues.bareName', params: { name: bare } });
    }
    const refs = referencesOf(node);
    for (const ref of refs) if (!names.has(ref)) issues.push({ item, field, code: 'instruments.issues.unknownReference', params: { name: ref } });
    // instance('list') looks up the form's own choice lists; external data (CSV, XML) is out of scope.
    for (const list of listsOf(node)) if (!lists.has(list)) issues.push({ item, field, code: 'instruments.issues.unknownLookupList', params: { name: list } });
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    issues.push({ item, field, code: 'instruments.issues.badExpression', params: { position: error.position + 1, problem: error.code, detail: error.detail } });
  }
}

/** Checks a definition for everything that would otherwise fail while someone fills it in. */
export function validateDefinition(definition: Definition): DefinitionIssue[] {
  const issues: DefinitionIssue[] = [];
  const deep = tooDeepGroup(definition.items);
  if (deep !== null) return [{ item: deep, field: 'items', code: 'instruments.issues.tooDeep', params: { max: MAX_GROUP_DEPTH } }];
  const all = flattenItems(definition.items);
  const names = new Set<string>();
  for (const entry of all) {
    if (!NAME_PATTERN.test(entry.name)) issues.push({ item: entry.name, field: 'name', code: 'instruments.issues.badName' });
    if (names.has(entry.name)) issues.push({ item: entry.name, field: 'name', code: 'instruments.issues.duplicateName' });
    names.add(entry.name);
  }
  const lists = new Set(Object.keys(definition.choiceLists));
  // Answers of select_multiple and rank are space-separated names, so only their lists need names without spaces (as in pyxform).
  const multiLists = new Set(all.flatMap((entry) => (entry.kind === 'question' && (entry.type === 'select_multiple' || entry.type === 'rank') && entry.listName ? [entry.listName] : [])));
  for (const [listName, choices] of Object.entries(definition.choiceLists)) {
    const seen = new Set<string>();
    for (const c of choices) {
      if (seen.has(c.name) && !definition.settings.allowChoiceDuplicates) issues.push({ item: listName, field: 'choices', code: 'instruments.issues.duplicateChoice', params: { name: c.name } });
      seen.add(c.name);
      if (/\s/.test(c.name) && multiLists.has(listName)) issues.push({ item: listName, field: 'choices', code: 'instruments.issues.choiceWithSpace', params: { name: c.name } });
    }
  }
  for (const entry of all) checkItem(entry, definition, names, issues, lists);
  return issues;
}

function checkItem(entry: Item, definition: Definition, names: Set<string>, issues: DefinitionIssue[], lists: Set<string>) {
  const hasText = (text: LocalText | undefined) => !!(text && (text.ka || text.en || text.default || Object.values(text.other ?? {}).some(Boolean)));
  // As in pyxform, a hint can stand in for the label.
  const hasLabel = hasText(entry.label) || (entry.kind === 'question' && hasText(entry.hint));
  if (entry.kind === 'group') {
    checkExpression(entry.relevant, entry.name, 'relevant', names, issues, lists);
    checkExpression(entry.repeatCount, entry.name, 'repeatCount', names, issues, lists);
    return;
  }
  if (!hasLabel && entry.type !== 'calculate') issues.push({ item: entry.name, field: 'label', code: 'instruments.issues.missingLabel' });
  if (entry.type === 'calculate' && !entry.calculation) issues.push({ item: entry.name, field: 'calculation', code: 'instruments.issues.missingCalculation' });
  if (SELECT_TYPES.includes(entry.type)) {
    if (!entry.listName || !definition.choiceLists[entry.listName]) {
      issues.push({ item: entry.name, field: 'listName', code: 'instruments.issues.unknownList', params: { name: entry.listName ?? '' } });
    }
  }
  for (const field of EXPRESSION_FIELDS) checkExpression(entry[field], entry.name, field, names, issues, lists);
  if (entry.default && isDynamicDefault(entry.default)) checkExpression(entry.default, entry.name, 'default', names, issues, lists);
  if (typeof entry.required === 'string') checkExpression(entry.required, entry.name, 'required', names, issues, lists);
}
