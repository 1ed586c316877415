import { and, type SQL } from 'drizzle-orm';
import { textIn, type LocalText } from '../../../common/instruments/definition';
import { toText } from '../../../common/instruments/expression-evaluator';
import { answerKey } from '../../../common/instruments/form-state';
import type { ScoreResult } from '../../../common/instruments/scoring';
import type { AnswersFilter, InstrumentSummary, QuestionSummary } from '../../../common/schemas/answers';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { answersWhere, byId, forEachBatch, instancePaths, instrumentShape, repeatsOf } from './answers-source';

// Results of one instrument, question by question, as counts only. Everyone signed in sees the
// programme's results as aggregates; counts below the threshold are hidden ("<5") unless every
// response counted is one the reader could open in full (inside the owning organisation).

/** Counts below this are not shown to readers outside the owning organisations. */
export const DISCLOSURE_THRESHOLD = 5;
const BINS = 8;

interface Tally {
  answered: number;
  choices: Map<string, number>;
  numbers: number[];
}

const responses = OWNED.responses.table;
const fields = { id: responses.id, answers: responses.answers, score: responses.score };

function bothLabels(text: LocalText | undefined, fallback: string) {
  return { labelKa: textIn(text, 'ka') || fallback, labelEn: textIn(text, 'en') || fallback };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Equal-width bins (whole numbers each get a bar when there are few of them). */
function histogram(values: number[]): { key: string; label: string; count: number }[] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const whole = values.every(Number.isInteger);
  if (whole && max - min < 12) {
    return Array.from({ length: max - min + 1 }, (_, i) => {
      const v = min + i;
      return { key: String(v), label: String(v), count: values.filter((x) => x === v).length };
    });
  }
  const width = (max - min) / BINS || 1;
  return Array.from({ length: BINS }, (_, i) => {
    const lo = min + i * width;
    const hi = i === BINS - 1 ? max : lo + width;
    const count = values.filter((x) => x >= lo && (i === BINS - 1 ? x <= hi : x < hi)).length;
    return { key: String(round(lo)), label: `${round(lo)}–${round(hi)}`, count };
  });
}

/**
 * Primary suppression hides counts of 1–4; if only one cell was hidden in a chart, the next
 * smallest is hidden too, so the total (or the other bars) cannot give it away.
 */
export function suppressCells(counts: number[]): (number | null)[] {
  const out: (number | null)[] = counts.map((c) => (c > 0 && c < DISCLOSURE_THRESHOLD ? null : c));
  if (out.filter((c) => c === null).length === 1) {
    let smallest = -1;
    out.forEach((c, i) => {
      if (c !== null && c > 0 && (smallest < 0 || c < (out[smallest] as number))) smallest = i;
    });
    if (smallest >= 0) out[smallest] = null;
  }
  return out;
}

function summarise(
  base: { name: string; labelKa: string; labelEn: string; type: string },
  answered: number,
  bars: { key: string; labelKa: string; labelEn: string; count: number }[],
  mean: number | null,
  suppress: boolean,
): QuestionSummary {
  const small = answered > 0 && answered < DISCLOSURE_THRESHOLD;
  const counts = suppress ? suppressCells(bars.map((b) => b.count)) : bars.map((b) => b.count);
  return {
    ...base,
    answered: suppress && small ? null : answered,
    bars: bars.map((b, i) => ({ ...b, count: counts[i] ?? null })),
    mean: suppress && small ? null : mean,
  };
}

const meanOf = (values: number[]) => (values.length ? round(values.reduce((a, b) => a + b, 0) / values.length) : null);

/**
 * `within` narrows the responses counted further (another feature's set, e.g. the satisfaction
 * surveys of one live training's participants), as a condition on the responses table.
 */
