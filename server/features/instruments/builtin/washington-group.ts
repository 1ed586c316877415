import type { Question } from '../../../../common/instruments/definition';
import { choice, selectOne, tx, type BuiltIn } from './helpers';

// Washington Group Short Set and the UNICEF/WG Child Functioning Module outlines
// (shared/domain/REFERENCE.md). Raw codes 1–4 are kept so other cut-offs can be applied later;
// the standard cut-off (any domain coded 3 or 4) is a calculation and a score band.
const difficulty = [
  choice('1', 'არანაირი სირთულე', 'No difficulty', 1),
  choice('2', 'გარკვეული სირთულე', 'Some difficulty', 2),
  choice('3', 'დიდი სირთულე', 'A lot of difficulty', 3),
  choice('4', 'საერთოდ არ შეუძლია', 'Cannot do at all', 4),
];
const frequency = [
  choice('daily', 'ყოველდღე', 'Daily'),
  choice('weekly', 'ყოველკვირა', 'Weekly'),
  choice('monthly', 'ყოველთვე', 'Monthly'),
  choice('few_times_a_year', 'წელიწადში რამდენჯერმე', 'A few times a year'),
  choice('never', 'არასდროს', 'Never'),
];

const cutOffBands = [
  { min: 1, max: 2, label: tx('ზღვარი არ სრულდება (შეზღუდული შესაძლებლობა არ ფიქსირდება)', 'Cut-off not met (no disability identified)') },
  { min: 3, max: 4, label: tx('შეზღუდული შესაძლებლობა (WG ზღვარი: დიდი სირთულე ან საერთოდ არ შეუძლია)', 'Disability (WG cut-off: a lot of difficulty or cannot do at all)') },
];

function anyAtLeastThree(names: string[], extra: string[] = []): Question {
  const condition = [...names.map((n) => `\${${n}} >= 3`), ...extra].join(' or ');
  return { kind: 'question', type: 'calculate', name: 'disability', label: {}, calculation: `if(${condition}, 'yes', 'no')` };
}

const WG_DOMAINS: [string, string, string][] = [
  ['seeing', 'გიჭირთ თუ არა დანახვა, თუნდაც სათვალით?', 'Do you have difficulty seeing, even if wearing glasses?'],
  ['hearing', 'გიჭირთ თუ არა სმენა, თუნდაც სმენის აპარატით?', 'Do you have difficulty hearing, even if using a hearing aid?'],
  ['walking', 'გიჭირთ თუ არა სიარული ან კიბეზე ასვლა?', 'Do you have difficulty walking or climbing steps?'],
  ['remembering', 'გიჭირთ თუ არა დამახსოვრება ან კონცენტრირება?', 'Do you have difficulty remembering or concentrating?'],
  ['selfcare', 'გიჭირთ თუ არა თავის მოვლა, მაგალითად, დაბანა ან ჩაცმა?', 'Do you have difficulty with self-care, such as washing all over or dressing?'],
  ['communicating', 'თქვენთვის ჩვეულ ენაზე გიჭირთ თუ არა კომუნიკაცია, მაგალითად, სხვისი გაგება ან საკუთარი თავის გაგებინება?', 'Using your usual language, do you have difficulty communicating, for example understanding or being understood?'],
];

export const washingtonGroupShortSet: BuiltIn = {
  code: 'wg_ss',
  purpose: 'screening',
  title: tx('ვაშინგტონის ჯგუფის მოკლე კითხვარი (5+ წლის)', 'Washington Group Short Set (ages 5+)'),
  description: tx(
    'შემდეგი კითხვები ეხება სირთულეებს, რომლებიც შეიძლება გქონდეთ გარკვეული საქმიანობისას ჯანმრთელობის პრობლემის გამო.',
    'The next questions ask about difficulties you may have doing certain activities because of a health problem.',
  ),
  definition: {
    settings: { defaultLanguage: 'ka', formId: 'wg_ss' },
    choiceLists: { difficulty },
    items: [
      { kind: 'question', type: 'note', name: 'intro', label: tx('შემდეგი კითხვები ეხება სირთულეებს, რომლებიც შეიძლება გქონდეთ გარკვეული საქმიანობისას ჯანმრთელობის პრობლემის გამო.', 'The next questions ask about difficulties you may have doing certain activities because of a health problem.') },
      ...WG_DOMAINS.map(([name, ka, en]) => selectOne(name, 'difficulty', tx(ka, en), { required: true })),
      anyAtLeastThree(WG_DOMAINS.map(([name]) => name)),
    ],
    scoring: { method: 'max', bands: cutOffBands },
  },
};

