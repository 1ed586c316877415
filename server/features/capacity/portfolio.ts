import { and, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Definition } from '../../../common/instruments/definition';
import type { ScoreResult } from '../../../common/instruments/scoring';
import { MIN_CELL, type aggregates, type aggregatesQuery, type portfolio, type portfolioQuery } from '../../../common/schemas/capacity';
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
const { assessmentRounds: rounds, instruments, instrumentVersions, municipalities, regions } = PROGRAMME;

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

/**
 * Region (or municipality) × domain means over the CSOs the reader reaches; a cell of fewer than
 * MIN_CELL CSOs is suppressed, so no single CSO's scores can be read out of an aggregate.
 */
export async function aggregatesOf(gw: Gateway, query: z.infer<typeof aggregatesQuery>): Promise<z.infer<typeof aggregates>> {
  const domains = await gesiDomains(gw);
  const rows = await scored(gw, query, 'check');
  if (rows.length === 0) return { domains, rows: [] };
  const byRegion = query.by === 'region';
  const places = await gw.select(OWNED.organisationMunicipalities, {
    organisationId: links.organisationId,
    id: byRegion ? regions.id : municipalities.id,
    nameKa: byRegion ? regions.nameKa : municipalities.nameKa,
    nameEn: byRegion ? regions.nameEn : municipalities.nameEn,
  }, {
    joins: [{ table: municipalities, on: eq(municipalities.id, links.municipalityId) }, { table: regions, on: eq(regions.id, municipalities.regionId) }],
    where: inArray(links.organisationId, rows.map((r) => r.organisationId)),
  });
  const groups = new Map<string, { nameKa: string; nameEn: string; csos: Set<string> }>();
  for (const place of places) {
    const group = groups.get(place.id) ?? { nameKa: place.nameKa, nameEn: place.nameEn, csos: new Set<string>() };
    group.csos.add(place.organisationId);
    groups.set(place.id, group);
  }
  return {
    domains,
    rows: [...groups.entries()]
      .sort(([, a], [, b]) => a.nameEn.localeCompare(b.nameEn))
      .map(([id, group]) => {
        const members = rows.filter((r) => group.csos.has(r.organisationId));
        const suppressed = members.length < MIN_CELL;
        return {
          id,
          nameKa: group.nameKa,
          nameEn: group.nameEn,
          csos: members.length,
          suppressed,
          overall: suppressed ? null : mean(members.map((s) => round2(s.score?.overall))),
          scores: Object.fromEntries(domains.map((d) => [d.name, suppressed ? null : mean(members.map((s) => sectionScore(s.score, d.name)))])),
        };
      }),
  };
}
