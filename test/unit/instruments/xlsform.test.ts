import { describe, expect, it } from 'vitest';
import { definition as definitionSchema } from '../../../common/instruments/definition';
import { normalizeDefinition } from '../../../common/instruments/normalize';
import type { Item } from '../../../common/instruments/definition';
import { MAX_GROUP_DEPTH, validateDefinition } from '../../../common/instruments/validate-definition';
import { BUILT_IN_INSTRUMENTS } from '../../../server/features/instruments/builtin';
import { exportXlsForm } from '../../../server/features/instruments/xlsform/export';
import { importXlsForm } from '../../../server/features/instruments/xlsform/import';
import { workbook } from '../../support/xlsform-workbook';

describe('XLSForm import', () => {
  it('reads a typical KoboToolbox-style form with groups, logic, languages and choices', async () => {
    const file = await workbook({
      survey: [
        ['type', 'name', 'label::English (en)', 'label::Georgian (ka)', 'hint::English (en)', 'hint::Georgian (ka)', 'Required', 'relevance', 'constraint', 'constraint_message::English (en)', 'constraint_message::Georgian (ka)', 'calculate', 'appearance'],
        ['start', 'start'],
        ['begin group', 'household', 'Household', 'შინამეურნეობა'],
        ['integer', 'age', 'Age', 'ასაკი', 'In years', 'წლებში', 'yes', '', '. >= 0 and . <= 120', 'Between 0 and 120', '0-დან 120-მდე'],
        ['select_one yesno', 'school', 'In school?', 'სწავლობს?', '', '', 'TRUE', '${age} < 18', '', '', '', '', 'minimal'],
        ['select_multiple needs', 'needs', 'Needs', 'საჭიროებები'],
        ['calculate', 'needs_count', '', '', '', '', '', '', '', '', '', 'count-selected(${needs})'],
        ['end group'],
        ['note', 'thanks', 'Thank you', 'მადლობა'],
      ],
      choices: [
        ['list name', 'name', 'label::English (en)', 'label::Georgian (ka)'],
        ['yesno', 'yes', 'Yes', 'დიახ'],
        ['yesno', 'no', 'No', 'არა'],
        ['needs', 'rehab', 'Rehabilitation', 'რეაბილიტაცია'],
        ['needs', 'daycare', 'Day care', 'დღის ცენტრი'],
      ],
      settings: [['form_title', 'form_id', 'default_language'], ['Household survey', 'household_v1', 'Georgian (ka)']],
    });
    const result = await importXlsForm(file);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([{ sheet: 'survey', row: 2, column: 'type', code: 'instruments.import.metadataIgnored', params: { type: 'start' } }]);
    expect(result.formId).toBe('household_v1');
    const def = result.definition!;
    expect(def.settings.defaultLanguage).toBe('ka');
    const household = def.items[0]!;
    expect(household).toMatchObject({ kind: 'group', name: 'household', label: { ka: 'შინამეურნეობა', en: 'Household' } });
    expect(household.kind === 'group' && household.items[0]).toEqual({
      kind: 'question', type: 'integer', name: 'age', label: { en: 'Age', ka: 'ასაკი' }, hint: { en: 'In years', ka: 'წლებში' },
      required: true, constraint: '. >= 0 and . <= 120', constraintMessage: { en: 'Between 0 and 120', ka: '0-დან 120-მდე' },
    });
    expect(household.kind === 'group' && household.items[1]).toMatchObject({ type: 'select_one', listName: 'yesno', relevant: '${age} < 18', appearance: 'minimal', required: true });
    expect(def.choiceLists.needs).toHaveLength(2);
  });

  it('reports what Ertad does not support row by row, and imports nothing', async () => {
    const file = await workbook({
      survey: [
        ['type', 'name', 'label', 'relevant', 'constraint', 'required', 'media::image'],
        ['text', 'name', 'Name'],
        ['osm', 'where', 'Location'],
        ['begin repeat', 'children', 'Children'],
        ['integer', 'age', 'Age', '${nosuch} > 1'],
        ['text', 'name', 'Duplicate'],
        ['select_one missing_list', 'colour', 'Colour'],
        ['decimal', 'weight', 'Weight', '', '. > ', 'maybe'],
        ['select_one_from_file towns.csv', 'town', 'Town'],
        ['end repeat'],
        ['begin group', 'unclosed', 'Open group'],
      ],
      extra: [['anything']],
    });
    const result = await importXlsForm(file);
    expect(result.definition).toBeUndefined();
    const at = result.errors.map((e) => `${e.sheet}!${e.row}:${e.column} ${e.code}`);
    expect(at).toEqual(
      expect.arrayContaining([
        'survey!3:type instruments.import.unsupportedType',
        'survey!8:required instruments.import.notYesNo',
        'survey!9:type instruments.import.externalData',
        'survey!11:type instruments.import.unclosedGroup',
      ]),
    );
    expect(result.warnings.map((w) => `${w.sheet}!${w.row}:${w.column} ${w.code}`)).toEqual(
      expect.arrayContaining(['extra!0: instruments.import.sheetIgnored']),
    );
  });

  it('places expression and reference problems on their rows once the structure is sound', async () => {
    const file = await workbook({
      survey: [
        ['type', 'name', 'label', 'relevant', 'constraint'],
        ['integer', 'age', 'Age', '${nosuch} > 1'],
        ['text', 'age', 'Duplicate'],
        ['select_one missing_list', 'colour', 'Colour'],
        ['decimal', 'weight', 'Weight', '', '. > '],
        ['text', 'x', 'X', 'jr:no-such-function(${age}, "a")'],
      ],
    });
    const result = await importXlsForm(file);
    const at = result.errors.map((e) => `${e.row}:${e.column} ${e.code}`);
    expect(at).toEqual(
      expect.arrayContaining([
        '2:name instruments.issues.duplicateName',
        '2:relevant instruments.issues.unknownReference',
        '4:type instruments.issues.unknownList',
        '5:constraint instruments.issues.badExpression',
        '6:relevant instruments.issues.badExpression',
      ]),
    );
  });

  it('accepts the type names and functions other tools write', async () => {
    const file = await workbook({
      survey: [
        ['type', 'name', 'label', 'calculation'],
        ['trigger', 'ok', 'Confirm'],
        ['begin_group', 'meta', ''],
        ['calculate', 'instanceID', '', "concat('uuid:', uuid())"],
        ['end_group'],
      ],
    });
    const result = await importXlsForm(file);
    expect(result.errors).toEqual([]);
    expect(result.definition?.items[0]).toMatchObject({ type: 'acknowledge', name: 'ok' });
  });

  it('reads plain and language columns together (plain = default language), and warns about missing translations', async () => {
    const file = await workbook({
      survey: [
        ['type', 'name', 'label', 'label::English (en)', 'label::Georgian (ka)', 'hint::English (en)'],
        ['text', 'a', 'A', 'A', 'ა', 'hint'],
      ],
    });
    const result = await importXlsForm(file);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual(['instruments.import.missingTranslation']);
    expect(result.definition?.items[0]).toMatchObject({ label: { default: 'A', en: 'A', ka: 'ა' } });
  });

  it('rejects a file that is not a workbook, or has no survey sheet', async () => {
    expect((await importXlsForm(Buffer.from('not a spreadsheet'))).errors[0]?.code).toBe('instruments.import.notXlsx');
    expect((await importXlsForm(await workbook({ choices: [['list_name', 'name']] }))).errors[0]?.code).toBe('instruments.import.noSurvey');
  });
});

