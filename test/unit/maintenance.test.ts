import { describe, expect, it } from 'vitest';
import { MAINTENANCE_AFTER_START_MS, PGLITE_MAINTENANCE_MS, untilNextMaintenance } from '../../server/db/maintenance';

// The embedded database's vacuum and analyse: due every six hours across restarts, and never
// during the start itself.
describe('when the embedded database is next maintained', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000);

  it('runs soon after the first start, but not during it', () => {
    expect(untilNextMaintenance(undefined, now)).toBe(MAINTENANCE_AFTER_START_MS);
  });

  it('waits out the rest of the interval since the last run, even across a restart', () => {
    expect(untilNextMaintenance(hoursAgo(2), now)).toBe(PGLITE_MAINTENANCE_MS - 2 * 3_600_000);
  });

  it('runs soon after a start when a run is overdue (the server was stopped when it fell due)', () => {
    expect(untilNextMaintenance(hoursAgo(30), now)).toBe(MAINTENANCE_AFTER_START_MS);
  });
});
