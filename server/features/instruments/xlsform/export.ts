import ExcelJS from 'exceljs';
import type { Definition, Item, LocalText } from '../../../../common/instruments/definition';
import { LANGUAGE_COLUMNS } from './columns';

type Cell = string | number;
const LANGUAGES = ['ka', 'en'] as const;

/** Languages present in any text of the definition; `default` only if a plain column is needed. */
function languagesIn(definition: Definition): ('ka' | 'en' | 'default')[] {
  const seen = new Set<string>();
  const visit = (text: LocalText | undefined) => Object.entries(text ?? {}).forEach(([k, v]) => v && seen.add(k));
  const walk = (items: Item[]) =>
    items.forEach((entry) => {
      visit(entry.label);
      if (entry.kind === 'group') walk(entry.items);
      else [entry.hint, entry.requiredMessage, entry.constraintMessage].forEach(visit);
    });
  walk(definition.items);
  Object.values(definition.choiceLists).forEach((choices) => choices.forEach((c) => visit(c.label)));
  definition.scoring?.bands.forEach((b) => visit(b.label));
  return [...LANGUAGES, ...(seen.has('default') ? (['default'] as const) : [])];
}

function columnName(base: string, language: 'ka' | 'en' | 'default'): string {
  return language === 'default' ? base : `${base}::${LANGUAGE_COLUMNS[language]}`;
}

function addSheet(book: ExcelJS.Workbook, name: string, headers: string[], rows: Record<string, Cell | undefined>[]) {
  const sheet = book.addWorksheet(name);
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  sheet.columns.forEach((column) => (column.width = 22));
}

/** Writes a definition as an XLSForm workbook that importXlsForm reads back to the same definition. */
export async function exportXlsForm(definition: Definition, meta: { formId: string; title: LocalText }): Promise<Buffer> {
  const languages = languagesIn(definition);
  const texts = (base: string, text: LocalText | undefined) =>
    Object.fromEntries(languages.map((language) => [columnName(base, language), text?.[language]]));
  const yes = (flag: boolean | undefined) => (flag ? 'yes' : undefined);

  const survey: Record<string, Cell | undefined>[] = [];
  const walk = (items: Item[]) => {
    for (const entry of items) {
      if (entry.kind === 'group') {
        survey.push({ type: 'begin group', name: entry.name, ...texts('label', entry.label), relevant: entry.relevant, appearance: entry.appearance, ertad_score_method: entry.scoreMethod, ertad_weight: entry.weight });
        walk(entry.items);
        survey.push({ type: 'end group' });
        continue;
      }
      survey.push({
        type: entry.listName ? `${entry.type} ${entry.listName}` : entry.type,
        name: entry.name,
        ...texts('label', entry.label),
        ...texts('hint', entry.hint),
        required: yes(entry.required),
        ...texts('required_message', entry.requiredMessage),
        relevant: entry.relevant,
        constraint: entry.constraint,
        ...texts('constraint_message', entry.constraintMessage),
        calculation: entry.calculation,
        default: entry.default,
        appearance: entry.appearance,
        read_only: yes(entry.readOnly),
        choice_filter: entry.choiceFilter,
        ertad_scored: yes(entry.scored),
        ertad_weight: entry.weight,
      });
    }
  };
  walk(definition.items);
  const translatable = (base: string) => languages.map((language) => columnName(base, language));
  const surveyHeaders = ['type', 'name', ...translatable('label'), ...translatable('hint'), 'required', ...translatable('required_message'), 'relevant', 'constraint', ...translatable('constraint_message'), 'calculation', 'default', 'appearance', 'read_only', 'choice_filter', 'ertad_scored', 'ertad_weight', 'ertad_score_method'];

  const propertyNames = [...new Set(Object.values(definition.choiceLists).flatMap((choices) => choices.flatMap((c) => Object.keys(c.properties ?? {}))))];
  const choices = Object.entries(definition.choiceLists).flatMap(([listName, list]) =>
    list.map((c) => ({
      list_name: listName,
      name: c.name,
      ...texts('label', c.label),
      score: c.score === null ? 'na' : c.score,
      ...Object.fromEntries(propertyNames.map((p) => [p, c.properties?.[p]])),
    })),
  );

  const book = new ExcelJS.Workbook();
  addSheet(book, 'survey', surveyHeaders, survey);
  addSheet(book, 'choices', ['list_name', 'name', ...translatable('label'), 'score', ...propertyNames], choices);
  addSheet(book, 'settings', ['form_id', ...translatable('form_title'), 'default_language', 'ertad_score_method'], [
    {
      form_id: meta.formId,
      ...texts('form_title', meta.title),
      default_language: definition.settings.defaultLanguage ? LANGUAGE_COLUMNS[definition.settings.defaultLanguage] : undefined,
      ertad_score_method: definition.scoring?.method,
    },
  ]);
  if (definition.scoring?.bands.length) {
    addSheet(book, 'ertad_bands', ['min', 'max', ...translatable('label')], definition.scoring.bands.map((b) => ({ min: b.min, max: b.max, ...texts('label', b.label) })));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
