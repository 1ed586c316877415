import { eq } from 'drizzle-orm';
import { normalizeDefinition } from '../../../common/instruments/normalize';
import { definition as definitionSchema } from '../../../common/instruments/definition';
import { writeAudit } from '../../audit/log';
import type { Db } from '../../db/client';
import { instrumentVersions, instruments } from '../../db/schema';
import { BUILT_IN_INSTRUMENTS } from './builtin';

/**
 * Adds the built-in instruments that are missing (by code) as published version 1. Runs on every
 * start, demo or not; an admin's later edits are new versions and are never overwritten.
 */
export async function seedBuiltInInstruments(db: Db): Promise<number> {
  let added = 0;
  for (const builtIn of BUILT_IN_INSTRUMENTS) {
    const [existing] = await db.select({ id: instruments.id }).from(instruments).where(eq(instruments.code, builtIn.code));
    if (existing) continue;
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(instruments)
        .values({
          code: builtIn.code,
          purpose: builtIn.purpose,
          titleKa: builtIn.title.ka ?? '',
          titleEn: builtIn.title.en ?? '',
          descriptionKa: builtIn.description.ka ?? '',
          descriptionEn: builtIn.description.en ?? '',
          builtIn: true,
        })
        .returning({ id: instruments.id });
      await tx.insert(instrumentVersions).values({
        instrumentId: row!.id,
        number: 1,
        status: 'published',
        publishedAt: new Date(),
        definition: normalizeDefinition(definitionSchema.parse(builtIn.definition)),
      });
      await writeAudit(tx, { action: 'seed_instrument', entityType: 'instrument', entityId: row!.id });
    });
    added += 1;
  }
  return added;
}