const CFM_2_4: [string, string, string][] = [
  ['seeing', 'დანახვა', 'Seeing'],
  ['hearing', 'სმენა', 'Hearing'],
  ['walking', 'სიარული', 'Walking'],
  ['fine_motor', 'წვრილი მოტორიკა', 'Fine motor'],
  ['communication', 'კომუნიკაცია', 'Communication'],
  ['learning', 'სწავლა', 'Learning'],
  ['playing', 'თამაში', 'Playing'],
  ['controlling_behaviour', 'ქცევის კონტროლი', 'Controlling behaviour'],
];
const CFM_5_17: [string, string, string][] = [
  ['seeing', 'დანახვა', 'Seeing'],
  ['hearing', 'სმენა', 'Hearing'],
  ['walking', 'სიარული', 'Walking'],
  ['selfcare', 'თავის მოვლა', 'Self-care'],
  ['communication', 'კომუნიკაცია', 'Communication'],
  ['learning', 'სწავლა', 'Learning'],
  ['remembering', 'დამახსოვრება', 'Remembering'],
  ['concentrating', 'კონცენტრირება', 'Concentrating'],
  ['accepting_change', 'ცვლილების მიღება', 'Accepting change'],
  ['controlling_behaviour', 'ქცევის კონტროლი', 'Controlling behaviour'],
  ['making_friends', 'მეგობრობა', 'Making friends'],
];

const domainQuestion = ([name, ka, en]: [string, string, string]) =>
  selectOne(name, 'difficulty', tx(`${ka}: რამდენად უჭირს ბავშვს?`, `${en}: how much difficulty does the child have?`), { required: true });

export const childFunctioning2to4: BuiltIn = {
  code: 'cfm_2_4',
  purpose: 'screening',
  title: tx('ბავშვის ფუნქციონირების მოდული, 2–4 წლის (მონახაზი)', 'Child Functioning Module, ages 2–4 (outline)'),
  description: tx('UNICEF/ვაშინგტონის ჯგუფის მოდულის მონახაზი; კითხვებს პასუხობს დედა ან მომვლელი.', 'Outline of the UNICEF/Washington Group module; answered by the mother or caregiver.'),
  definition: {
    settings: { defaultLanguage: 'ka', formId: 'cfm_2_4' },
    choiceLists: { difficulty },
    items: [...CFM_2_4.map(domainQuestion), anyAtLeastThree(CFM_2_4.map(([name]) => name))],
    scoring: { method: 'max', bands: cutOffBands },
  },
};

export const childFunctioning5to17: BuiltIn = {
  code: 'cfm_5_17',
  purpose: 'screening',
  title: tx('ბავშვის ფუნქციონირების მოდული, 5–17 წლის (მონახაზი)', 'Child Functioning Module, ages 5–17 (outline)'),
  description: tx(
    'UNICEF/ვაშინგტონის ჯგუფის მოდულის მონახაზი; შფოთვა და დეპრესია ითვლება მხოლოდ „ყოველდღე“ პასუხისას (გადასამოწმებელი).',
    'Outline of the UNICEF/Washington Group module; anxiety and depression count only at "daily" (to verify).',
  ),
  definition: {
    settings: { defaultLanguage: 'ka', formId: 'cfm_5_17' },
    choiceLists: { difficulty, frequency },
    items: [
      ...CFM_5_17.map(domainQuestion),
      selectOne('anxiety', 'frequency', tx('რამდენად ხშირად ჩანს ბავშვი ძალიან შეშფოთებული, ნერვიული ან აღელვებული?', 'How often does the child seem very anxious, nervous or worried?'), { required: true }),
      selectOne('depression', 'frequency', tx('რამდენად ხშირად ჩანს ბავშვი ძალიან მოწყენილი ან დეპრესიული?', 'How often does the child seem very sad or depressed?'), { required: true }),
      anyAtLeastThree(CFM_5_17.map(([name]) => name), ["${anxiety} = 'daily'", "${depression} = 'daily'"]),
    ],
    scoring: { method: 'max', bands: cutOffBands },
  },
};
