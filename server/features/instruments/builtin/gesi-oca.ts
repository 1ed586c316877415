import { choice, file, group, selectOne, text, tx, type BuiltIn } from './helpers';

// USAID/NuPITA-style organisational capacity assessment with GESI and safeguarding domains
// (shared/domain/REFERENCE.md). Facilitated self-assessment: a 1–4 score per sub-area with N/A,
// a justification and the evidence; domain scores are means, the overall score maps to a level.
const DOMAINS: [string, string, string, [string, string, string][]][] = [
  ['governance', 'მმართველობა და სამართლებრივი სტრუქტურა', 'Governance & legal structure', [
    ['vision', 'ხედვა და მისია', 'Vision & mission'],
    ['legal', 'სამართლებრივი სტატუსი და შესაბამისობა', 'Legal status & compliance'],
    ['structure', 'ორგანიზაციული სტრუქტურა', 'Organisational structure'],
    ['board', 'გამგეობის შემადგენლობა და პასუხისმგებლობა', 'Board composition & responsibility'],
    ['succession', 'მემკვიდრეობის დაგეგმვა', 'Succession planning'],
  ]],
  ['finance', 'ფინანსური მართვა და შიდა კონტროლი', 'Financial management & internal control', [
    ['budgeting', 'ბიუჯეტირება', 'Budgeting'],
    ['accounting', 'აღრიცხვა და ბუღალტერია', 'Accounting & bookkeeping'],
    ['controls', 'შიდა კონტროლი', 'Internal controls'],
    ['reporting', 'ფინანსური ანგარიშგება', 'Financial reporting'],
    ['audit', 'აუდიტი', 'Audit'],
    ['cofunding', 'თანადაფინანსება', 'Cost sharing / co-funding'],
  ]],
  ['administration', 'ადმინისტრირება და შესყიდვები', 'Administration & procurement', [
    ['policies', 'სამუშაო პოლიტიკა და პროცედურები', 'Operating policies & procedures'],
    ['it', 'საინფორმაციო ტექნოლოგიები', 'Information technology'],
    ['procurement', 'შესყიდვები', 'Procurement'],
    ['assets', 'ძირითადი საშუალებები', 'Fixed assets'],
  ]],
  ['hr', 'ადამიანური რესურსები', 'Human resources', [
    ['staffing', 'დაკომპლექტება და სამუშაო აღწერილობები', 'Staffing & job descriptions'],
    ['recruitment', 'დაქირავება და შენარჩუნება', 'Recruitment & retention'],
    ['supervision', 'ზედამხედველობა და სამუშაოს დაგეგმვა', 'Supervision & work planning'],
    ['volunteers', 'მოხალისეები და სტაჟიორები', 'Volunteers & interns'],
    ['development', 'თანამშრომელთა განვითარება', 'Staff development'],
  ]],
  ['programme', 'პროგრამის მართვა', 'Programme management', [
    ['donor', 'დონორის მოთხოვნებთან შესაბამისობა', 'Donor compliance'],
    ['stakeholders', 'დაინტერესებული მხარეების ჩართულობა', 'Stakeholder involvement'],
    ['culture', 'კულტურული და გენდერული საკითხები', 'Culture & gender issues'],
  ]],
  ['performance', 'პროექტის შედეგების მართვა', 'Project performance management', [
    ['monitoring', 'მონიტორინგი', 'Monitoring'],
    ['evaluation', 'შეფასება', 'Evaluation'],
    ['standards', 'მომსახურების მიწოდების სტანდარტები', 'Service delivery standards'],
    ['field', 'საველე მხარდაჭერა და ზედამხედველობა', 'Field support / oversight'],
    ['history', 'საქმიანობა ბოლო 3 წლის განმავლობაში', 'Performance over the past 3 years'],
  ]],
  ['sustainability', 'ორგანიზაციული მართვა და მდგრადობა', 'Organisational management & sustainability', [
    ['strategy', 'სტრატეგიული დაგეგმვა', 'Strategic planning'],
    ['workplans', 'წლიური სამუშაო გეგმები', 'Annual work plans'],
    ['change', 'ცვლილებების მართვა', 'Change management'],
    ['knowledge', 'ცოდნის მართვა და კავშირები', 'Knowledge management & linkages'],
    ['fundraising', 'სახსრების მოზიდვა', 'Fundraising'],
    ['internal_comms', 'შიდა კომუნიკაცია და გადაწყვეტილებების მიღება', 'Internal communication & decision-making'],
    ['external_comms', 'გარე კომუნიკაცია', 'External communications'],
    ['advocacy', 'ადვოკატირება და გავლენა', 'Advocacy & influence'],
  ]],
  ['gesi', 'გენდერული თანასწორობა და სოციალური ინკლუზია (GESI)', 'Gender equality and social inclusion (GESI)', [
    ['policy', 'გენდერული თანასწორობისა და არადისკრიმინაციის პოლიტიკა', 'Gender equality / non-discrimination policy'],
    ['inclusive_hr', 'ინკლუზიური HR (თანაბარი ანაზღაურება, ქალებისა და შშმ პირების დასაქმება, შევიწროების აკრძალვა)', 'Inclusive HR (equal pay, recruiting women and persons with disabilities, anti-harassment)'],
    ['balance', 'გენდერული და შშმ პირთა ბალანსი გამგეობასა და მენეჯმენტში', 'Gender and disability balance in board and management'],
    ['premises', 'ხელმისაწვდომი შენობა და გონივრული მისადაგება', 'Accessible premises and reasonable accommodation'],
    ['formats', 'ხელმისაწვდომი ფორმატები (მარტივად საკითხავი, ჟესტური ენა)', 'Accessible formats (easy-read, sign language)'],
    ['data', 'სქესის, ასაკისა და შეზღუდული შესაძლებლობის მიხედვით დეზაგრეგირებული მონაცემები', 'Data disaggregated by sex, age, disability'],
    ['participation', 'ქალების, შშმ პირებისა და ბავშვების მონაწილეობა დაგეგმვასა და უკუკავშირში', 'Participation of women, persons with disabilities and children in design and feedback'],
    ['budget', 'GESI ბიუჯეტის მუხლი', 'GESI budget line'],
    ['training', 'თანამშრომელთა GESI ტრენინგი', 'GESI training of staff'],
  ]],
  ['safeguarding', 'ბავშვთა და მოწყვლად პირთა დაცვა', 'Safeguarding (Keeping Children Safe)', [
    ['policy', 'დაცვის პოლიტიკა', 'Policy'],
    ['people', 'ადამიანები (საკონტაქტო პირები, უსაფრთხო დაქირავება, ქცევის კოდექსი, ტრენინგი)', 'People (focal points, safe recruitment, code of conduct, training)'],
    ['procedures', 'პროცედურები (რისკების რუკა, შეტყობინება და რეაგირება, რეფერირების რუკა)', 'Procedures (risk map, reporting and response, referral mapping)'],
    ['accountability', 'ანგარიშვალდებულება (დაცვის ღონისძიებების მონიტორინგი და გადახედვა)', 'Accountability (monitoring and review of safeguarding measures)'],
    ['psea', 'სექსუალური ექსპლუატაციისა და ძალადობისგან დაცვა (PSEA)', 'Protection from sexual exploitation and abuse (PSEA)'],
  ]],
];

