import type { Choice } from '../../../../common/instruments/definition';
import { choice, group, selectOne, text, tx, type BuiltIn } from './helpers';

// Social-service quality checklist template (European Voluntary Quality Framework principles and
// the Public Defender's monitoring items), and service-user feedback written as "I" statements,
// with an easy-read variant. Both are templates an admin adapts to the state standards.
const PRINCIPLES: [string, string, string][] = [
  ['available', 'მომსახურება ხელმისაწვდომია მათთვის, ვისაც სჭირდება', 'The service is available to those who need it'],
  ['accessible', 'მომსახურება ფიზიკურად და საინფორმაციოდ ხელმისაწვდომია', 'The service is physically and informationally accessible'],
  ['affordable', 'მომსახურება ფინანსურად ხელმისაწვდომია', 'The service is affordable'],
  ['person_centred', 'მომსახურება ადამიანზეა ორიენტირებული', 'The service is person-centred'],
  ['comprehensive', 'მომსახურება კომპლექსურია', 'The service is comprehensive'],
  ['continuous', 'მომსახურება უწყვეტია', 'The service is continuous'],
  ['outcome_oriented', 'მომსახურება შედეგზეა ორიენტირებული', 'The service is outcome-oriented'],
  ['rights', 'მომხმარებელთა უფლებები დაცულია', "Users' rights are respected"],
  ['participation', 'მომხმარებლები მონაწილეობენ და ძლიერდებიან', 'Users participate and are empowered'],
  ['partnership', 'მომსახურება თანამშრომლობს სხვა სერვისებთან', 'The service works in partnership'],
  ['governance', 'კარგი მმართველობა', 'Good governance'],
  ['working_conditions', 'კარგი სამუშაო პირობები', 'Good working conditions'],
  ['infrastructure', 'ადეკვატური ფიზიკური ინფრასტრუქტურა', 'Adequate physical infrastructure'],
];
const MONITORING_ITEMS: [string, string, string][] = [
  ['records', 'მომხმარებელთა დოკუმენტაცია და მონაცემები წესრიგშია', 'Documentation and data on service users are in order'],
  ['informed', 'მომხმარებლები ინფორმირებულნი არიან მომსახურების შესახებ', 'Users are informed about the services'],
  ['confidentiality', 'პერსონალმა იცის კონფიდენციალურობის წესები', 'Staff know the confidentiality rules'],
  ['violence', 'პერსონალი მომზადებულია ძალადობის გამოსავლენად და ბავშვთა დაცვის შემთხვევების რეფერირებისთვის', 'Staff are trained to detect violence and refer child-protection cases'],
  ['individual_plans', 'ინდივიდუალური გეგმები მორგებულია ადამიანზე და შედგენილია მასთან ან კანონიერ წარმომადგენელთან ერთად', 'Individual plans are tailored and made with the person or legal representative'],
  ['complaints', 'უკუკავშირისა და საჩივრების პროცედურა პრაქტიკაში მუშაობს', 'Feedback and complaint procedures work in practice'],
];

const compliance: Choice[] = [
  choice('met', 'სრულდება', 'Met', 3),
  choice('partly', 'ნაწილობრივ სრულდება', 'Partly met', 2),
  choice('not_met', 'არ სრულდება', 'Not met', 1),
  choice('na', 'არ ეხება', 'Not applicable', null),
];

const criterion = (prefix: string) => ([name, ka, en]: [string, string, string]) =>
  group(`${prefix}_${name}`, tx(ka, en), [
    selectOne(`${prefix}_${name}_rating`, 'compliance', tx(ka, en), { required: true }),
    text(`${prefix}_${name}_comment`, tx('კომენტარი და მტკიცებულება', 'Comment and evidence'), {
      relevant: `\${${prefix}_${name}_rating} = 'not_met' or \${${prefix}_${name}_rating} = 'partly'`,
      required: true,
    }),
  ]);

export const qualityChecklist: BuiltIn = {
  code: 'quality_checklist',
  purpose: 'quality_checklist',
  title: tx('სოციალური მომსახურების ხარისხის საკონტროლო სია (შაბლონი)', 'Social-service quality checklist (template)'),
  description: tx(
    'შაბლონი ევროპული ნებაყოფლობითი ხარისხის ჩარჩოს პრინციპებით; ადმინისტრატორი ამატებს სახელმწიფო სტანდარტების კრიტერიუმებს.',
    "Template built on the European Voluntary Quality Framework principles; an admin adds the state standards' own criteria.",
  ),
  definition: {
    settings: { defaultLanguage: 'ka', formId: 'quality_checklist' },
    choiceLists: { compliance },
    items: [
      group('principles', tx('ხარისხის პრინციპები', 'Quality principles'), PRINCIPLES.map(criterion('p'))),
      group('monitoring', tx('მონიტორინგის საკითხები', 'Monitoring items'), MONITORING_ITEMS.map(criterion('m'))),
    ],
    scoring: {
      method: 'mean',
      bands: [
        { min: 1, max: 1.99, label: tx('საჭიროებს მაკორექტირებელ ქმედებას', 'Corrective action needed') },
        { min: 2, max: 2.59, label: tx('ნაწილობრივ შესაბამისი', 'Partly compliant') },
        { min: 2.6, max: 3, label: tx('შესაბამისი', 'Compliant') },
      ],
    },
  },
};

