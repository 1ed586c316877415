import { eq } from 'drizzle-orm';
import type { Gateway } from '../../access/gateway';
import { OWNED } from '../../access/registry';
import { HttpProblem } from '../../http/problem';
import { findResponseForUpdate } from './queries';

/**
 * A draft can be thrown away by the person who started it, so a stray "Fill in" leaves nothing
 * behind. Submitted forms are records: they are amended, never deleted. Audited as `delete`.
 */
export async function deleteDraft(gw: Gateway, id: string): Promise<void> {
  await gw.transaction(async (tx) => {
    const row = await findResponseForUpdate(tx, id);
    if (row.response.status !== 'draft') throw new HttpProblem('conflict', [], 'responses.alreadySubmitted');
    if (row.response.createdBy !== tx.actor.userId) throw new HttpProblem('forbidden', [], 'responses.notYourDraft');
    await tx.delete(OWNED.responses, eq(OWNED.responses.table.id, id));
    await tx.audit({ action: 'delete', entityType: OWNED.responses.entity, entityId: id, organisationId: row.response.organisationId, changes: { label: { from: row.response.label } } });
  });
}