export const gesiOca: BuiltIn = {
  code: 'gesi_oca',
  purpose: 'organisational_assessment',
  title: tx('ორგანიზაციული შესაძლებლობების GESI შეფასება', 'GESI organisational capacity assessment'),
  description: tx(
    'ფასილიტირებული თვითშეფასება: თითოეული ქვესფერო ფასდება 1–4 შკალით (ან „არ ეხება“), დასაბუთებითა და მტკიცებულებით.',
    'Facilitated self-assessment: each sub-area is scored 1–4 (or N/A) with a justification and evidence.',
  ),
  definition: {
    settings: { defaultLanguage: 'ka', formId: 'gesi_oca' },
    choiceLists: {
      oca_scale: [
        choice('1', '1 — საჭიროებს სასწრაფო ყურადღებას', '1 — Needs urgent attention', 1),
        choice('2', '2 — საჭიროებს მნიშვნელოვან გაუმჯობესებას', '2 — Needs major improvement', 2),
        choice('3', '3 — საჭიროებს გაუმჯობესებას ცალკეულ ასპექტებში', '3 — Needs improvement in limited aspects', 3),
        choice('4', '4 — მისაღები', '4 — Acceptable', 4),
        choice('na', 'არ ეხება', 'Not applicable', null),
      ],
    },
    items: DOMAINS.map(([domain, ka, en, subAreas]) =>
      group(
        domain,
        tx(ka, en),
        subAreas.map(([sub, subKa, subEn]) =>
          group(`${domain}_${sub}`, tx(subKa, subEn), [
            selectOne(`${domain}_${sub}_score`, 'oca_scale', tx(`${subKa}: ქულა`, `${subEn}: score`), { required: true, appearance: 'likert' }),
            text(`${domain}_${sub}_justification`, tx('დასაბუთება', 'Justification'), { relevant: `\${${domain}_${sub}_score} != 'na'` }),
            text(`${domain}_${sub}_evidence`, tx('მტკიცებულება', 'Evidence')),
            file(`${domain}_${sub}_evidence_file`, tx('მტკიცებულების ფაილი', 'Evidence file'), { hint: tx('დოკუმენტი ან ფოტო, რომელიც ქულას ადასტურებს', 'A document or photo that supports the score') }),
          ]),
        ),
        { scoreMethod: 'mean' },
      ),
    ),
    scoring: {
      method: 'mean',
      bands: [
        { min: 1, max: 1.74, label: tx('საჭიროებს სასწრაფო ყურადღებას', 'Needs urgent attention') },
        { min: 1.75, max: 2.49, label: tx('საჭიროებს მნიშვნელოვან გაუმჯობესებას', 'Needs major improvement') },
        { min: 2.5, max: 3.24, label: tx('საჭიროებს გაუმჯობესებას ცალკეულ ასპექტებში', 'Needs improvement in limited aspects') },
        { min: 3.25, max: 4, label: tx('მისაღები', 'Acceptable') },
      ],
    },
  },
};