const STATEMENTS: [string, string, string, string, string][] = [
  ['know_who', 'ვიცი, ვის დავურეკო, როცა დახმარება მჭირდება', 'I know who to call when I need help', 'ვიცი, ვის დავურეკო', 'I know who to call'],
  ['listened', 'ჩემს აზრს უსმენენ და ითვალისწინებენ', 'My views are listened to and taken into account', 'ჩემი აზრი მნიშვნელოვანია', 'My views matter'],
  ['respected', 'ჩემ მიმართ პატივისცემით იქცევიან', 'I am treated with respect', 'ჩემ მიმართ კეთილად იქცევიან', 'People are kind to me'],
  ['safe', 'აქ თავს უსაფრთხოდ ვგრძნობ', 'I feel safe here', 'აქ უსაფრთხოდ ვარ', 'I am safe here'],
  ['plan', 'ჩემს გეგმაში მონაწილეობა მივიღე', 'I helped to make my plan', 'ჩემს გეგმაზე მეც ვიმუშავე', 'I helped with my plan'],
  ['complain', 'ვიცი, როგორ გავაკეთო საჩივარი', 'I know how to make a complaint', 'ვიცი, როგორ ვთქვა, თუ რამე არ მომწონს', "I know how to say when I don't like something"],
  ['better', 'ამ მომსახურებამ ჩემი ცხოვრება გააუმჯობესა', 'This service has made my life better', 'ახლა უკეთ ვარ', 'I am better now'],
];

export const feedbackSurvey: BuiltIn = {
  code: 'user_feedback',
  purpose: 'survey',
  title: tx('მომსახურების მომხმარებლის უკუკავშირი', 'Service-user feedback'),
  description: tx('დებულებები მომხმარებლის პერსპექტივიდან („მე…“).', 'Statements from the user’s point of view ("I …").'),
  definition: {
    settings: { defaultLanguage: 'ka', formId: 'user_feedback' },
    choiceLists: {
      agreement: [
        choice('1', 'სრულიად არ ვეთანხმები', 'Strongly disagree', 1),
        choice('2', 'არ ვეთანხმები', 'Disagree', 2),
        choice('3', 'ვეთანხმები', 'Agree', 3),
        choice('4', 'სრულიად ვეთანხმები', 'Strongly agree', 4),
      ],
    },
    items: [
      ...STATEMENTS.map(([name, ka, en]) => selectOne(name, 'agreement', tx(ka, en), { appearance: 'likert' })),
      text('suggestion', tx('რას შეცვლიდით?', 'What would you change?')),
    ],
    scoring: { method: 'mean', bands: [] },
  },
};

export const feedbackEasyRead: BuiltIn = {
  code: 'user_feedback_easy_read',
  purpose: 'survey',
  title: tx('მომხმარებლის უკუკავშირი — მარტივად საკითხავი', 'Service-user feedback — easy read'),
  description: tx('მოკლე წინადადებები და სამი პასუხი.', 'Short sentences and three answers.'),
  definition: {
    settings: { defaultLanguage: 'ka', formId: 'user_feedback_easy_read' },
    choiceLists: {
      smileys: [choice('no', 'არა', 'No', 1), choice('sometimes', 'ხანდახან', 'Sometimes', 2), choice('yes', 'დიახ', 'Yes', 3)],
    },
    items: STATEMENTS.map(([name, , , ka, en]) => selectOne(name, 'smileys', tx(ka, en), { appearance: 'likert' })),
    scoring: { method: 'mean', bands: [] },
  },
};

