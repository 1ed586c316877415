import { and, eq, type SQL } from 'drizzle-orm';
import type { ResponseRecord } from '../../../common/schemas/response';
import type { ScopedGateway } from '../../access/gateway';
import { instrumentVersions, instruments, responses } from '../../db/schema';
import { notFound } from '../../http/problem';

// The one scoped read of responses (with the version they answered), shared by the response
// and attachment services.

const selection = {
  response: responses,
  instrumentId: instrumentVersions.instrumentId,
  versionNumber: instrumentVersions.number,
  definition: instrumentVersions.definition,
  titleKa: instruments.titleKa,
  titleEn: instruments.titleEn,
};

export function base(gw: ScopedGateway, where: SQL | undefined) {
  return gw.db
    .select(selection)
    .from(responses)
    .innerJoin(instrumentVersions, eq(instrumentVersions.id, responses.instrumentVersionId))
    .innerJoin(instruments, eq(instruments.id, instrumentVersions.instrumentId))
    .where(and(gw.scope(responses.organisationId), where));
}

export type Joined = Awaited<ReturnType<typeof base>>[number];

export function toRecord(row: Joined): ResponseRecord {
  const r = row.response;
  return {
    id: r.id,
    instrumentId: row.instrumentId,
    instrumentVersionId: r.instrumentVersionId,
    versionNumber: row.versionNumber,
    instrumentTitleKa: row.titleKa,
    instrumentTitleEn: row.titleEn,
    organisationId: r.organisationId,
    label: r.label,
    status: r.status,
    answers: r.answers,
    score: r.score,
    submittedAt: r.submittedAt,
    version: r.version,
    updatedAt: r.updatedAt,
  };
}

export async function findResponse(gw: ScopedGateway, id: string): Promise<Joined> {
  const [row] = await base(gw, eq(responses.id, id));
  if (!row) throw notFound();
  return row;
}
