import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/http';
import { SCALES } from '../../server/db/seed/synthetic';

// The benchmark at tiny scale for one second per endpoint, so it cannot rot between real runs.
// It asserts that the harness measures every endpoint and the export, never how fast they are.
describe('the benchmark harness (smoke run)', () => {
  it('measures every endpoint, the export (downloaded and in the background) and /health during it', { timeout: 120_000 }, async () => {
    const report = await runBench({ scale: 'tiny', databases: ['pglite'], durationSeconds: 1, connections: [2], inline: true, log: () => {} });
    const rows = report.rows as { endpoint: string; requestsPerSecond: number; non2xx: number; errors: number }[];
    expect(rows.map((r) => r.endpoint)).toEqual(expect.arrayContaining([
      '/health', 'sign-in', '/me', '/dashboard', '/organisations', '/users', '/instruments', '/responses', '/responses (next page)', '/audit',
      '/organisations/{id}', '/users/{id}', '/instruments/{id}', '/responses/{id}',
      '/people (case worker)', '/people/{id} (case worker)', '/cases (case worker)', '/cases/{id} (case worker)', '/caseload (case worker)',
    ]));
    for (const row of rows) {
      // A sign-in (deliberately slow password hashing) may not complete within the one-second
      // smoke run on a busy machine; it must just not fail.
      if (row.endpoint !== 'sign-in') expect(row.requestsPerSecond, row.endpoint).toBeGreaterThan(0);
      expect(row.non2xx + row.errors, row.endpoint).toBe(0);
    }
    type Measured = { exportedRows: number; visibleRows: number; healthP50: number };
    const pglite = (report.databases as Record<string, { duringExport: Measured; duringBackgroundExport: Measured & { status: string } }>).pglite!;
    // Every form the admin may see is exported: the synthetic ones and the demo programme's.
    expect(pglite.duringExport.exportedRows).toBe(pglite.duringExport.visibleRows);
    expect(pglite.duringExport.exportedRows).toBeGreaterThanOrEqual(SCALES.tiny.responses);
    expect(pglite.duringExport.healthP50).toBeGreaterThan(0);
    // The same export as a background job: written to storage by the worker, every row in it.
    expect(pglite.duringBackgroundExport.status).toBe('done');
    expect(pglite.duringBackgroundExport.exportedRows).toBe(pglite.duringExport.exportedRows);
  });
});
