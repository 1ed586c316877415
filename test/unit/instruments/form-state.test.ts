import { describe, expect, it } from 'vitest';
import { definition as definitionSchema, syncOtherQuestions, type Definition } from '../../../common/instruments/definition';
import { addInstance, evaluateForm, interpolate, removeInstance, visibleChoices } from '../../../common/instruments/form-state';
import { geopointColumns, toGeoJson } from '../../../common/instruments/geo';
import { scoreForm } from '../../../common/instruments/scoring';
import { validateDefinition } from '../../../common/instruments/validate-definition';

const def = (input: unknown): Definition => definitionSchema.parse(input);

const household = def({
  items: [
    { kind: 'question', type: 'integer', name: 'age', label: { en: 'Age' }, required: true, constraint: '. >= 0 and . <= 120', constraintMessage: { en: 'Age is 0 to 120', ka: 'ასაკი 0-დან 120-მდე' } },
    { kind: 'question', type: 'select_one', name: 'school', label: { en: 'Goes to school?' }, listName: 'yesno', relevant: '${age} >= 6 and ${age} <= 18' },
    {
      kind: 'group', name: 'adult', label: { en: 'Adult' }, relevant: '${age} >= 18',
      items: [{ kind: 'question', type: 'text', name: 'job', label: { en: 'Job' }, required: true }],
    },
    { kind: 'question', type: 'calculate', name: 'later', calculation: '${double} + 1' },
    { kind: 'question', type: 'calculate', name: 'double', calculation: '${age} * 2' },
    { kind: 'question', type: 'select_one', name: 'region', label: { en: 'Region' }, listName: 'regions' },
    { kind: 'question', type: 'select_one', name: 'town', label: { en: 'Town' }, listName: 'towns', choiceFilter: 'region = ${region}' },
  ],
  choiceLists: {
    yesno: [{ name: 'yes', label: { en: 'Yes' } }, { name: 'no', label: { en: 'No' } }],
    regions: [{ name: 'ka', label: { en: 'Kakheti' } }, { name: 'im', label: { en: 'Imereti' } }],
    towns: [
      { name: 'telavi', label: { en: 'Telavi' }, properties: { region: 'ka' } },
      { name: 'kutaisi', label: { en: 'Kutaisi' }, properties: { region: 'im' } },
    ],
  },
});

describe('form state', () => {
  it('the example definition is valid', () => {
    expect(validateDefinition(household)).toEqual([]);
  });

  it('requires, constrains and types answers', () => {
    expect(evaluateForm(household, {}).errors.age).toEqual({ key: 'instruments.errors.required' });
    expect(evaluateForm(household, { age: '200' }).errors.age?.message?.ka).toBe('ასაკი 0-დან 120-მდე');
    expect(evaluateForm(household, { age: 'ten' }).errors.age).toEqual({ key: 'instruments.errors.integer' });
    expect(evaluateForm(household, { age: '9', school: 'maybe' }).errors.school).toEqual({ key: 'instruments.errors.choice' });
    expect(evaluateForm(household, { age: '9', school: 'yes' }).errors).toEqual({});
  });

  it('shows questions and groups only when relevant, and ignores hidden answers', () => {
    const child = evaluateForm(household, { age: '9', job: 'teacher' });
    expect(child.relevant).toMatchObject({ school: true, adult: false, job: false });
    expect(child.values.job).toBe('');
    const adult = evaluateForm(household, { age: '30' });
    expect(adult.relevant).toMatchObject({ school: false, adult: true, job: true });
    expect(adult.errors.job).toEqual({ key: 'instruments.errors.required' });
  });

  it('computes calculations in any order', () => {
    expect(evaluateForm(household, { age: '30' }).values).toMatchObject({ double: 60, later: 61 });
  });

  it('starts unanswered questions from their default, but keeps an answer the user cleared', () => {
    const withDefault = def({ items: [{ kind: 'question', type: 'integer', name: 'visits', label: { en: 'Visits' }, default: '1' }] });
    expect(evaluateForm(withDefault, {}).values.visits).toBe('1');
    expect(evaluateForm(withDefault, { visits: '' }).values.visits).toBe('');
  });

  it('shows answers inside labels', () => {
    expect(interpolate('How old is ${ name }? (${missing})', { name: 'ნინო' })).toBe('How old is ნინო? ()');
  });

  it('filters choices by an earlier answer', () => {
    const town = household.items.find((i) => i.name === 'town');
    if (town?.kind !== 'question') throw new Error('no town');
    const state = evaluateForm(household, { age: '30', region: 'im' });
    expect(visibleChoices(town, household, state.values).map((c) => c.name)).toEqual(['kutaisi']);
  });
});

