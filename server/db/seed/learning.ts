import { randomInt } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { evaluateForm } from '../../../common/instruments/form-state';
import { scoreForm } from '../../../common/instruments/scoring';
import { wgDisability, type WgAnswers } from '../../../common/schemas/learning';
import { writeAudit } from '../../audit/log';
import type { Db } from '../client';
import {
  instrumentVersions,
  instruments,
  learningCertificates,
  learningEnrolments,
  learningLessons,
  learningModules,
  learningPackages,
  learningParticipants,
  learningProgress,
  learningStaff,
  learningTrainings,
  municipalities,
  organisations,
  responses,
  users,
} from '../schema';
import { DEMO_USERS } from './demo-data';

// The demo programme's learning: three competence packages with short, original lesson text in
// Georgian and English, CSO staff in the register, two finished self-paced modules with
// certificates, and a completed two-day live training in Telavi with attendance and pre/post tests.

interface LessonSeed {
  titleKa: string;
  titleEn: string;
  bodyKa: string;
  bodyEn: string;
  videoUrls?: string[];
}

const GESI_LESSONS: LessonSeed[] = [
  {
    titleKa: 'რა არის გონივრული მისადაგება',
    titleEn: 'What reasonable accommodation is',
    bodyKa: `## გონივრული მისადაგება

გონივრული მისადაგება არის **აუცილებელი და შესაბამისი ცვლილება**, რომელიც შეზღუდული შესაძლებლობის მქონე პირს აძლევს საშუალებას, სხვებთან თანაბრად ისარგებლოს უფლებით ან მომსახურებით.

მაგალითები:

- პანდუსი შესასვლელთან ან შეხვედრა პირველ სართულზე;
- დოკუმენტი დიდი შრიფტით ან მარტივად საკითხავ ფორმატში;
- ჟესტური ენის თარჯიმანი კონსულტაციაზე.

მისადაგება არ არის შეღავათი — ის თანასწორობის პირობაა. იკითხეთ ადამიანს, რა სჭირდება; ის საუკეთესოდ იცნობს საკუთარ საჭიროებებს.`,
    bodyEn: `## Reasonable accommodation

Reasonable accommodation is a **necessary and appropriate adjustment** that lets a person with a disability enjoy a right or a service on an equal basis with others.

Examples:

- a ramp at the entrance, or a meeting on the ground floor;
- a document in large print or in easy-read format;
- a sign-language interpreter at a consultation.

An accommodation is not a favour: it is a condition of equality. Ask the person what they need; they know their needs best.`,
  },
  {
    titleKa: 'დეზაგრეგირებული მონაცემები',
    titleEn: 'Disaggregated data',
    bodyKa: `## რატომ ვითვლით სქესის, ასაკისა და შეზღუდული შესაძლებლობის მიხედვით

თუ მონაცემები მხოლოდ ჯამურად გვაქვს, ვერ დავინახავთ, ვინ რჩება მომსახურების მიღმა.

| რას ვითვლით | რატომ |
|---|---|
| სქესი | გოგონებსა და ბიჭებს, ქალებსა და კაცებს განსხვავებული ბარიერები აქვთ |
| ასაკი | ბავშვის საჭიროებები ასაკთან ერთად იცვლება |
| შეზღუდული შესაძლებლობა | ვაშინგტონის ჯგუფის კითხვები აჩვენებს, ვის უჭირს ყოველდღიური საქმიანობა |

ჩაწერეთ მონაცემები ერთნაირად ყოველ ჯერზე — ასე შედარება შესაძლებელი იქნება.`,
    bodyEn: `## Why we count by sex, age and disability

With totals only, we cannot see who is left out of a service.

| what we count | why |
|---|---|
| sex | girls and boys, women and men face different barriers |
| age | a child's needs change as they grow |
| disability | the Washington Group questions show who has difficulty with daily activities |

Record the data the same way every time, so that figures can be compared.`,
  },
  {
    titleKa: 'ბავშვის ინფორმაციის დაცვა',
    titleEn: 'Protecting a child’s information',
    bodyKa: `## როდის ვაზიარებთ ინფორმაციას ბავშვის შესახებ

ინფორმაციას ვაზიარებთ **მხოლოდ მაშინ, როცა ეს ბავშვის საუკეთესო ინტერესებს ემსახურება** და მხოლოდ იმდენს, რამდენიც საჭიროა.

1. გაარკვიეთ, ვის და რისთვის სჭირდება ინფორმაცია.
2. მიიღეთ თანხმობა, თუ ეს ბავშვს საფრთხეს არ უქმნის.
3. ძალადობის ეჭვის შემთხვევაში შეატყობინეთ **დაუყოვნებლივ**, დადგენილი პროცედურით.`,
    bodyEn: `## When we share information about a child

We share information **only when it serves the best interests of the child**, and only as much as is needed.

1. Find out who needs the information, and for what.
2. Ask for consent, unless that puts the child at risk.
3. When you suspect abuse, report it **at once**, through the agreed procedure.`,
  },
];

