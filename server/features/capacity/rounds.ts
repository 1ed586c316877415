import { and, asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Round, roundInput, roundPatch } from '../../../common/schemas/capacity';
import { assertVersionMatched, type Gateway } from '../../access/gateway';
import { PROGRAMME } from '../../access/registry';
import { diff } from '../../audit/log';
import { invalidField, notFound } from '../../http/problem';

// Assessment rounds are programme-wide definitions: every signed-in user reads them, programme
// staff define them.

const { assessmentRounds: rounds } = PROGRAMME;
const fields = { id: rounds.id, kind: rounds.kind, nameKa: rounds.nameKa, nameEn: rounds.nameEn, startsOn: rounds.startsOn, endsOn: rounds.endsOn, version: rounds.version };

export function listRounds(gw: Gateway): Promise<Round[]> {
  return gw.programme.select(fields).from(rounds).orderBy(asc(rounds.startsOn), asc(rounds.id));
}

async function getRound(gw: Gateway, id: string): Promise<Round> {
  const [row] = await gw.programme.select(fields).from(rounds).where(eq(rounds.id, id));
  if (!row) throw notFound();
  return row;
}

export async function createRound(gw: Gateway, input: z.infer<typeof roundInput>): Promise<Round> {
  return gw.transaction(async (tx) => {
    const [row] = await tx.programme.insert(rounds).values(input).returning({ id: rounds.id });
    await tx.audit({ action: 'create', entityType: 'assessment_round', entityId: row!.id, changes: diff({}, input) });
    return getRound(tx, row!.id);
  });
}

export async function updateRound(gw: Gateway, id: string, patch: z.infer<typeof roundPatch>): Promise<Round> {
  const before = await getRound(gw, id);
  const { version, ...set } = patch;
  if ((set.endsOn ?? before.endsOn) < (set.startsOn ?? before.startsOn)) throw invalidField('endsOn', 'capacity.errors.endBeforeStart');
  return gw.transaction(async (tx) => {
    const updated = await tx.programme.update(rounds).set({ ...set, version: before.version + 1, updatedAt: new Date() }).where(and(eq(rounds.id, id), eq(rounds.version, version))).returning();
    assertVersionMatched(updated);
    await tx.audit({ action: 'update', entityType: 'assessment_round', entityId: id, changes: diff(before, set) });
    return getRound(tx, id);
  });
}
