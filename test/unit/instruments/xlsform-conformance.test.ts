/**
 * XLSForm conformance corpus: one small form per pyxform feature or quirk, written here with
 * exceljs (no copied forms), each with the definition or the error it must give.
 */
import { describe, expect, it } from 'vitest';
import { flattenQuestions, textIn, type Definition, type Question } from '../../../common/instruments/definition';
import { evaluateForm, visibleChoices } from '../../../common/instruments/form-state';
import { exportXlsForm } from '../../../server/features/instruments/xlsform/export';
import { importXlsForm, type ImportResult } from '../../../server/features/instruments/xlsform/import';
import { workbook, type SheetRows } from '../../support/xlsform-workbook';

const at = (issues: ImportResult['errors']) => issues.map((i) => `${i.sheet}!${i.row}:${i.column} ${i.code}`);

async function imported(sheets: Record<string, SheetRows>): Promise<ImportResult & { definition: Definition }> {
  const result = await importXlsForm(await workbook(sheets));
  expect(at(result.errors)).toEqual([]);
  return result as ImportResult & { definition: Definition };
}

function question(definition: Definition, name: string): Question {
  const found = flattenQuestions(definition.items).find((q) => q.question.name === name);
  if (!found) throw new Error(`no question ${name}`);
  return found.question;
}

const yesno: SheetRows = [['list_name', 'name', 'label'], ['yn', 'yes', 'Yes'], ['yn', 'no', 'No']];

