import { describe, expect, it } from 'vitest';
import { accessDigest, type Reach } from '../../server/access/reach';

const NONE = { all: false, ids: [] };
const reach = (read: string[], overrides: Partial<Reach> = {}): Reach => ({
  read: { all: false, ids: read },
  write: { all: false, ids: read.slice(0, 1) },
  personal: NONE,
  referrals: NONE,
  participant: NONE,
  capacity: { all: false, ids: read },
  ...overrides,
});
const actor = { organisationId: 'org-1', roles: ['mentor' as const] };

describe('the digest of what a user may read', () => {
  it('is the same however the ids were read, and changes with any organisation, role or grant', () => {
    const digest = accessDigest(actor, reach(['org-1', 'cso-a', 'cso-b']), new Map([['response', ['r1', 'r2']]]));
    expect(accessDigest(actor, reach(['org-1', 'cso-b', 'cso-a']), new Map([['response', ['r2', 'r1']]]))).toBe(digest);
    const changed = [
      accessDigest(actor, reach(['org-1', 'cso-a']), new Map([['response', ['r1', 'r2']]])), // a CSO less
      accessDigest(actor, reach(['org-1', 'cso-a', 'cso-b']), new Map([['response', ['r1']]])), // a grant revoked
      accessDigest(actor, reach(['org-1', 'cso-a', 'cso-b']), new Map([['response', ['r1', 'r2']], ['case', ['c1']]])), // a grant given
      accessDigest({ ...actor, roles: ['mentor', 'viewer'] }, reach(['org-1', 'cso-a', 'cso-b']), new Map([['response', ['r1', 'r2']]])),
      accessDigest({ ...actor, organisationId: 'org-2' }, reach(['org-1', 'cso-a', 'cso-b']), new Map([['response', ['r1', 'r2']]])),
      accessDigest(actor, reach(['org-1', 'cso-a', 'cso-b'], { personal: { all: false, ids: ['org-1'] } }), new Map([['response', ['r1', 'r2']]])),
      accessDigest(actor, reach(['org-1', 'cso-a', 'cso-b'], { participant: { all: true, ids: [] } }), new Map([['response', ['r1', 'r2']]])),
    ];
    for (const other of changed) expect(other).not.toBe(digest);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