export async function instrumentSummary(gw: Gateway, instrumentId: string, filter: AnswersFilter, within?: SQL): Promise<InstrumentSummary> {
  const shape = await instrumentShape(gw, instrumentId, filter.version);
  const where = and(answersWhere(shape, { ...filter, status: 'submitted' }), within);
  const tallies = new Map<string, Tally>(shape.questions.map((q) => [q.question.name, { answered: 0, choices: new Map(), numbers: [] }]));
  const sectionScores = new Map<string, number[]>(shape.sections.map((s) => [s.name, []]));
  const overall: number[] = [];
  const bands = new Map<string, number>();
  let total = 0;
  let everyDetailed = true;

  await forEachBatch(
    (after, limit) => gw.aggregateRows(OWNED.responses, fields, { where: and(where, after), orderBy: byId, limit }),
    (rows) => {
      for (const row of rows) {
        total += 1;
        if (!row.detailed) everyDetailed = false;
        for (const q of shape.questions) {
          // Inside a repeat every instance is read; a response still counts once per question and choice.
          const texts = instancePaths(row.answers, repeatsOf(q))
            .map((path) => row.answers[answerKey(path, q.question.name)])
            .map((value) => (value === undefined ? '' : toText(value).trim()))
            .filter(Boolean);
          if (texts.length === 0) continue;
          const tally = tallies.get(q.question.name)!;
          tally.answered += 1;
          const { type } = q.question;
          if (type === 'select_one' || type === 'select_multiple') {
            const codes = new Set(texts.flatMap((text) => (type === 'select_multiple' ? text.split(/\s+/) : [text])));
            for (const code of codes) tally.choices.set(code, (tally.choices.get(code) ?? 0) + 1);
          } else if (type === 'integer' || type === 'decimal') {
            for (const text of texts) {
              const n = Number(text);
              if (Number.isFinite(n)) tally.numbers.push(n);
            }
          }
        }
        const score = row.score as ScoreResult | null;
        if (!score) continue;
        for (const s of score.sections) if (s.score !== null) sectionScores.get(s.name)?.push(s.score);
        if (score.overall !== null) overall.push(score.overall);
        if (score.band) {
          const key = score.band.en ?? score.band.default ?? score.band.ka ?? '';
          bands.set(key, (bands.get(key) ?? 0) + 1);
        }
      }
    },
  );

  const suppress = !everyDetailed;
  const numberBars = (values: number[]) => histogram(values).map((b) => ({ key: b.key, labelKa: b.label, labelEn: b.label, count: b.count }));
  const questions = shape.questions
    .filter((q) => ['select_one', 'select_multiple', 'integer', 'decimal'].includes(q.question.type))
    .map((q) => {
      const tally = tallies.get(q.question.name)!;
      const base = { name: q.question.name, type: q.question.type, ...bothLabels(q.question.label, q.question.name) };
      if (q.question.type === 'integer' || q.question.type === 'decimal') return summarise(base, tally.answered, numberBars(tally.numbers), meanOf(tally.numbers), suppress);
      const known = q.choices.map((c) => ({ key: c.name, ...bothLabels(c.label, c.name), count: tally.choices.get(c.name) ?? 0 }));
      return summarise(base, tally.answered, known, null, suppress);
    });
  const sections = shape.sections.map((s) => {
    const values = sectionScores.get(s.name) ?? [];
    return summarise({ name: s.name, type: 'score', ...bothLabels(s.label, s.name) }, values.length, numberBars(values), meanOf(values), suppress);
  });
  const overallSummary = overall.length || shape.sections.length
    ? summarise({ name: '_score', type: 'score', labelKa: '', labelEn: '' }, overall.length, numberBars(overall), meanOf(overall), suppress)
    : null;
  const bandBars = shape.bands.map((b) => {
    const key = b.label.en ?? b.label.default ?? b.label.ka ?? '';
    return { key, ...bothLabels(b.label, key), count: bands.get(key) ?? 0 };
  });
  const bandCounts = suppress ? suppressCells(bandBars.map((b) => b.count)) : bandBars.map((b) => b.count);
  return {
    instrumentId,
    responses: suppress && total > 0 && total < DISCLOSURE_THRESHOLD ? null : total,
    suppressed: suppress,
    threshold: DISCLOSURE_THRESHOLD,
    questions,
    sections,
    overall: overallSummary,
    bands: bandBars.map((b, i) => ({ ...b, count: bandCounts[i] ?? null })),
  };
}