describe('XLSForm conformance: spellings pyxform accepts', () => {
  it('reads every select spelling, case-insensitively, keeping the list name as written', async () => {
    const { definition } = await imported({
      survey: [
        ['type', 'name', 'label'],
        ['select one from yn', 'a', 'A'],
        ['select all that apply from yn', 'b', 'B'],
        ['select one yn', 'c', 'C'],
        ['select1 yn', 'd', 'D'],
        ['SELECT_ONE yn', 'e', 'E'],
        ['Select_Multiple yn', 'f', 'F'],
        ['add select one prompt using yn', 'g', 'G'],
        ['select_one yn or_other', 'h', 'H'],
        ['select all that apply yn', 'i', 'I'],
      ],
      choices: yesno,
    });
    const types = Object.fromEntries(flattenQuestions(definition.items).map(({ question: q }) => [q.name, `${q.type} ${q.listName ?? ''}`.trim()]));
    expect(types).toEqual({
      a: 'select_one yn', b: 'select_multiple yn', c: 'select_one yn', d: 'select_one yn', e: 'select_one yn',
      f: 'select_multiple yn', g: 'select_one yn', h: 'select_one yn', h_other: 'text', i: 'select_multiple yn',
    });
  });

  it('maps the other type names and metadata aliases as pyxform does', async () => {
    const result = await imported({
      survey: [
        ['type', 'name', 'label', 'calculation', 'default'],
        ['imei', 'imei'],
        ['uri:deviceid', 'dev'],
        ['uri:email', 'mail'],
        ['phonenumber', 'ph'],
        ['simserial', 'sim'],
        ['subscriberid', 'sub'],
        ['add text prompt', 'a', 'A'],
        ['add integer prompt', 'b', 'B'],
        ['add date prompt', 'c', 'C'],
        ['string', 'd', 'D'],
        ['int', 'e', 'E'],
        ['photo', 'f', 'F'],
        ['trigger', 'g', 'G'],
        ['hidden', 'h', '', '', 'fixed'],
        ['phone number', 'i', 'Phone'],
        ['percentage', 'j', 'Share'],
        ['date time', 'k', 'When'],
        ['location', 'l', 'Where'],
        ['gps', 'm', 'Where'],
        ['geotrace', 'n', 'Route'],
        ['geoshape', 'o', 'Field'],
        ['start-geopoint', 'sg'],
      ],
    });
    expect(result.warnings.filter((w) => w.code === 'instruments.import.metadataIgnored')).toHaveLength(7);
    expect(['l', 'm', 'n', 'o'].map((n) => question(result.definition, n).type)).toEqual(['geopoint', 'geopoint', 'geotrace', 'geoshape']);
    const d = result.definition;
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'k'].map((n) => question(d, n).type)).toEqual(['text', 'integer', 'date', 'text', 'integer', 'image', 'acknowledge', 'dateTime']);
    expect(question(d, 'h')).toMatchObject({ type: 'calculate', calculation: "'fixed'" });
    expect(question(d, 'i')).toMatchObject({ type: 'text', constraint: "regex(., '^\\d*$')" });
    expect(question(d, 'j')).toMatchObject({ type: 'integer', constraint: '0 <= . and . <= 100' });
  });

  it('types a range as pyxform does: whole numbers, decimals when a parameter has decimals, counting down too', async () => {
    const result = await imported({
      survey: [
        ['type', 'name', 'label', 'parameters', 'bind::jr:noAppErrorString'],
        ['range', 'stars', 'Stars', 'start=1 end=5 step=1'],
        ['range', 'share', 'Share', 'start=0 end=1 step=0.1', 'Install the app'],
        ['range', 'down', 'Countdown', 'start=10 end=0 step=2'],
      ],
    });
    expect(['stars', 'share', 'down'].map((n) => [question(result.definition, n).type, question(result.definition, n).constraint])).toEqual([
      ['integer', '. >= 1 and . <= 5'], ['decimal', '. >= 0 and . <= 1'], ['integer', '. >= 0 and . <= 10'],
    ]);
    expect(evaluateForm(result.definition, { share: '0.3' }).errors).toEqual({});
    // The no-app message is not logic: ignored with a warning, not refused.
    expect(at(result.warnings)).toEqual(['survey!1:bind::jr:noAppErrorString instruments.import.columnIgnored', 'survey!2:type instruments.import.rangeAsInteger', 'survey!3:type instruments.import.rangeAsInteger', 'survey!4:type instruments.import.rangeAsInteger']);
  });

  it('maps bind::, body:: and control:: columns to the columns they stand for', async () => {
    const { definition } = await imported({
      survey: [
        ['type', 'name', 'label::English (en)', 'bind::relevant', 'bind::required', 'bind::constraint', 'bind::jr:constraintMsg::English (en)', 'bind::jr:requiredMsg::English (en)', 'bind::calculate', 'body::appearance', 'bind::readonly'],
        ['integer', 'age', 'Age', '', 'yes', '. < 120', 'Too old', 'Needed', '', '', ''],
        ['text', 'job', 'Job', '${age} > 15', '', '', '', '', '', 'multiline', 'true()'],
        ['calculate', 'double', '', '', '', '', '', '', '${age} * 2'],
      ],
    });
    expect(question(definition, 'age')).toMatchObject({ required: true, constraint: '. < 120', constraintMessage: { en: 'Too old' }, requiredMessage: { en: 'Needed' } });
    expect(question(definition, 'job')).toMatchObject({ relevant: '${age} > 15', appearance: 'multiline', readOnly: true });
    expect(question(definition, 'double')).toMatchObject({ calculation: '${age} * 2' });
  });

  it('reads single-colon headers when no header uses ::', async () => {
    const { definition } = await imported({
      survey: [
        ['type', 'name', 'label:English', 'label:Georgian', 'hint:English', 'bind:relevant', 'bind:jr:constraintMsg:English', 'constraint'],
        ['integer', 'n', 'Number', 'რიცხვი', 'Any', 'true()', 'Positive', '. > 0'],
      ],
    });
    expect(question(definition, 'n')).toMatchObject({ label: { en: 'Number', ka: 'რიცხვი' }, hint: { en: 'Any' }, relevant: 'true()', constraintMessage: { en: 'Positive' } });
  });

  it('refuses logic it cannot carry over, on the first row that uses it; empty columns are harmless', async () => {
    const result = await importXlsForm(await workbook({
      survey: [
        ['type', 'name', 'label', 'bind::jr:preload', 'bind::odk:length', 'trigger'],
        ['text', 'a', 'A'],
        ['text', 'b', 'B', 'uid'],
        ['text', 'c', 'C', 'uid', '', '${a}'],
      ],
    }));
    expect(result.definition).toBeUndefined();
    expect(at(result.errors)).toEqual(['survey!3:bind::jr:preload instruments.import.logicNotSupported', 'survey!4:trigger instruments.import.logicNotSupported']);
  });

  it('refuses duplicate column headers, as pyxform does', async () => {
    const result = await importXlsForm(await workbook({ survey: [['type', 'name', 'label', 'Label'], ['text', 'a', 'A', 'B']] }));
    expect(at(result.errors)).toEqual(['survey!1:Label instruments.import.duplicateColumn']);
  });

  it('accepts allow_choice_duplicates, notes without a name, empty and stray rows, and a single sheet with any name', async () => {
    const strayBelow: SheetRows = [['type', 'name', 'label', 'hint'], ['note', '', 'Welcome'], ['', '', '', 'a remark beside the form'], ['integer', 'q', 'Q']];
    for (let i = 0; i < 300; i++) strayBelow.push([]);
    strayBelow.push(['', '', '', 'stray']);
    const result = await imported({
      Form1: strayBelow,
    });
    expect(result.definition.items.map((i) => i.name)).toEqual(['note_2', 'q']);
    expect(result.definition.items[1]).toMatchObject({ type: 'integer' });
    const withDuplicates = await imported({
      survey: [['type', 'name', 'label'], ['select_one yn', 'q', 'Q']],
      choices: [['list_name', 'name', 'label'], ['yn', 'yes', 'Yes'], ['yn', 'yes', 'Also yes']],
      settings: [['allow_choice_duplicates'], ['yes']],
    });
    expect(withDuplicates.definition.choiceLists.yn).toHaveLength(2);
  });

  it('takes a label given only as media::image (the name stands in, with a warning)', async () => {
    const result = await imported({ survey: [['type', 'name', 'media::image'], ['note', 'logo', 'logo.png']] });
    expect(result.definition.items[0]).toMatchObject({ label: { default: 'logo' } });
    expect(result.warnings.map((w) => w.code)).toEqual(['instruments.import.mediaIgnored']);
  });

  it('keeps labels in other languages and shows the default language', async () => {
    const result = await imported({
      survey: [['type', 'name', 'label::Français (fr)', 'label::English (en)', 'label::Español (es)'], ['text', 'a', 'Nom', 'Name', 'Nombre']],
      settings: [['default_language'], ['Français (fr)']],
    });
    expect(result.definition.items[0]).toMatchObject({ label: { default: 'Nom', en: 'Name', other: { 'Español (es)': 'Nombre' } } });
    expect(result.definition.settings.defaultLanguageName).toBe('Français (fr)');
    expect(result.warnings).toEqual([]);
  });

  it('allows spaces in choice names of select_one lists, not of select_multiple lists (named in the message)', async () => {
    await imported({ survey: [['type', 'name', 'label'], ['select_one places', 'p', 'P']], choices: [['list_name', 'name', 'label'], ['places', 'new york', 'New York']] });
    const multiple = await importXlsForm(await workbook({ survey: [['type', 'name', 'label'], ['select_multiple places', 'p', 'P']], choices: [['list_name', 'name', 'label'], ['places', 'new york', 'New York']] }));
    expect(multiple.errors).toEqual([{ sheet: 'choices', row: 2, column: 'name', code: 'instruments.issues.choiceWithSpace', params: { name: 'new york', item: 'places' } }]);
  });

  it('accepts names in Georgian script, referenced from expressions and labels', async () => {
    const { definition } = await imported({
      survey: [['type', 'name', 'label', 'relevant'], ['text', 'სახელი', 'სახელი'], ['integer', 'ასაკი', 'ასაკი ${სახელი}', "${სახელი} != ''"]],
    });
    expect(question(definition, 'ასაკი').relevant).toBe("${სახელი} != ''");
  });

  it('allows the same name in different groups (kept apart inside Ertad, written back as it was); refuses it twice in one group or when a reference is ambiguous', async () => {
    const sheets = {
      survey: [
        ['type', 'name', 'label', 'relevant'],
        ['begin group', 'mother', 'Mother'], ['integer', 'age', 'Age'], ['end group'],
        ['begin group', 'father', 'Father'], ['integer', 'age', 'Age'], ['end group'],
        ['text', 'note_on_father', 'Note', '${note_on_father} != ""'],
      ],
    };
    const { definition } = await imported(sheets);
    expect(flattenQuestions(definition.items).map((q) => q.question.name)).toEqual(['age', 'father.age', 'note_on_father']);
    expect(question(definition, 'father.age').xlsformName).toBe('age');
    const again = await importXlsForm(await exportXlsForm(definition, { title: { en: 'Parents' } }));
    expect(again.definition).toEqual(definition);

    const ambiguous = await importXlsForm(await workbook({ survey: [...sheets.survey.slice(0, 7), ['text', 'x', 'X', '${age} > 60']] }));
    expect(at(ambiguous.errors)).toEqual(['survey!8:relevant instruments.issues.ambiguousReference']);
    const twice = await importXlsForm(await workbook({ survey: [['type', 'name', 'label'], ['begin group', 'g', 'G'], ['text', 'a', 'A'], ['text', 'a', 'B'], ['end group']] }));
    expect(at(twice.errors)).toEqual(['survey!3:name instruments.issues.duplicateName']);
  });

  it('accepts a hint instead of a label, labels only in another language, dynamic defaults and current()/../x', async () => {
    const result = await imported({
      survey: [
        ['type', 'name', 'label::Français (fr)', 'hint::Français (fr)', 'default', 'choice_filter', 'relevant'],
        ['text', 'hint_only', '', 'Écrivez ici'],
        ['date', 'visit', 'Date', '', 'today()'],
        ['select_one region', 'region', 'Région'],
        ['select_one town', 'town', 'Ville', '', '', 'region = current()/../region', 'current()/../visit != ""'],
      ],
      choices: [['list_name', 'name', 'label::Français (fr)', 'region'], ['region', 'k', 'Kakhétie'], ['town', 't', 'Telavi', 'k']],
    });
    const state = evaluateForm(result.definition, { region: 'k' }, new Date(Date.UTC(2026, 10, 26, 12)));
    expect(state.values.visit).toBe('2026-11-26');
    expect(state.relevant.town).toBe(true);
    expect(visibleChoices(question(result.definition, 'town'), result.definition, state.values).map((c) => c.name)).toEqual(['t']);
    expect(textIn(question(result.definition, 'region').label, 'ka')).toBe('Région');
  });

  it('accepts an expression in required', async () => {
    const { definition } = await imported({ survey: [['type', 'name', 'label', 'required'], ['integer', 'age', 'Age', 'yes'], ['text', 'job', 'Job', '${age} >= 18']] });
    expect(question(definition, 'job').required).toBe('${age} >= 18');
  });

  it('honours title, id_string and version, and says which settings it ignores', async () => {
    const result = await imported({
      survey: [['type', 'name', 'label'], ['text', 'a', 'A']],
      settings: [['title', 'id_string', 'version', 'instance_name', 'public_key'], ['Household', 'HH_Survey', '2024031501', "concat('hh-', ${a})", 'abc']],
    });
    expect(result.formId).toBe('HH_Survey');
    expect(result.title).toEqual({ default: 'Household' });
    expect(result.definition.settings).toMatchObject({ formId: 'HH_Survey', version: '2024031501' });
    expect(at(result.warnings)).toEqual(['settings!2:instance_name instruments.import.settingIgnored', 'settings!2:public_key instruments.import.settingIgnored']);
  });

  it('reports external data as out of scope', async () => {
    const result = await importXlsForm(await workbook({
      survey: [
        ['type', 'name', 'label', 'calculation', 'appearance'],
        ['select_one_from_file villages.csv', 'v', 'Village'],
        ['select_one_external towns', 't', 'Town'],
        ['calculate', 'p', '', "pulldata('prices', 'price', 'item', ${v})"],
        ['select_one fruit', 'f', 'Fruit', '', "search('fruits')"],
      ],
      choices: [['list_name', 'name', 'label'], ['fruit', 'name_key', 'name']],
    }));
    expect(at(result.errors)).toEqual([
      'survey!2:type instruments.import.externalData',
      'survey!3:type instruments.import.externalData',
      'survey!5:appearance instruments.import.externalData',
      'survey!4:calculation instruments.import.externalData',
    ]);
  });

  it('refuses an old .xls file with advice to save it as .xlsx', async () => {
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect((await importXlsForm(xls)).errors).toEqual([{ sheet: '', row: 0, column: '', code: 'instruments.import.xlsNotSupported' }]);
  });
});

