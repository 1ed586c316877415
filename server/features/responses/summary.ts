import { and, type SQL } from 'drizzle-orm';
import { translate } from '../../../common/i18n/translate';
import { textIn, type LocalText } from '../../../common/instruments/definition';
import { toText } from '../../../common/instruments/expression-evaluator';
import { answerKey } from '../../../common/instruments/form-state';
import type { ScoreResult } from '../../../common/instruments/scoring';
import { formatNumber } from '../../../common/numbers';
import type { Language } from '../../../common/roles';
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

type Bin = { key: string; labelKa: string; labelEn: string; count: number };

/** The smallest "nice" width (1, 2, 2.5 or 5 times a power of ten; whole numbers only for whole numbers) of at least `raw`. */
function niceWidth(raw: number, whole: boolean): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const steps = whole && power === 1 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10];
  const width = steps.map((s) => s * power).find((w) => w >= raw * (1 - 1e-9)) ?? 10 * power;
  return whole ? Math.max(1, Math.round(width)) : width;
}

/** An edge without the floating-point dust of adding widths (0.30000000000000004 is 0.3). */
const clean = (n: number) => Number(n.toPrecision(12));

/**
 * Bins of numeric answers that do not overlap, labelled in each language's way of writing numbers.
 * Few whole numbers get a bar each ("7"); more get whole-number ranges with both ends included
 * ("10–19", "20–29"); other numbers get ranges that include their lower end only ("1,5 – 2-ზე
 * ნაკლები" / "1.5 to under 2"), so a value on an edge belongs to one bar only.
 */
export function histogram(values: number[]): Bin[] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const count = (test: (x: number) => boolean) => values.filter(test).length;
  const label = (format: (lang: Language) => string) => ({ labelKa: format('ka'), labelEn: format('en') });
  const whole = values.every(Number.isInteger);
  if (whole && max - min < 12) {
    return Array.from({ length: max - min + 1 }, (_, i) => {
      const v = min + i;
      return { key: String(v), ...label((lang) => formatNumber(v, lang, { digits: 0 })), count: count((x) => x === v) };
    });
  }
  if (max === min) return [{ key: String(min), ...label((lang) => formatNumber(min, lang, { maxDigits: 4 })), count: values.length }];
  const width = niceWidth(whole ? (max - min + 1) / BINS : (max - min) / BINS, whole);
  const start = clean(Math.floor(min / width) * width);
  const bins = Math.floor(clean((max - start) / width)) + 1;
  const edge = (i: number) => clean(start + i * width);
  const binOf = (x: number) => Math.min(bins - 1, Math.floor(clean((x - start) / width)));
  return Array.from({ length: bins }, (_, i) => {
    const lo = edge(i);
    const hi = edge(i + 1);
    const n = count((x) => binOf(x) === i);
    if (whole) return { key: String(lo), ...label((lang) => `${formatNumber(lo, lang, { digits: 0 })}–${formatNumber(hi - 1, lang, { digits: 0 })}`), count: n };
    const text = (lang: Language) => translate(lang, 'instruments.results.range', { from: formatNumber(lo, lang, { maxDigits: 4 }), to: formatNumber(hi, lang, { maxDigits: 4 }) });
    return { key: String(lo), ...label(text), count: n };
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
    const questions = shape.questions
    .filter((q) => ['select_one', 'select_multiple', 'integer', 'decimal'].includes(q.question.type))
    .map((q) => {
      const tally = tallies.get(q.question.name)!;
      const base = { name: q.question.name, type: q.question.type, ...bothLabels(q.question.label, q.question.name) };
      if (q.question.type === 'integer' || q.question.type === 'decimal') return summarise(base, tally.answered, histogram(tally.numbers), meanOf(tally.numbers), suppress);
      const known = q.choices.map((c) => ({ key: c.name, ...bothLabels(c.label, c.name), count: tally.choices.get(c.name) ?? 0 }));
      return summarise(base, tally.answered, known, null, suppress);
    });
  const sections = shape.sections.map((s) => {
    const values = sectionScores.get(s.name) ?? [];
    return summarise({ name: s.name, type: 'score', ...bothLabels(s.label, s.name) }, values.length, histogram(values), meanOf(values), suppress);
  });
  const overallSummary = overall.length || shape.sections.length
    ? summarise({ name: '_score', type: 'score', labelKa: '', labelEn: '' }, overall.length, histogram(overall), meanOf(overall), suppress)
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
