import { describe, expect, it } from 'vitest';
import { exportsRefreshInterval } from '../../web/src/features/exports/refresh';

describe('My exports refreshes itself', () => {
  it('every few seconds while an export is being prepared, every minute while a file is offered, else not', () => {
    expect(exportsRefreshInterval([{ status: 'done', outdated: false }, { status: 'running', outdated: false }])).toBe(3_000);
    expect(exportsRefreshInterval([{ status: 'queued', outdated: false }])).toBe(3_000);
    // A file on offer may become outdated when the user's access changes: the list looks again.
    expect(exportsRefreshInterval([{ status: 'failed', outdated: false }, { status: 'done', outdated: false }])).toBe(60_000);
    expect(exportsRefreshInterval([{ status: 'done', outdated: true }, { status: 'failed', outdated: false }])).toBe(false);
    expect(exportsRefreshInterval([])).toBe(false);
    expect(exportsRefreshInterval(undefined)).toBe(false);
  });
});