describe('XLSForm conformance: functions and lookups', () => {
  it('evaluates the XPath/ODK functions forms use, absolute paths, and aggregates over repeats', async () => {
    const { definition, warnings } = await imported({
      survey: [
        ['type', 'name', 'label', 'calculation', 'repeat_count'],
        ['select_one colour', 'fav', 'Favourite'],
        ['text', 'word', 'Word'],
        ['dateTime', 'at', 'At'],
        ['calculate', 'fav_label', '', "jr:choice-name(${fav}, '${fav}')"],
        ['calculate', 'starts', '', "starts-with(${word}, 'ab')"],
        ['calculate', 'ends', '', "ends-with(${word}, 'yz')"],
        ['calculate', 'upper', '', "translate(${word}, 'abc', 'ABC')"],
        ['calculate', 'before', '', "substring-before(${word}, '-')"],
        ['calculate', 'after', '', "substring-after(${word}, '-')"],
        ['calculate', 'power', '', 'pow(2, 10) + sqrt(16)'],
        ['calculate', 'logs', '', 'round(log(exp(2)), 6)'],
        ['calculate', 'days', '', 'decimal-date-time(${at})'],
        ['calculate', 'absolute', '', 'string-length(/data/word)'],
        ['integer', 'n', 'How many?'],
        ['begin repeat', 'child', 'Child', '', '${n}'],
        ['integer', 'age', 'Age'],
        ['calculate', 'pos', '', 'position(..)'],
        ['calculate', 'older', '', '${age} + 1'],
        ['end repeat'],
        ['calculate', 'total', '', 'sum(${age})'],
        ['calculate', 'how_many', '', 'count(${child})'],
        ['calculate', 'oldest', '', 'max(${age})'],
        ['calculate', 'youngest', '', 'min(${age})'],
        ['calculate', 'second', '', 'indexed-repeat(${age}, ${child}, 2)'],
      ],
      choices: [['list_name', 'name', 'label'], ['colour', 'red', 'Red'], ['colour', 'blue', 'Blue']],
    });
    expect(warnings).toEqual([]);
    const again = await importXlsForm(await exportXlsForm(definition, { title: { en: 'Functions' } }));
    expect(again.warnings).toEqual([]);
    expect(again.definition).toEqual(definition);
    const state = evaluateForm(definition, {
      fav: 'blue', word: 'abc-xyz', at: '1970-01-03T12:00:00Z', n: 3, child: 3, 'child[1]/age': 4, 'child[2]/age': 9, 'child[3]/age': 2,
    });
    expect(state.errors).toEqual({});
    const v = state.values;
    expect([v.fav_label, v.starts, v.ends, v.upper, v.before, v.after]).toEqual(['Blue', true, true, 'ABC-xyz', 'abc', 'xyz']);
    expect([v.power, v.logs, v.days, v.absolute]).toEqual([1028, 2, 2.5, 7]);
    expect([v['child[1]/pos'], v['child[3]/pos'], v['child[2]/older']]).toEqual([1, 3, 10]);
    expect([v.total, v.how_many, v.oldest, v.youngest, v.second]).toEqual([15, 3, 9, 2, 9]);
  });

  it("looks up the form's own choice lists with instance('list')/root/item[…], and names the question when the list is not there", async () => {
    const { definition } = await imported({
      survey: [
        ['type', 'name', 'label', 'calculation', 'relevant'],
        ['select_one village', 'v', 'Village'],
        ['calculate', 'pop', '', "instance('village')/root/item[name = ${v}]/pop"],
        ['calculate', 'v_label', '', "instance('village')/root/item[name=${v}]/label"],
        ['calculate', 'big', '', "count(instance('village')/root/item[pop > 15])"],
        ['calculate', 'everyone', '', "sum(instance('village')/root/item/pop)"],
        ['calculate', 'second', '', "instance('village')/root/item[2]/label"],
        ['note', 'large', 'A large village', '', "instance('village')/root/item[name = current()/../v]/pop > 100"],
      ],
      choices: [['list_name', 'name', 'label', 'pop'], ['village', 'a', 'Akhmeta', '10'], ['village', 'b', 'Bodbe', '20'], ['village', 'c', 'Chabukiani', '150']],
    });
    // Extra choice columns and lookups survive Ertad's own export.
    const again = await importXlsForm(await exportXlsForm(definition, { title: { en: 'Villages' } }));
    expect(again.warnings).toEqual([]);
    expect(again.definition).toEqual(definition);
    const state = evaluateForm(definition, { v: 'c' });
    expect([state.values.pop, state.values.v_label, state.values.big, state.values.everyone, state.values.second]).toEqual(['150', 'Chabukiani', 2, 180, 'Bodbe']);
    expect(state.relevant.large).toBe(true);
    expect(evaluateForm(definition, { v: 'a' }).relevant.large).toBe(false);

    const missing = await importXlsForm(await workbook({
      survey: [['type', 'name', 'label', 'calculation'], ['text', 'a', 'A'], ['calculate', 'price', '', "instance('prices')/root/item[name = ${a}]/price"]],
    }));
    expect(missing.errors).toEqual([{ sheet: 'survey', row: 3, column: 'calculation', code: 'instruments.issues.unknownLookupList', params: { name: 'prices', item: 'price' } }]);
    const malformed = await importXlsForm(await workbook({ survey: [['type', 'name', 'label', 'calculation'], ['calculate', 'odd', '', "instance('x')/data/row"]] }));
    expect(at(malformed.errors)).toEqual(['survey!2:calculation instruments.issues.badExpression']);
    // A lookup in an external file is reported once, on the row that declares it.
    const external = await importXlsForm(await workbook({
      survey: [['type', 'name', 'label', 'calculation'], ['csv-external', 'prices'], ['calculate', 'price', '', "instance('prices')/root/item[name = 'x']/price"]],
    }));
    expect(at(external.errors)).toEqual(['survey!2:type instruments.import.externalData']);
  });
});

