import { and, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Definition } from '../../../common/instruments/definition';
import type { ScoreResult } from '../../../common/instruments/scoring';
import { MIN_CELL, type aggregates, type portfolio, type portfolioQuery } from '../../../common/schemas/capacity';
import type { Gateway } from '../../access/gateway';
import { OWNED, PROGRAMME } from '../../access/registry';
import { GESI_OCA_CODE } from './assessments';
import { placeFilter } from './filters';
import { domainsOf } from './structure';

// The portfolio: every reached CSO's domain scores in one round (a heat map for programme staff
// and mentors), and the same as municipality averages for everyone, with small cells suppressed.

const assessments = OWNED.capacityAssessments.table;
const responses = OWNED.responses.table;
const orgs = OWNED.organisations.table;
const links = OWNED.organisationMunicipalities.table;
const { assessmentRounds: rounds, instruments, instrumentVersions, municipalities } = PROGRAMME;

type Query = z.infer<typeof portfolioQuery>;
interface Scored {
  organisationId: string;
  nameKa: string;
  nameEn: string;
  score: ScoreResult | null;
}

async function gesiDomains(gw: Gateway) {
  const [row] = await gw.programme
    .select({ definition: instrumentVersions.definition })
    .from(instrumentVersions)
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(and(eq(instruments.code, GESI_OCA_CODE), eq(instrumentVersions.status, 'published')))
    .orderBy(desc(instrumentVersions.number))
    .limit(1);
  return row ? domainsOf(row.definition as Definition).map((d) => ({ name: d.name, label: d.label })) : [];
}

/** The round asked for, or the latest round that has final assessments. */
async function roundOf(gw: Gateway, query: Query): Promise<string | undefined> {
  if (query.roundId) return query.roundId;
  const [latest] = await gw.select(OWNED.capacityAssessments, { roundId: assessments.roundId }, {
    joins: [{ table: rounds, on: eq(rounds.id, assessments.roundId) }],
    where: eq(assessments.status, 'final'),
    orderBy: [desc(rounds.startsOn)],
    limit: 1,
  });
  return latest?.roundId;
}

/** Final assessments in scope with their consensus scores (the scores stay on the server for aggregates). */
async function scored(gw: Gateway, query: Query, purpose: 'list' | 'check'): Promise<Scored[]> {
  const roundId = await roundOf(gw, query);
  if (!roundId) return [];
  return gw.select(OWNED.capacityAssessments, { organisationId: assessments.organisationId, nameKa: orgs.nameKa, nameEn: orgs.nameEn, score: responses.score }, {
    joins: [
      { table: orgs, on: eq(orgs.id, assessments.organisationId) },
      { table: responses, on: eq(responses.id, assessments.consensusResponseId) },
    ],
    where: and(eq(assessments.roundId, roundId), eq(assessments.status, 'final'), placeFilter(assessments.organisationId, query)),
    orderBy: [orgs.nameKa, orgs.id],
    purpose,
  });
}

const round2 = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 100) / 100);
const sectionScore = (score: ScoreResult | null, name: string) => round2(score?.sections.find((s) => s.name === name)?.score);
function mean(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? round2(present.reduce((a, b) => a + b, 0) / present.length) : null;
}

export async function portfolioOf(gw: Gateway, query: Query): Promise<z.infer<typeof portfolio>> {
  const domains = await gesiDomains(gw);
  const rows = await scored(gw, query, 'list');
  return {
    domains,
    rows: rows.map((r) => ({
      organisationId: r.organisationId,
      nameKa: r.nameKa,
      nameEn: r.nameEn,
      overall: round2(r.score?.overall),
      scores: Object.fromEntries(domains.map((d) => [d.name, sectionScore(r.score, d.name)])),
    })),
  };
}

/** Municipality × domain means over the CSOs the reader reaches; a cell of fewer than MIN_CELL CSOs is suppressed. */
export async function aggregatesOf(gw: Gateway, query: Query): Promise<z.infer<typeof aggregates>> {
  const domains = await gesiDomains(gw);
  const rows = await scored(gw, query, 'check');
  if (rows.length === 0) return { domains, rows: [] };
  const places = await gw.select(OWNED.organisationMunicipalities, { organisationId: links.organisationId, municipalityId: links.municipalityId, nameKa: municipalities.nameKa, nameEn: municipalities.nameEn }, {
    joins: [{ table: municipalities, on: eq(municipalities.id, links.municipalityId) }],
    where: inArray(links.organisationId, rows.map((r) => r.organisationId)),
  });
  const byMunicipality = new Map<string, { nameKa: string; nameEn: string; scores: Scored[] }>();
  for (const place of places) {
    const entry = byMunicipality.get(place.municipalityId) ?? { nameKa: place.nameKa, nameEn: place.nameEn, scores: [] };
    entry.scores.push(...rows.filter((r) => r.organisationId === place.organisationId));
    byMunicipality.set(place.municipalityId, entry);
  }
  return {
    domains,
    rows: [...byMunicipality.entries()]
      .sort(([, a], [, b]) => a.nameEn.localeCompare(b.nameEn))
      .map(([municipalityId, m]) => {
        const suppressed = m.scores.length < MIN_CELL;
        return {
          municipalityId,
          nameKa: m.nameKa,
          nameEn: m.nameEn,
          csos: m.scores.length,
          suppressed,
          overall: suppressed ? null : mean(m.scores.map((s) => round2(s.score?.overall))),
          scores: Object.fromEntries(domains.map((d) => [d.name, suppressed ? null : mean(m.scores.map((s) => sectionScore(s.score, d.name)))])),
        };
      }),
  };
}