const SAFEGUARDING_LESSONS: LessonSeed[] = [
  {
    titleKa: 'ქცევის კოდექსი',
    titleEn: 'The code of conduct',
    bodyKa: `## ქცევის კოდექსი ყველასთვის

ორგანიზაციის ყველა თანამშრომელი და მოხალისე ხელს აწერს ქცევის კოდექსს. ის ამბობს, რა არის მისაღები ბავშვებთან და მოწყვლად ზრდასრულებთან ურთიერთობაში.

- არასოდეს დარჩეთ ბავშვთან მარტო დახურულ ოთახში;
- არ გადაუღოთ ფოტო თანხმობის გარეშე;
- შეატყობინეთ ყოველი შეშფოთება დანიშნულ პირს.`,
    bodyEn: `## A code of conduct for everyone

Every staff member and volunteer signs the organisation's code of conduct. It says what is acceptable when working with children and adults at risk.

- never stay alone with a child in a closed room;
- never take photos without consent;
- report every concern to the designated person.`,
  },
  {
    titleKa: 'შეტყობინების გზა',
    titleEn: 'The reporting pathway',
    bodyKa: `## ვის და როგორ შევატყობინოთ

დანიშნული პირი აფასებს შეტყობინებას და საჭიროებისამებრ მიმართავს სოციალურ მომსახურების სააგენტოს ან პოლიციას. ჩაინიშნეთ, რა დაინახეთ ან გაიგეთ — საკუთარი ინტერპრეტაციის გარეშე.`,
    bodyEn: `## Whom to tell, and how

The designated person assesses the report and, where needed, refers it to the Social Service Agency or the police. Write down what you saw or heard, without your own interpretation.`,
  },
];

const FINANCE_LESSONS: LessonSeed[] = [
  {
    titleKa: 'ბიუჯეტი აქტივობების მიხედვით',
    titleEn: 'A budget by activity',
    bodyKa: `## ბიუჯეტი იწყება გეგმით

ჯერ ჩამოწერეთ აქტივობები, შემდეგ — თითოეულის ხარჯი: ხელფასი, ტრანსპორტი, მასალები. ასე დონორი ხედავს, რისთვის იხარჯება თითოეული ლარი.`,
    bodyEn: `## A budget starts with the plan

List the activities first, then the cost of each: salaries, transport, materials. The donor then sees what every lari is spent on.`,
  },
  {
    titleKa: 'შიდა კონტროლი',
    titleEn: 'Internal control',
    bodyKa: `## ოთხი თვალის პრინციპი

ყოველ გადახდას ამზადებს ერთი ადამიანი და ამტკიცებს მეორე. ინახეთ ინვოისი და მიღება-ჩაბარების აქტი ყოველ ხარჯზე.`,
    bodyEn: `## The four-eyes principle

One person prepares every payment and another approves it. Keep the invoice and the delivery note for every expense.`,
  },
];