describe('XLSForm conformance: messages', () => {
  it('names the question, sits on the first occurrence, and does not cascade from a rejected row', async () => {
    const result = await importXlsForm(await workbook({
      survey: [
        ['type', 'name', 'label', 'relevant'],
        ['integer', 'child_age', 'Age'],
        ['osm', 'building', 'Building'],
        ['text', 'child_age', 'Again'],
        ['text', 'about', 'About', "${building} != ''"],
      ],
    }));
    expect(result.errors).toEqual([
      { sheet: 'survey', row: 3, column: 'type', code: 'instruments.import.unsupportedType', params: { type: 'osm', item: 'building' } },
      { sheet: 'survey', row: 2, column: 'name', code: 'instruments.issues.duplicateName', params: { item: 'child_age' } },
    ]);
  });

  it('checks the rows of a rejected block without letting them collide with the rest', async () => {
    const result = await importXlsForm(await workbook({
      survey: [
        ['type', 'name', 'label', 'required'],
        ['begin loop over rooms', 'rooms', 'Rooms'],
        ['integer', 'age', 'Age', 'sometimes'],
        ['end loop'],
        ['integer', 'age', 'Age'],
        ['text', 'why', 'Why', '${age} > 3'],
      ],
    }));
    expect(at(result.errors)).toEqual(['survey!2:type instruments.import.unsupportedType', 'survey!3:required instruments.import.notYesNo']);
  });

  it('imports a list of 2,000 villages; reports size limits with sheet, row and column', async () => {
    const villages: SheetRows = [['list_name', 'name', 'label']];
    for (let i = 1; i <= 2000; i++) villages.push(['village', `v${i}`, `Village ${i}`]);
    const big = await imported({ survey: [['type', 'name', 'label'], ['select_one village', 'v', 'Village']], choices: villages });
    expect(big.definition.choiceLists.village).toHaveLength(2000);

    for (let i = 2001; i <= 5001; i++) villages.push(['village', `v${i}`, `Village ${i}`]);
    const long = 'x'.repeat(101);
    const tooBig = await importXlsForm(await workbook({ survey: [['type', 'name', 'label', 'relevant'], ['select_one village', 'v', 'Village', `'${'a'.repeat(2001)}'`], ['text', long, 'Long']], choices: villages }));
    expect(at(tooBig.errors)).toEqual(['choices!5002:list_name instruments.import.tooManyChoices', 'survey!2:relevant instruments.import.tooLong', 'survey!3:name instruments.import.tooLong']);
  });
});