describe('definition validation', () => {
  it('reports bad expressions, unknown references, lists and duplicate names with their location', () => {
    const issues = validateDefinition(
      def({
        items: [
          { kind: 'question', type: 'text', name: 'a', label: { en: 'A' }, relevant: '${b} = ' },
          { kind: 'question', type: 'text', name: 'a', label: { en: 'A again' } },
          { kind: 'question', type: 'select_one', name: 'c', label: { en: 'C' }, listName: 'nolist', constraint: '${ghost} > 1' },
          { kind: 'question', type: 'calculate', name: 'd' },
          { kind: 'question', type: 'text', name: '1bad', label: {} },
        ],
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ item: 'a', field: 'relevant', code: 'instruments.issues.badExpression' }),
        expect.objectContaining({ item: 'a', field: 'name', code: 'instruments.issues.duplicateName' }),
        expect.objectContaining({ item: 'c', field: 'listName', code: 'instruments.issues.unknownList' }),
        expect.objectContaining({ item: 'c', field: 'constraint', code: 'instruments.issues.unknownReference', params: { name: 'ghost' } }),
        expect.objectContaining({ item: 'd', field: 'calculation', code: 'instruments.issues.missingCalculation' }),
        expect.objectContaining({ item: '1bad', field: 'name', code: 'instruments.issues.badName' }),
        expect.objectContaining({ item: '1bad', field: 'label', code: 'instruments.issues.missingLabel' }),
      ]),
    );
  });
});

describe('scoring', () => {
  const scale = [1, 2, 3, 4].map((n) => ({ name: String(n), label: { en: String(n) }, score: n }));
  const assessment = def({
    items: [
      {
        kind: 'group', name: 'governance', label: { en: 'Governance' },
        items: [
          { kind: 'question', type: 'select_one', name: 'g1', label: { en: 'Vision' }, listName: 'scale' },
          { kind: 'question', type: 'select_one', name: 'g2', label: { en: 'Board' }, listName: 'scale' },
          { kind: 'question', type: 'text', name: 'g_note', label: { en: 'Why' } },
        ],
      },
      {
        kind: 'group', name: 'finance', label: { en: 'Finance' }, scoreMethod: 'weighted',
        items: [
          { kind: 'question', type: 'select_one', name: 'f1', label: { en: 'Budget' }, listName: 'scale', weight: 3 },
          { kind: 'question', type: 'select_one', name: 'f2', label: { en: 'Audit' }, listName: 'scale', weight: 1 },
        ],
      },
    ],
    choiceLists: { scale: [...scale, { name: 'na', label: { en: 'N/A' }, score: null }] },
    scoring: {
      method: 'mean',
      bands: [
        { min: 1, max: 2.49, label: { en: 'Needs major improvement' } },
        { min: 2.5, max: 4, label: { en: 'Acceptable' } },
      ],
    },
  });

  it('averages sections, leaves N/A out, weights where asked, and maps the overall score to a band', () => {
    const state = evaluateForm(assessment, { g1: '4', g2: 'na', f1: '1', f2: '4' });
    const result = scoreForm(assessment, state);
    expect(result.sections).toEqual([
      expect.objectContaining({ name: 'governance', score: 4, count: 1 }),
      expect.objectContaining({ name: 'finance', score: 1.75, count: 2 }),
    ]);
    expect(result.overall).toBe(2.88);
    expect(result.band?.en).toBe('Acceptable');
  });

  it('has no score when nothing scored was answered', () => {
    expect(scoreForm(assessment, evaluateForm(assessment, { g2: 'na' })).overall).toBeNull();
  });
});

