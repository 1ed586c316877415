import type { Definition, Group, LocalText, Question } from '../../../common/instruments/definition';
import type { Value } from '../../../common/instruments/expression-evaluator';
import { questionScore, type ScoreResult } from '../../../common/instruments/scoring';
import type { Change, RoundResult } from '../../../common/schemas/capacity';

// The GESI-OCA's shape as the capacity module reads it: top-level groups are domains, their
// groups are sub-areas, and each sub-area's scored question is the one with a scored choice list.
// Read from the definition version an assessment answered, so edited instruments keep working.

export interface SubArea {
  name: string;
  domain: string;
  label: { ka: string; en: string };
  scoreQuestion: Question;
}
export interface Domain {
  name: string;
  label: { ka: string; en: string };
  subAreas: SubArea[];
}

const both = (text: LocalText | undefined) => ({ ka: text?.ka ?? text?.default ?? text?.en ?? '', en: text?.en ?? text?.default ?? text?.ka ?? '' });

function scoredQuestion(definition: Definition, group: Group): Question | undefined {
  return group.items.find(
    (i): i is Question => i.kind === 'question' && !!i.listName && !!definition.choiceLists[i.listName]?.some((c) => typeof c.score === 'number'),
  );
}

export function domainsOf(definition: Definition): Domain[] {
  return definition.items
    .filter((i): i is Group => i.kind === 'group')
    .map((domain) => ({
      name: domain.name,
      label: both(domain.label),
      subAreas: domain.items
        .filter((i): i is Group => i.kind === 'group')
        .flatMap((sub) => {
          const scoreQuestion = scoredQuestion(definition, sub);
          return scoreQuestion ? [{ name: sub.name, domain: domain.name, label: both(sub.label), scoreQuestion }] : [];
        }),
    }));
}

export function subAreasOf(definition: Definition): SubArea[] {
  return domainsOf(definition).flatMap((d) => d.subAreas);
}

/** A rater's score for one sub-area (null when N/A or unanswered). */
export function answeredScore(definition: Definition, sub: SubArea, answers: Record<string, Value>): number | null {
  const value = answers[sub.scoreQuestion.name];
  return value === undefined ? null : questionScore(sub.scoreQuestion, definition, String(value));
}

/** The choice whose score is nearest to `score` (ties go up): how a consensus draft starts. */
export function choiceNearest(definition: Definition, sub: SubArea, score: number): string | undefined {
  const choices = definition.choiceLists[sub.scoreQuestion.listName ?? ''] ?? [];
  let best: { name: string; distance: number } | undefined;
  for (const c of choices) {
    if (typeof c.score !== 'number') continue;
    const distance = Math.abs(c.score - score);
    if (!best || distance < best.distance || (distance === best.distance && c.score > score)) best = { name: c.name, distance };
  }
  return best?.name;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const round2 = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 100) / 100);

/** Scores per domain and sub-area from the engine's section scores of the consensus form. */
export function resultOf(definition: Definition, score: ScoreResult | null): Pick<RoundResult, 'overall' | 'domains' | 'subAreas'> {
  const section = (name: string) => round2(score?.sections.find((s) => s.name === name)?.score);
  const domains = domainsOf(definition);
  return {
    overall: round2(score?.overall),
    domains: domains.map((d) => ({ name: d.name, label: d.label, score: section(d.name) })),
    subAreas: domains.flatMap((d) => d.subAreas.map((s) => ({ name: s.name, domain: d.name, label: s.label, score: section(s.name) }))),
  };
}

/** Change per sub-area between two rounds' results (by sub-area name). */
export function changeBetween(before: RoundResult['subAreas'], after: RoundResult['subAreas']): Change[] {
  return after.map((s) => {
    const old = before.find((b) => b.name === s.name)?.score ?? null;
    const delta = old === null || s.score === null ? null : round2(s.score - old);
    const direction = delta === null ? 'new' : delta > 0 ? 'improved' : delta < 0 ? 'worse' : 'same';
    return { name: s.name, domain: s.domain, label: s.label, before: old, after: s.score, delta, direction };
  });
}