describe('XLSForm conformance: item limit', () => {
  it('reports more than 2,000 questions and groups on the first row over the limit', async () => {
    const rows: SheetRows = [['type', 'name', 'label']];
    for (let i = 1; i <= 2001; i++) rows.push(['text', `q${i}`, `Q${i}`]);
    const result = await importXlsForm(await workbook({ survey: rows }));
    expect(result.errors).toEqual([{ sheet: 'survey', row: 2002, column: 'type', code: 'instruments.import.tooManyItems', params: { max: 2000 } }]);
  });
});

describe('XLSForm conformance: repeats', () => {
  it('reads begin/end repeat (any spelling), repeat_count and nested repeats, and writes them back', async () => {
    const original = await imported({
      survey: [
        ['type', 'name', 'label', 'repeat_count', 'calculation'],
        ['integer', 'n', 'How many people?'],
        ['begin repeat', 'person', 'Person', '${n}'],
        ['text', 'pname', 'Name'],
        ['begin_repeat', 'visit', 'Visit'],
        ['date', 'on', 'Date of visit to ${pname}'],
        ['end_repeat'],
        ['calculate', 'visits', '', '', 'count(${visit})'],
        ['end repeat'],
        ['calculate', 'all_visits', '', '', 'sum(${visits})'],
      ],
    });
    const person = original.definition.items[1]!;
    expect(person).toMatchObject({ kind: 'group', name: 'person', repeat: true, repeatCount: '${n}' });
    expect(person.kind === 'group' && person.items[1]).toMatchObject({ kind: 'group', name: 'visit', repeat: true });
    const again = await importXlsForm(await exportXlsForm(original.definition, { title: { en: 'People' } }));
    expect(again.warnings).toEqual([]);
    expect(again.definition).toEqual(original.definition);
  });

  it("reads pyxform's old repeat spellings: begin lgroup and begin looped group", async () => {
    const { definition } = await imported({
      survey: [
        ['type', 'name', 'label'],
        ['begin lgroup', 'plot', 'Plot'], ['decimal', 'size', 'Size'], ['end lgroup'],
        ['Begin Looped Group', 'crop', 'Crop'], ['text', 'kind', 'Kind'], ['end looped group'],
      ],
    });
    expect(definition.items).toMatchObject([{ kind: 'group', name: 'plot', repeat: true }, { kind: 'group', name: 'crop', repeat: true }]);
  });

  it('reports an end that closes the wrong kind of block', async () => {
    const result = await importXlsForm(await workbook({ survey: [['type', 'name', 'label'], ['begin repeat', 'r', 'R'], ['text', 'a', 'A'], ['end group']] }));
    expect(at(result.errors)).toEqual(['survey!4:type instruments.import.unmatchedEnd', 'survey!2:type instruments.import.unclosedGroup']);
  });
});