export const trainingTest: BuiltIn = {
  code: 'gesi_training_test',
  purpose: 'test',
  title: tx('GESI ტრენინგის წინასწარი/შემდგომი ტესტი (მაგალითი)', 'GESI training pre/post test (example)'),
  description: tx('ხუთი კითხვა; გავლის ზღვარი 4 სწორი პასუხი.', 'Five questions; the pass mark is 4 correct answers.'),
  definition: {
    settings: { defaultLanguage: 'ka', formId: 'gesi_training_test' },
    choiceLists: {
      q1: [choice('a', 'შეღავათი, რომელიც ყველას ერთნაირად ეძლევა', 'A benefit everyone gets the same way', 0), choice('b', 'აუცილებელი და შესაბამისი ცვლილება, რომ შშმ პირმა თანაბრად ისარგებლოს უფლებით', 'A necessary and appropriate adjustment so a person with a disability can enjoy a right equally', 1), choice('c', 'ფულადი დახმარება', 'A cash allowance', 0)],
      q2: [choice('a', 'ყოველთვის', 'Always', 0), choice('b', 'მხოლოდ მაშინ, როცა ის ბავშვის საუკეთესო ინტერესებს ემსახურება', 'Only when it serves the best interests of the child', 1), choice('c', 'არასდროს', 'Never', 0)],
      q3: [choice('a', 'სქესის, ასაკისა და შეზღუდული შესაძლებლობის მიხედვით', 'By sex, age and disability', 1), choice('b', 'მხოლოდ რეგიონის მიხედვით', 'Only by region', 0), choice('c', 'არ არის საჭირო', 'It is not needed', 0)],
      q4: [choice('a', 'დაუყოვნებლივ, დადგენილი პროცედურით', 'At once, through the agreed procedure', 1), choice('b', 'მომდევნო შეხვედრაზე', 'At the next meeting', 0), choice('c', 'მხოლოდ მშობლის თანხმობით', 'Only with the parent’s consent', 0)],
      q5: [choice('a', 'დიდი შრიფტი და მოკლე წინადადებები, სურათებით', 'Large print and short sentences, with pictures', 1), choice('b', 'იურიდიული ტერმინები', 'Legal terms', 0), choice('c', 'მხოლოდ ზეპირად', 'Spoken only', 0)],
    },
    items: [
      selectOne('q1', 'q1', tx('რა არის გონივრული მისადაგება?', 'What is reasonable accommodation?'), { required: true }),
      selectOne('q2', 'q2', tx('როდის შეიძლება ბავშვის შესახებ ინფორმაციის გაზიარება?', 'When may information about a child be shared?'), { required: true }),
      selectOne('q3', 'q3', tx('როგორ უნდა იყოს დეზაგრეგირებული მონაცემები?', 'How should data be disaggregated?'), { required: true }),
      selectOne('q4', 'q4', tx('როდის უნდა შეატყობინოთ ბავშვზე ძალადობის ეჭვის შესახებ?', 'When should you report a suspicion of child abuse?'), { required: true }),
      selectOne('q5', 'q5', tx('რა არის მარტივად საკითხავი ფორმატი?', 'What is an easy-read format?'), { required: true }),
    ],
    scoring: {
      method: 'sum',
      bands: [
        { min: 0, max: 3, label: tx('ვერ ჩააბარა', 'Not passed') },
        { min: 4, max: 5, label: tx('ჩააბარა', 'Passed') },
      ],
    },
  },
};

/** Five-point ratings and two open questions: what participants of a live training thought of it. */
export const trainingSatisfaction: BuiltIn = {
  code: 'training_satisfaction',
  purpose: 'survey',
  title: tx('ტრენინგით კმაყოფილების კითხვარი', 'Training satisfaction survey'),
  description: tx('მონაწილეები აფასებენ ტრენინგს ხუთბალიან სკალაზე.', 'Participants rate the training on a five-point scale.'),
  definition: {
    settings: { defaultLanguage: 'ka', formId: 'training_satisfaction' },
    choiceLists: {
      rating: [
        choice('1', 'ძალიან ცუდი', 'Very poor', 1),
        choice('2', 'ცუდი', 'Poor', 2),
        choice('3', 'საშუალო', 'Fair', 3),
        choice('4', 'კარგი', 'Good', 4),
        choice('5', 'ძალიან კარგი', 'Very good', 5),
      ],
    },
    items: [
      selectOne('overall', 'rating', tx('საერთო შეფასება', 'Overall rating'), { required: true, appearance: 'likert' }),
      selectOne('content', 'rating', tx('შინაარსი ჩემი სამუშაოსთვის გამოსადეგია', 'The content is useful for my work'), { required: true, appearance: 'likert' }),
      selectOne('trainers', 'rating', tx('ტრენერებმა მასალა გასაგებად ახსნეს', 'The trainers explained the material clearly'), { required: true, appearance: 'likert' }),
      selectOne('organisation', 'rating', tx('ორგანიზება (ადგილი, დრო, მასალები)', 'Organisation (venue, timing, materials)'), { required: true, appearance: 'likert' }),
      text('liked', tx('რა მოგეწონათ ყველაზე მეტად?', 'What did you like most?')),
      text('improve', tx('რას გააუმჯობესებდით?', 'What would you improve?')),
    ],
    scoring: { method: 'mean', bands: [] },
  },
};