describe('time, dateTime, rank, or_other and conditional required', () => {
  const form = def({
    items: [
      { kind: 'question', type: 'time', name: 'at', label: { en: 'At' } },
      { kind: 'question', type: 'dateTime', name: 'when', label: { en: 'When' } },
      { kind: 'question', type: 'rank', name: 'order', label: { en: 'Order' }, listName: 'abc' },
      { kind: 'question', type: 'select_one', name: 'pick', label: { en: 'Pick' }, listName: 'abc', orOther: true },
      { kind: 'question', type: 'text', name: 'pick_other', label: { en: 'Specify other' }, relevant: "selected(${pick}, 'other')", otherOf: 'pick' },
      { kind: 'question', type: 'text', name: 'why', label: { en: 'Why' }, required: "${pick} = 'a'" },
      { kind: 'question', type: 'calculate', name: 'picked', calculation: "jr:choice-name(${pick}, '${pick}')" },
    ],
    choiceLists: { abc: [{ name: 'a', label: { en: 'A', ka: 'ა' } }, { name: 'b', label: { en: 'B' } }, { name: 'c', label: { en: 'C' } }] },
    settings: { defaultLanguage: 'en' },
  });

  it('checks the shape of time and dateTime answers', () => {
    expect(evaluateForm(form, { at: '14:30', when: '2026-11-25T14:30' }).errors).toEqual({});
    const bad = evaluateForm(form, { at: '25:00', when: '2026-11-25' }).errors;
    expect(bad.at?.key).toBe('instruments.errors.time');
    expect(bad.when?.key).toBe('instruments.errors.dateTime');
  });

  it('takes a ranking of distinct choices', () => {
    expect(evaluateForm(form, { order: 'c a b' }).errors.order).toBeUndefined();
    expect(evaluateForm(form, { order: 'a a b' }).errors.order?.key).toBe('instruments.errors.choice');
  });

  it('offers Other with a specify-other text, and names the picked choice', () => {
    expect(visibleChoices(form.items[3] as never, form, {}).map((c) => c.name)).toEqual(['a', 'b', 'c', 'other']);
    const state = evaluateForm(form, { pick: 'other', pick_other: 'Something else' });
    expect(state.errors).toEqual({});
    expect(state.relevant.pick_other).toBe(true);
    expect(state.values.picked).toBe('Other');
  });

  it('requires an answer only while the required expression holds', () => {
    expect(evaluateForm(form, { pick: 'a' }).errors.why?.key).toBe('instruments.errors.required');
    expect(evaluateForm(form, { pick: 'b' }).errors.why).toBeUndefined();
    expect(evaluateForm(form, { pick: 'a' }).required.why).toBe(true);
  });
});

describe('repeats', () => {
  const household = def({
    items: [
      { kind: 'question', type: 'integer', name: 'size', label: { en: 'Household size' } },
      {
        kind: 'group', name: 'member', label: { en: 'Member' }, repeat: true,
        items: [
          { kind: 'question', type: 'text', name: 'first', label: { en: 'Name' }, required: true },
          { kind: 'question', type: 'integer', name: 'age', label: { en: 'Age of ${first}' } },
          { kind: 'question', type: 'select_one', name: 'school', label: { en: 'School?' }, listName: 'yn', relevant: '${age} < 18', required: true },
          { kind: 'question', type: 'calculate', name: 'nr', calculation: 'position(..)' },
          {
            kind: 'group', name: 'child', label: { en: 'Child' }, repeat: true, repeatCount: '${kids}',
            items: [{ kind: 'question', type: 'integer', name: 'child_age', label: { en: 'Age' }, constraint: '. < ${age}' }],
          },
          { kind: 'question', type: 'integer', name: 'kids', label: { en: 'Children' } },
        ],
      },
      { kind: 'question', type: 'calculate', name: 'total_age', calculation: 'sum(${age})' },
      { kind: 'question', type: 'calculate', name: 'members', calculation: 'count(${member})' },
      { kind: 'question', type: 'calculate', name: 'oldest', calculation: 'max(${age})' },
      { kind: 'question', type: 'calculate', name: 'second', calculation: 'indexed-repeat(${first}, ${member}, 2)' },
    ],
    choiceLists: { yn: [{ name: 'yes', label: { en: 'Yes' } }, { name: 'no', label: { en: 'No' } }] },
  });

  const answers = {
    member: 2,
    'member[1]/first': 'Nino', 'member[1]/age': '40', 'member[1]/kids': '1', 'member[1]/child[1]/child_age': '12',
    'member[2]/first': 'Luka', 'member[2]/age': '12',
  };

  it('evaluates each instance with its own values, and aggregates over all instances', () => {
    const state = evaluateForm(household, answers);
    expect(state.relevant['member[1]/school']).toBe(false);
    expect(state.relevant['member[2]/school']).toBe(true);
    expect(state.errors).toEqual({ 'member[2]/school': { key: 'instruments.errors.required' } });
    expect(state.values['member[2]/nr']).toBe(2);
    expect(state.values).toMatchObject({ total_age: 52, members: 2, oldest: 40, second: 'Luka' });
    expect(interpolate('Age of ${first}', state.lookup('member[2]/age'))).toBe('Age of Luka');
  });

  it('sizes a repeat by its repeat_count, nested inside another repeat', () => {
    const state = evaluateForm(household, { ...answers, 'member[1]/kids': '2', 'member[1]/child[2]/child_age': '50' });
    expect(state.values['member[1]/child']).toBe(2);
    expect(state.values['member[2]/child']).toBe(0);
    expect(state.errors['member[1]/child[2]/child_age']?.key).toBe('instruments.errors.constraint');
  });

  it('starts with one instance, and removing one moves the later ones up', () => {
    expect(evaluateForm(household, {}).values.member).toBe(1);
    const removed = removeInstance(answers, 'member', 1, 2);
    expect(removed).toEqual({ member: 1, 'member[1]/first': 'Luka', 'member[1]/age': '12' });
    expect(addInstance(removed, 'member', 1)).toMatchObject({ member: 2 });
  });

  it('scores every instance of a repeat as one section', () => {
    const scored = def({
      items: [{ kind: 'group', name: 'visit', label: { en: 'Visit' }, repeat: true, items: [{ kind: 'question', type: 'integer', name: 'rating', label: { en: 'Rating' }, scored: true }] }],
    });
    const result = scoreForm(scored, evaluateForm(scored, { visit: 3, 'visit[1]/rating': '2', 'visit[2]/rating': '4', 'visit[3]/rating': '' }));
    expect(result.sections).toEqual([expect.objectContaining({ name: 'visit', score: 3, count: 2 })]);
  });
});