describe('XLSForm conformance: round trip', () => {
  it('export → import gives the same definition, no warnings, and the form_id exactly as it was (or none)', async () => {
    const original = await imported({
      survey: [
        ['type', 'name', 'label::English (en)', 'label::Deutsch (de)', 'required', 'relevant'],
        ['select_one yn or_other', 'pick', 'Pick', 'Wähle', 'yes'],
        ['rank yn', 'order', 'Order', 'Reihenfolge'],
        ['time', 'at', 'At', 'Um', "${pick} = 'yes'"],
        ['dateTime', 'when', 'When', 'Wann', '', "selected(${pick}, 'other')"],
        ['barcode', 'code', 'Code', 'Code'],
        ['geopoint', 'where', 'Where', 'Wo'],
      ],
      choices: [['list_name', 'name', 'label::English (en)', 'label::Deutsch (de)'], ['yn', 'yes', 'Yes', 'Ja'], ['yn', 'no', 'No', 'Nein']],
      settings: [['form_id', 'version'], ['MixedCase_Form', '7']],
    });
    expect(original.warnings.map((w) => w.code)).toEqual(['instruments.import.barcodeAsText']);
    const again = await importXlsForm(await exportXlsForm(original.definition, { title: { en: 'Form' } }));
    expect(again.errors).toEqual([]);
    expect(again.warnings).toEqual([]);
    expect(again.definition).toEqual(original.definition);
    expect(again.formId).toBe('MixedCase_Form');

    const withoutId = await imported({ survey: [['type', 'name', 'label'], ['text', 'a', 'A']] });
    const reexported = await importXlsForm(await exportXlsForm(withoutId.definition, { title: { en: 'Form' } }));
    expect(reexported.formId).toBeUndefined();
    expect(reexported.warnings).toEqual([]);
  });
});