describe('XLSForm export', () => {
  it.each(BUILT_IN_INSTRUMENTS.map((i) => [i.code, i] as const))('%s: import → export → import gives the same definition', async (code, instrument) => {
    const original = normalizeDefinition(definitionSchema.parse(instrument.definition));
    const exported = await exportXlsForm(original, { title: instrument.title });
    const first = await importXlsForm(exported);
    expect(first.errors).toEqual([]);
    expect(first.warnings).toEqual([]);
    expect(first.definition).toEqual(original);
    expect(first.title).toEqual(instrument.title);
    const again = await importXlsForm(await exportXlsForm(first.definition!, { title: instrument.title }));
    expect(again.definition).toEqual(first.definition);
  });
});

describe('group nesting has a documented limit', () => {
  it('an XLSForm with 500 nested groups is refused with a located error, not a stack overflow', async () => {
    const rows: string[][] = [['type', 'name', 'label']];
    for (let i = 0; i < 500; i++) rows.push(['begin group', `g${i}`, `G${i}`]);
    rows.push(['text', 'q', 'Q']);
    for (let i = 0; i < 500; i++) rows.push(['end group']);
    const result = await importXlsForm(await workbook({ survey: rows }));
    expect(result.definition).toBeUndefined();
    expect(result.errors).toContainEqual(expect.objectContaining({ code: 'instruments.issues.tooDeep', params: expect.objectContaining({ max: MAX_GROUP_DEPTH }) }));
  });

  it(`${MAX_GROUP_DEPTH} levels are fine, one more is not`, () => {
    const nest = (levels: number) => {
      let items: Item[] = [{ kind: 'question', type: 'text', name: 'q', label: { en: 'Q' } }];
      for (let i = 0; i < levels; i++) items = [{ kind: 'group', name: `g${i}`, label: { en: 'G' }, items }];
      return { items, choiceLists: {}, settings: {} };
    };
    expect(validateDefinition(nest(MAX_GROUP_DEPTH))).toEqual([]);
    expect(validateDefinition(nest(MAX_GROUP_DEPTH + 1))).toEqual([{ item: 'g0', field: 'items', code: 'instruments.issues.tooDeep', params: { max: MAX_GROUP_DEPTH } }]);
  });
});