describe('locations (geopoint, geotrace, geoshape) as GeoJSON', () => {
  const form = def({
    items: [
      { kind: 'question', type: 'geopoint', name: 'home', label: { en: 'Home' }, constraint: 'selected-at(., 3) < 50' },
      { kind: 'question', type: 'geotrace', name: 'road', label: { en: 'Road' } },
      { kind: 'question', type: 'geoshape', name: 'field', label: { en: 'Field' } },
      { kind: 'question', type: 'calculate', name: 'lat', calculation: 'selected-at(${home}, 0)' },
      { kind: 'question', type: 'calculate', name: 'road_m', calculation: 'round(distance(${road}), 0)' },
      { kind: 'question', type: 'calculate', name: 'field_m2', calculation: 'round(area(${field}), -2)' },
    ],
  });
  const home = toGeoJson('geopoint', [{ lat: 41.7151, lon: 44.8271, alt: 490, accuracy: 12 }]);
  const road = toGeoJson('geotrace', [{ lat: 0, lon: 0 }, { lat: 0, lon: 0.01 }]);
  const field = toGeoJson('geoshape', [{ lat: 0, lon: 0 }, { lat: 0, lon: 0.001 }, { lat: 0.001, lon: 0.001 }, { lat: 0.001, lon: 0 }]);

  it('stores GeoJSON features with longitude first and the accuracy kept', () => {
    expect(JSON.parse(home)).toEqual({ type: 'Feature', geometry: { type: 'Point', coordinates: [44.8271, 41.7151, 490] }, properties: { accuracy: 12 } });
    expect(geopointColumns(home)).toEqual({ latitude: 41.7151, longitude: 44.8271, altitude: 490, accuracy: 12 });
    expect(geopointColumns('')).toEqual({ latitude: '', longitude: '', altitude: '', accuracy: '' });
    expect(JSON.parse(field).geometry.coordinates[0]).toHaveLength(5);
  });

  it('validates the shapes and lets expressions read them as ODK does', () => {
    const state = evaluateForm(form, { home, road, field });
    expect(state.errors).toEqual({});
    expect(state.values.lat).toBe('41.7151');
    expect(state.values.road_m).toBe(1113);
    expect(state.values.field_m2).toBe(12400);
    const bad = evaluateForm(form, { home: '91 44', road: toGeoJson('geopoint', [{ lat: 1, lon: 1 }]), field: 'x' }).errors;
    expect([bad.home?.key, bad.road?.key, bad.field?.key]).toEqual(['instruments.errors.geopoint', 'instruments.errors.geotrace', 'instruments.errors.geoshape']);
    const inaccurate = toGeoJson('geopoint', [{ lat: 41, lon: 44, accuracy: 80 }]);
    expect(evaluateForm(form, { home: inaccurate }).errors.home?.key).toBe('instruments.errors.constraint');
  });
});

describe('calculations on notes and read-only questions', () => {
  it('gives them the calculated value, as ODK does', () => {
    const form = def({
      items: [
        { kind: 'question', type: 'integer', name: 'a', label: { en: 'A' } },
        { kind: 'question', type: 'note', name: 'shown', label: { en: 'Double: ${shown}' }, calculation: '${a} * 2' },
        { kind: 'question', type: 'integer', name: 'fixed', label: { en: 'Fixed' }, readOnly: true, calculation: '${a} + 1' },
      ],
    });
    expect(evaluateForm(form, { a: '4', fixed: '99' }).values).toMatchObject({ shown: 8, fixed: 5 });
  });
});

describe('or_other in the designer', () => {
  it('adds the specify-other question after the select, once, and removes it when Other is turned off', () => {
    const select = { kind: 'question', type: 'select_one', name: 'pick', label: { en: 'Pick' }, listName: 'abc', orOther: true } as const;
    const synced = syncOtherQuestions([select]);
    expect(synced.map((i) => i.name)).toEqual(['pick', 'pick_other']);
    expect(syncOtherQuestions(synced)).toEqual(synced);
    expect(syncOtherQuestions([{ ...select, orOther: undefined }, synced[1]!]).map((i) => i.name)).toEqual(['pick']);
  });
});
