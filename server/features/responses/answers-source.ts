import { and, asc, eq, gt, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { flattenQuestions, type Choice, type Definition, type Group, type Question, type ScoreBand } from '../../../common/instruments/definition';
import { answerKey, choicesOf, MAX_REPEAT_INSTANCES } from '../../../common/instruments/form-state';
import type { Value } from '../../../common/instruments/expression-evaluator';
import type { AnswersFilter } from '../../../common/schemas/answers';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import { notFound } from '../../http/problem';

// What the answers export and the instrument summary share: the instrument's questions across
// its versions (one column per question name) and the responses read in keyset batches, so
// 10,000+ responses never sit in memory at once.

const responses = OWNED.responses.table;
const { instrumentVersions, instruments } = PROGRAMME;
const placements = OWNED.organisationMunicipalities.table;

export const BATCH_SIZE = 500;

export interface InstrumentQuestion {
  question: Question;
  parents: Group[];
  /** The choices of a select question, merged over the versions (newest first). */
  choices: Choice[];
  /** Whether a choice carries a score, or the number is scored. */
  scored: boolean;
}

export interface InstrumentShape {
  id: string;
  code: string;
  titleKa: string;
  titleEn: string;
  /** The definitions the covered responses answer, by version id. */
  definitions: Map<string, Definition>;
  versionIds: string[];
  questions: InstrumentQuestion[];
  /** Groups that hold scored questions: one score column (or chart) each. */
  sections: Group[];
  bands: ScoreBand[];
}

/** The instrument and its published versions (one when `version` is given), questions merged by name. */
export async function instrumentShape(gw: Gateway, instrumentId: string, version?: number): Promise<InstrumentShape> {
  const [meta] = await gw.programme
    .select({ id: instruments.id, code: instruments.code, titleKa: instruments.titleKa, titleEn: instruments.titleEn })
    .from(instruments)
    .where(eq(instruments.id, instrumentId));
  if (!meta) throw notFound();
  const versions = await gw.programme
    .select({ id: instrumentVersions.id, number: instrumentVersions.number, definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .where(and(eq(instrumentVersions.instrumentId, instrumentId), eq(instrumentVersions.status, 'published'), version ? eq(instrumentVersions.number, version) : undefined))
    .orderBy(sql`${instrumentVersions.number} desc`);
  if (version && versions.length === 0) throw notFound();

  const questions: InstrumentQuestion[] = [];
  const sections: Group[] = [];
  const seenSections = new Set<string>();
  for (const v of versions) {
    const def = v.definition;
    for (const { question, parents } of flattenQuestions(def.items)) {
      if (question.type === 'note') continue;
      // With `or_other`, "Other" is a choice too (its text is the `<name>_other` question).
      const choices = choicesOf(question, def);
      const scored = question.scored === true || choices.some((c) => typeof c.score === 'number');
      const known = questions.find((q) => q.question.name === question.name);
      if (known) {
        for (const c of choices) if (!known.choices.some((k) => k.name === c.name)) known.choices.push(c);
        continue;
      }
      questions.push({ question, parents, choices: [...choices], scored });
      if (scored) {
        for (const group of parents) {
          if (seenSections.has(group.name)) continue;
          seenSections.add(group.name);
          sections.push(group);
        }
      }
    }
  }
  return {
    ...meta,
    definitions: new Map(versions.map((v) => [v.id, v.definition])),
    versionIds: versions.map((v) => v.id),
    questions,
    sections,
    bands: versions[0]?.definition.scoring?.bands ?? [],
  };
}

/** The filters as SQL on responses (the versions limit them to the instrument). */
export function answersWhere(shape: InstrumentShape, filter: AnswersFilter & { status?: 'draft' | 'submitted' }): SQL | undefined {
  const dayAfter = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1));
  const when = filter.status === 'draft' ? responses.updatedAt : responses.submittedAt;
  return and(
    shape.versionIds.length ? inArray(responses.instrumentVersionId, shape.versionIds) : sql`false`,
    eq(responses.status, filter.status ?? 'submitted'),
    filter.organisationId ? eq(responses.organisationId, filter.organisationId) : undefined,
    filter.subjectType ? eq(responses.subjectType, filter.subjectType) : undefined,
    filter.municipalityId
      ? sql`${responses.organisationId} in (select ${placements.organisationId} from ${placements} where ${placements.municipalityId} = ${filter.municipalityId})`
      : undefined,
    filter.from ? gte(when, filter.from) : undefined,
    filter.to ? lt(when, dayAfter(filter.to)) : undefined,
  );
}

export const answerFields = {
  id: responses.id,
  instrumentVersionId: responses.instrumentVersionId,
  versionNumber: instrumentVersions.number,
  organisationId: responses.organisationId,
  label: responses.label,
  subjectType: responses.subjectType,
  subjectId: responses.subjectId,
  status: responses.status,
  answers: responses.answers,
  score: responses.score,
  createdBy: responses.createdBy,
  createdAt: responses.createdAt,
  submittedAt: responses.submittedAt,
  updatedAt: responses.updatedAt,
};
export const withVersion = [{ table: instrumentVersions, on: eq(instrumentVersions.id, responses.instrumentVersionId) }];

/**
 * Reads in keyset batches by id (stable and index-backed; offsets would rescan), handing each
 * batch to `each` before the next is read.
 */
export async function forEachBatch<Row extends { id: string }>(read: (after: SQL | undefined, limit: number) => Promise<Row[]>, each: (rows: Row[]) => Promise<void> | void) {
  let after: string | undefined;
  for (;;) {
    const rows = await read(after ? gt(responses.id, after) : undefined, BATCH_SIZE);
    if (rows.length === 0) return;
    await each(rows);
    if (rows.length < BATCH_SIZE) return;
    after = rows[rows.length - 1]!.id;
  }
}

export const byId = [asc(responses.id)];

export type Path = { repeat: string; index: number }[];

/** How many instances the repeat stored under `key` has (the engine keeps the number there). */
export function instanceCount(answers: Record<string, Value>, key: string): number {
  const n = Number(answers[key] ?? 0);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_REPEAT_INSTANCES) : 0;
}

/** Every instance path of the repeats `chain` (outermost first) in these answers, in order. */
export function instancePaths(answers: Record<string, Value>, chain: Group[]): Path[] {
  let paths: Path[] = [[]];
  for (const group of chain) {
    paths = paths.flatMap((p) => Array.from({ length: instanceCount(answers, answerKey(p, group.name)) }, (_, i) => [...p, { repeat: group.name, index: i + 1 }]));
  }
  return paths;
}

/** The repeats around a question, outermost first. */
export const repeatsOf = (q: InstrumentQuestion) => q.parents.filter((g) => g.repeat);

