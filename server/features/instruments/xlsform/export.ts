import type ExcelJS from 'exceljs';
import { loadExcel } from '../../../http/libraries';
import type { Definition, Item, LocalText } from '../../../../common/instruments/definition';
import { LANGUAGE_COLUMNS } from './columns';

type Cell = string | number;
const LANGUAGES = ['ka', 'en'] as const;

type Language = 'ka' | 'en' | 'default' | { other: string };

/** Languages present in any text of the definition; `default` only if a plain column is needed. */
function languagesIn(definition: Definition): Language[] {
  const seen = new Set<string>();
  const others = new Set<string>();
  const visit = (text: LocalText | undefined) => {
    for (const [k, v] of Object.entries(text ?? {})) if (v && k !== 'other') seen.add(k);
    for (const language of Object.keys(text?.other ?? {})) others.add(language);
  };
  const walk = (items: Item[]) =>
    items.forEach((entry) => {
      visit(entry.label);
      if (entry.kind === 'group') walk(entry.items);
      else [entry.hint, entry.requiredMessage, entry.constraintMessage].forEach(visit);
    });
  walk(definition.items);
  Object.values(definition.choiceLists).forEach((choices) => choices.forEach((c) => visit(c.label)));
  definition.scoring?.bands.forEach((b) => visit(b.label));
  return [...LANGUAGES, ...(seen.has('default') ? (['default'] as const) : []), ...[...others].sort().map((other) => ({ other }))];
}

function columnName(base: string, language: Language, defaultName: string | undefined): string {
  if (typeof language === 'object') return `${base}::${language.other}`;
  if (language === 'default') return defaultName ? `${base}::${defaultName}` : base;
  return `${base}::${LANGUAGE_COLUMNS[language]}`;
}

function textOf(text: LocalText | undefined, language: Language): string | undefined {
  return typeof language === 'object' ? text?.other?.[language.other] : text?.[language];
}

function addSheet(book: ExcelJS.Workbook, name: string, headers: string[], rows: Record<string, Cell | undefined>[]) {
  const sheet = book.addWorksheet(name);
  sheet.addRow(headers).font = { bold: true };
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  sheet.columns.forEach((column) => (column.width = 22));
}

/**
 * Writes a definition as an XLSForm workbook that importXlsForm reads back to the same definition,
 * without warnings. The form_id is the form's own (exact case), and absent when it had none.
 */
export async function exportXlsForm(definition: Definition, meta: { title: LocalText }): Promise<Buffer> {
  const languages = languagesIn(definition);
  const defaultName = definition.settings.defaultLanguageName;
  const column = (base: string, language: Language) => columnName(base, language, defaultName);
  const texts = (base: string, text: LocalText | undefined) => Object.fromEntries(languages.map((language) => [column(base, language), textOf(text, language)]));
  const yes = (flag: boolean | string | undefined) => (typeof flag === 'string' ? flag : flag ? 'yes' : undefined);

  const survey: Record<string, Cell | undefined>[] = [];
  const walk = (items: Item[]) => {
    for (const entry of items) {
      if (entry.kind === 'group') {
        const kind = entry.repeat ? 'repeat' : 'group';
        survey.push({ type: `begin ${kind}`, name: entry.xlsformName ?? entry.name, ...texts('label', entry.label), relevant: entry.relevant, appearance: entry.appearance, repeat_count: entry.repeatCount, ertad_score_method: entry.scoreMethod, ertad_weight: entry.weight });
        walk(entry.items);
        survey.push({ type: `end ${kind}` });
        continue;
      }
      // The specify-other question is recreated from `or_other` on import.
      if (entry.otherOf) continue;
      survey.push({
        type: entry.listName ? `${entry.type} ${entry.listName}${entry.orOther ? ' or_other' : ''}` : entry.type,
        name: entry.xlsformName ?? entry.name,
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
  const translatable = (base: string) => languages.map((language) => column(base, language));
  const surveyHeaders = ['type', 'name', ...translatable('label'), ...translatable('hint'), 'required', ...translatable('required_message'), 'relevant', 'constraint', ...translatable('constraint_message'), 'calculation', 'default', 'appearance', 'read_only', 'choice_filter', 'repeat_count', 'ertad_scored', 'ertad_weight', 'ertad_score_method'];

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

  const book = new (await loadExcel()).Workbook();
  addSheet(book, 'survey', surveyHeaders, survey);
  addSheet(book, 'choices', ['list_name', 'name', ...translatable('label'), 'score', ...propertyNames], choices);
  const { settings } = definition;
  addSheet(book, 'settings', ['form_id', ...translatable('form_title'), 'version', 'default_language', 'allow_choice_duplicates', 'ertad_score_method'], [
    {
      form_id: settings.formId,
      ...texts('form_title', meta.title),
      version: settings.version,
      default_language: settings.defaultLanguageName ?? (settings.defaultLanguage ? LANGUAGE_COLUMNS[settings.defaultLanguage] : undefined),
      allow_choice_duplicates: yes(settings.allowChoiceDuplicates),
      ertad_score_method: definition.scoring?.method,
    },
  ]);
  if (definition.scoring?.bands.length) {
    addSheet(book, 'ertad_bands', ['min', 'max', ...translatable('label')], definition.scoring.bands.map((b) => ({ min: b.min, max: b.max, ...texts('label', b.label) })));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