const STAFF: { givenName: string; surname: string; sex: 'female' | 'male'; birthYear: number; position: string; wg?: WgAnswers; cso: number }[] = [
  { givenName: 'ეკა', surname: 'ჯაფარიძე', sex: 'female', birthYear: 1984, position: 'დირექტორი', cso: 0 },
  { givenName: 'ლევან', surname: 'მაისურაძე', sex: 'male', birthYear: 1991, position: 'სოციალური მუშაკი', cso: 0 },
  { givenName: 'ნათია', surname: 'ხუციშვილი', sex: 'female', birthYear: 1996, position: 'ფსიქოლოგი', cso: 0, wg: { seeing: 1, hearing: 3, walking: 1 } },
  { givenName: 'გიორგი', surname: 'ბაქრაძე', sex: 'male', birthYear: 1978, position: 'ბუღალტერი', cso: 0 },
  { givenName: 'თამთა', surname: 'ლომთაძე', sex: 'female', birthYear: 1989, position: 'სოციალური მუშაკი', cso: 1 },
  { givenName: 'ირაკლი', surname: 'ჩხეიძე', sex: 'male', birthYear: 1970, position: 'დირექტორი', cso: 1, wg: { walking: 4 } },
  { givenName: 'მაკა', surname: 'გოგიჩაიშვილი', sex: 'female', birthYear: 1993, position: 'ფიზიოთერაპევტი', cso: 2 },
  { givenName: 'დავით', surname: 'წიკლაური', sex: 'male', birthYear: 2000, position: 'მოხალისეთა კოორდინატორი', cso: 2 },
];

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const code = () => [0, 1, 2, 3].map(() => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');

/**
 * The demo programme's learning, once (false when it is there already); then the demo logins
 * linked to their own register entries (every time: demo databases seeded before the links were).
 */
export async function seedDemoLearning(db: Db): Promise<boolean> {
  const seeded = await seedLearningOnce(db);
  await linkDemoStaff(db);
  return seeded;
}

/**
 * Links each demo login to the register entry of the same person: the same organisation and the
 * entry's full name the login's display name (the CSO manager and the case worker of the first
 * CSO), with the login's email on the entry. So the demo users find their own learning, rather
 * than a self-registration form that would make them a second entry. Entries and logins already
 * linked are left as they are.
 */
export async function linkDemoStaff(db: Db): Promise<number> {
  let linked = 0;
  for (const demo of DEMO_USERS) {
    const [user] = await db.select({ id: users.id, organisationId: users.organisationId, displayName: users.displayName, email: users.email }).from(users).where(eq(users.email, demo.email));
    if (!user) continue;
    const [own] = await db.select({ id: learningStaff.id }).from(learningStaff).where(eq(learningStaff.userId, user.id));
    if (own) continue;
    const [entry] = await db
      .select({ id: learningStaff.id, email: learningStaff.email })
      .from(learningStaff)
      .where(and(eq(learningStaff.organisationId, user.organisationId), isNull(learningStaff.userId), eq(sql`${learningStaff.givenName} || ' ' || ${learningStaff.surname}`, user.displayName)))
      .orderBy(asc(learningStaff.createdAt), asc(learningStaff.id))
      .limit(1);
    if (!entry) continue;
    await db
      .update(learningStaff)
      .set({ userId: user.id, email: entry.email || user.email, updatedAt: sql`now()`, version: sql`${learningStaff.version} + 1` })
      .where(eq(learningStaff.id, entry.id));
    linked += 1;
  }
  if (linked) await writeAudit(db, { action: 'seed_demo', entityType: 'learning_staff' });
  return linked;
}

async function seedLearningOnce(db: Db): Promise<boolean> {
  const [existing] = await db.select({ id: learningPackages.id }).from(learningPackages).limit(1);
  if (existing) return false;
  const csos = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'cso')).orderBy(asc(organisations.registrationNumber));
  if (csos.length < 3) return false;
  const [test] = await db.select({ id: instruments.id }).from(instruments).where(eq(instruments.code, 'gesi_training_test'));
  const [survey] = await db
    .select({ id: instruments.id, versionId: instrumentVersions.id, definition: instrumentVersions.definition })
    .from(instruments)
    .innerJoin(instrumentVersions, and(eq(instrumentVersions.instrumentId, instruments.id), eq(instrumentVersions.status, 'published')))
    .where(eq(instruments.code, 'training_satisfaction'));
  const [telavi] = await db.select({ id: municipalities.id }).from(municipalities).where(eq(municipalities.nameEn, 'Telavi'));

  await db.transaction(async (tx) => {
    const addPackage = async (position: number, code: string, titleKa: string, titleEn: string, descriptionKa: string, descriptionEn: string) =>
      (await tx.insert(learningPackages).values({ code, titleKa, titleEn, descriptionKa, descriptionEn, position, published: true }).returning({ id: learningPackages.id }))[0]!.id;
    const addModule = async (packageId: string, values: { code: string; titleKa: string; titleEn: string; summaryKa: string; summaryEn: string; hours: number; testInstrumentId?: string | null; passMark?: number }, lessons: LessonSeed[]) => {
      const [mod] = await tx.insert(learningModules).values({ packageId, ...values, published: true }).returning({ id: learningModules.id });
      const ids: string[] = [];
      for (const [position, l] of lessons.entries()) {
        const content = { titleKa: l.titleKa, titleEn: l.titleEn, bodyKa: l.bodyKa, bodyEn: l.bodyEn, videoUrls: l.videoUrls ?? [] };
        const [row] = await tx.insert(learningLessons).values({ moduleId: mod!.id, position, ...content, published: content, publishedNumber: 1, publishedAt: new Date() }).returning({ id: learningLessons.id });
        ids.push(row!.id);
      }
      return { id: mod!.id, lessonIds: ids };
    };

    const gesi = await addPackage(0, 'gesi', 'გენდერი, თანასწორობა და ინკლუზია (GESI)', 'Gender equality and social inclusion (GESI)', 'როგორ მივაწოდოთ მომსახურება ყველას თანაბრად.', 'How to deliver services equally to everyone.');
    const safeguarding = await addPackage(1, 'safeguarding', 'ბავშვთა და მოწყვლად პირთა დაცვა', 'Safeguarding', 'უსაფრთხო ორგანიზაცია ბავშვებისა და მოწყვლადი ზრდასრულებისთვის.', 'A safe organisation for children and adults at risk.');
    const finance = await addPackage(2, 'financial_management', 'ფინანსური მართვა', 'Financial management', 'ბიუჯეტი, ხარჯები და ანგარიშგება.', 'Budgets, expenses and reporting.');
    const gesiModule = await addModule(
      gesi,
      { code: 'gesi_basics', titleKa: 'ინკლუზიური მომსახურების საფუძვლები', titleEn: 'Basics of inclusive services', summaryKa: 'გონივრული მისადაგება, დეზაგრეგირებული მონაცემები და ბავშვის ინფორმაციის დაცვა.', summaryEn: 'Reasonable accommodation, disaggregated data and protecting a child’s information.', hours: 3, testInstrumentId: test?.id ?? null, passMark: 4 },
      GESI_LESSONS,
    );
    const safeModule = await addModule(safeguarding, { code: 'safeguarding_basics', titleKa: 'დაცვის პოლიტიკა პრაქტიკაში', titleEn: 'Safeguarding policy in practice', summaryKa: 'ქცევის კოდექსი და შეტყობინების გზა.', summaryEn: 'The code of conduct and the reporting pathway.', hours: 2 }, SAFEGUARDING_LESSONS);
    await addModule(finance, { code: 'budgeting', titleKa: 'ბიუჯეტის დაგეგმვა და კონტროლი', titleEn: 'Budget planning and control', summaryKa: 'ბიუჯეტი აქტივობების მიხედვით და შიდა კონტროლი.', summaryEn: 'A budget by activity, and internal control.', hours: 2 }, FINANCE_LESSONS);

    const staff = [];
    for (const s of STAFF) {
      const [row] = await tx
        .insert(learningStaff)
        .values({ organisationId: csos[s.cso]!.id, givenName: s.givenName, surname: s.surname, sex: s.sex, birthYear: s.birthYear, position: s.position, wg: s.wg ?? null, disability: wgDisability(s.wg) })
        .returning();
      staff.push(row!);
    }
    const fullName = (s: { givenName: string; surname: string }) => `${s.givenName} ${s.surname}`;

    // Two finished self-paced modules (safeguarding, no test), one in progress.
    for (const person of [staff[0]!, staff[4]!]) {
      const [e] = await tx.insert(learningEnrolments).values({ organisationId: person.organisationId, staffId: person.id, moduleId: safeModule.id, status: 'completed', lastLessonId: safeModule.lessonIds.at(-1)!, completedAt: new Date('2026-02-10T10:00:00Z') }).returning();
      await tx.insert(learningProgress).values(safeModule.lessonIds.map((lessonId) => ({ organisationId: person.organisationId, enrolmentId: e!.id, lessonId, completedAt: new Date('2026-02-10T09:00:00Z') })));
      await tx.insert(learningCertificates).values({ organisationId: person.organisationId, staffId: person.id, kind: 'module', enrolmentId: e!.id, code: code(), holderName: fullName(person), courseKa: 'დაცვის პოლიტიკა პრაქტიკაში', courseEn: 'Safeguarding policy in practice', hours: 2, issuedOn: '2026-02-10' });
    }
    const [inProgress] = await tx.insert(learningEnrolments).values({ organisationId: staff[1]!.organisationId, staffId: staff[1]!.id, moduleId: gesiModule.id, lastLessonId: gesiModule.lessonIds[1]! }).returning();
    await tx.insert(learningProgress).values({ organisationId: staff[1]!.organisationId, enrolmentId: inProgress!.id, lessonId: gesiModule.lessonIds[0]!, completedAt: new Date('2026-03-01T10:00:00Z') });

    // A completed two-day GESI training in Telavi.
    const days = ['2026-04-14', '2026-04-15'];
    const [training] = await tx
      .insert(learningTrainings)
      .values({ moduleId: gesiModule.id, titleKa: 'GESI ტრენინგი თელავში', titleEn: 'GESI training in Telavi', trainers: 'თამარ ლომიძე, ნიკა ბერიძე', days, hoursPerDay: 6, venue: 'თელავი, სასტუმრო „კახეთი“, საკონფერენციო დარბაზი', municipalityId: telavi?.id ?? null, online: telavi ? false : true, status: 'completed', passMark: 70, startsOn: days[0]!, surveyInstrumentId: survey?.id ?? null })
      .returning();
    const results: [number, boolean[], number, number][] = [
      [0, [true, true], 55, 85],
      [1, [true, true], 40, 75],
      [2, [true, true], 60, 90],
      [3, [true, false], 45, 70],
      [4, [true, true], 50, 65],
      [6, [true, true], 35, 80],
      [7, [true, true], 65, 95],
    ];
    // Six of the seven filled in the satisfaction survey (ratings 1–5 for the four questions).
    const ratings = [
      ['5', '5', '4', '4'],
      ['4', '5', '5', '3'],
      ['5', '4', '5', '4'],
      ['4', '4', '4', '2'],
      ['3', '4', '5', '3'],
      ['5', '5', '5', '4'],
    ];
    for (const [position, [index, attendance, preScore, postScore]] of results.entries()) {
      const person = staff[index]!;
      const rating = ratings[position];
      let surveyResponseId: string | null = null;
      if (survey && rating) {
        const answers = { overall: rating[0]!, content: rating[1]!, trainers: rating[2]!, organisation: rating[3]! };
        const at = new Date('2026-04-15T16:00:00Z');
        const [r] = await tx
          .insert(responses)
          .values({ instrumentVersionId: survey.versionId, organisationId: person.organisationId, label: `${fullName(person)} · GESI ტრენინგი თელავში`, subjectType: 'participant', subjectId: person.id, status: 'submitted', answers, score: scoreForm(survey.definition, evaluateForm(survey.definition, answers)), createdAt: at, updatedAt: at, submittedAt: at })
          .returning({ id: responses.id });
        surveyResponseId = r!.id;
      }
      const [p] = await tx.insert(learningParticipants).values({ organisationId: person.organisationId, trainingId: training!.id, staffId: person.id, attendance, preScore, postScore, surveyResponseId }).returning();
      if (attendance.every(Boolean) && postScore >= 70) {
        await tx.insert(learningCertificates).values({ organisationId: person.organisationId, staffId: person.id, kind: 'training', participantId: p!.id, code: code(), holderName: fullName(person), courseKa: 'ინკლუზიური მომსახურების საფუძვლები', courseEn: 'Basics of inclusive services', hours: 12, issuedOn: '2026-04-15' });
      }
    }
    // And one planned for later.
    await tx.insert(learningTrainings).values({ packageId: finance, titleKa: 'ფინანსური მართვა — ონლაინ', titleEn: 'Financial management (online)', trainers: 'ანა კვარაცხელია', days: ['2026-12-08'], hoursPerDay: 4, online: true, startsOn: '2026-12-08', surveyInstrumentId: survey?.id ?? null });
    await writeAudit(tx, { action: 'seed_demo', entityType: 'learning_package' });
  });
  return true;
}
