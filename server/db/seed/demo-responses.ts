import { eq, inArray } from 'drizzle-orm';
import { flattenQuestions, type Definition, type Question } from '../../../common/instruments/definition';
import type { Value } from '../../../common/instruments/expression-evaluator';
import { evaluateForm } from '../../../common/instruments/form-state';
import { scoreForm } from '../../../common/instruments/scoring';
import type { SubjectType } from '../../../common/schemas/access';
import type { Db } from '../client';
import { instrumentVersions, instruments, responses } from '../schema';

// A year of filled-in forms for the demo programme, so exports, summaries and charts show
// something on first start. Answers are drawn from each built-in instrument's own choices by a
// seeded generator (the same demo every time) and scored by the engine the app uses. Written
// with a few bulk inserts so the test app still starts quickly.

/** Forms per CSO, per built-in instrument, and what each is about. */
const PLAN: { code: string; perCso: number; subject: SubjectType; label: (i: number) => string }[] = [
  { code: 'wg_ss', perCso: 8, subject: 'person', label: (i) => `ბენეფიციარი #${i + 1}` },
  { code: 'gesi_oca', perCso: 2, subject: 'organisation', label: () => '' },
  { code: 'user_feedback', perCso: 4, subject: 'organisation', label: (i) => `უკუკავშირი #${i + 1}` },
  { code: 'gesi_training_test', perCso: 3, subject: 'participant', label: (i) => `მონაწილე #${i + 1}` },
];

const TEXTS = ['კარგად მიმდინარეობს', 'საჭიროა მეტი რესურსი', 'დოკუმენტი განახლებულია', 'Needs follow-up'];
const DAY_MS = 86_400_000;

/** mulberry32: a tiny seeded generator, so the demo is the same on every start. */
function generator(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Answers that lean towards the first choices, as real screenings and assessments do. */
function answerFor(q: Question, def: Definition, random: () => number, lean: number): Value | undefined {
  const choices = q.listName ? (def.choiceLists[q.listName] ?? []) : [];
  const pick = () => choices[Math.min(choices.length - 1, Math.floor(Math.pow(random(), lean) * choices.length))]!;
  switch (q.type) {
    case 'select_one':
      return choices.length ? pick().name : undefined;
    case 'select_multiple': {
      if (!choices.length) return undefined;
      const picked = new Set([pick().name, ...(random() < 0.5 ? [pick().name] : [])]);
      return [...picked].join(' ');
    }
    case 'integer':
      return 1 + Math.floor(random() * 40);
    case 'decimal':
      return Math.round(random() * 1000) / 10;
    case 'date':
      return new Date(Date.now() - Math.floor(random() * 365) * DAY_MS).toISOString().slice(0, 10);
    case 'text':
      return random() < 0.4 ? TEXTS[Math.floor(random() * TEXTS.length)] : undefined;
    case 'acknowledge':
      return 'OK';
    default:
      return undefined;
  }
}

/** One filled-in form: answers the engine accepts (hidden ones and failed constraints dropped), and its score. */
export function demoAnswers(def: Definition, random: () => number, lean: number) {
  const questions = flattenQuestions(def.items).map((e) => e.question);
  const drawn: Record<string, Value> = {};
  for (const q of questions) {
    const value = answerFor(q, def, random, lean);
    if (value !== undefined) drawn[q.name] = value;
  }
  const state = evaluateForm(def, drawn);
  const answers: Record<string, Value> = {};
  for (const q of questions) {
    // Answers the engine would refuse (a constraint, a type rule) are left out; required ones stay.
    const problem = state.errors[q.name];
    if (!state.relevant[q.name] || (problem && problem.key !== 'instruments.errors.required')) continue;
    if (q.name in drawn) answers[q.name] = drawn[q.name]!;
    else if (q.type === 'calculate' && state.values[q.name] !== '') answers[q.name] = state.values[q.name]!;
  }
  return { answers, score: scoreForm(def, evaluateForm(def, answers)) };
}

/**
 * The drawn forms of one instrument, remembered per process: the draw is the same every time (a
 * seeded generator per instrument), and test suites start many demo apps.
 */
const drawnCache = new Map<string, ReturnType<typeof draw>>();
function draw(code: string, def: Definition, csos: number, perCso: number) {
  const random = generator([...code].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 20_240_901));
  return Array.from({ length: csos * perCso }, (_, n) => {
    // Each CSO leans a little differently, so charts by organisation differ.
    const lean = 0.8 + (Math.floor(n / perCso) % 5) * 0.35;
    return { ...demoAnswers(def, random, lean), daysAgo: random() * 365 };
  });
}
function drawnFor(code: string, def: Definition, csos: number, perCso: number) {
  const key = `${code}:${csos}:${perCso}:${JSON.stringify(def)}`;
  if (!drawnCache.has(key)) drawnCache.set(key, draw(code, def, csos, perCso));
  return drawnCache.get(key)!;
}

export interface DemoResponseContext {
  /** The CSOs, in demo order (index 0 is the demo CSO). */
  csoIds: string[];
  /** Who fills in forms: the demo CSO's own staff there, programme staff elsewhere. */
  authorOf: (csoIndex: number, subject: SubjectType) => string | null;
  now?: Date;
}

/** Inserts the demo's filled-in forms; does nothing when the built-in instruments are missing. */
export async function seedDemoResponses(db: Db, ctx: DemoResponseContext): Promise<number> {
  const codes = PLAN.map((p) => p.code);
  const published = await db
    .select({ code: instruments.code, versionId: instrumentVersions.id, definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(inArray(instruments.code, codes));
  const now = (ctx.now ?? new Date()).getTime();
  const rows: (typeof responses.$inferInsert)[] = [];
  for (const plan of PLAN) {
    const version = published.find((p) => p.code === plan.code);
    if (!version) continue;
    const drawn = drawnFor(plan.code, version.definition, ctx.csoIds.length, plan.perCso);
    ctx.csoIds.forEach((organisationId, csoIndex) => {
      for (let i = 0; i < plan.perCso; i += 1) {
        const { answers, score, daysAgo } = drawn[csoIndex * plan.perCso + i]!;
        const at = new Date(now - daysAgo * DAY_MS);
        rows.push({
          instrumentVersionId: version.versionId,
          organisationId,
          label: plan.label(i),
          subjectType: plan.subject,
          subjectId: plan.subject === 'organisation' ? organisationId : null,
          status: 'submitted',
          answers,
          score,
          createdBy: ctx.authorOf(csoIndex, plan.subject),
          createdAt: at,
          updatedAt: at,
          submittedAt: at,
        });
      }
    });
    // Two drafts at the demo CSO, for its staff's to-do list.
    const firstHalf = Object.fromEntries(Object.entries(drawn[0]!.answers).slice(0, 2));
    if (plan.code === 'wg_ss' || plan.code === 'user_feedback') {
      rows.push({
        instrumentVersionId: version.versionId,
        organisationId: ctx.csoIds[0]!,
        label: plan.label(plan.perCso),
        subjectType: plan.subject,
        subjectId: plan.subject === 'organisation' ? ctx.csoIds[0]! : null,
        answers: firstHalf,
        createdBy: ctx.authorOf(0, plan.subject),
        createdAt: new Date(now - 2 * DAY_MS),
        updatedAt: new Date(now - 2 * DAY_MS),
      });
    }
  }
  for (let start = 0; start < rows.length; start += 200) await db.insert(responses).values(rows.slice(start, start + 200));
  return rows.length;
}
