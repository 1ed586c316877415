import { describe, expect, it } from 'vitest';
import { accessDigest, type Reach } from '../../server/access/reach';

const NONE = { all: false, ids: [] };
const reach = (read: string[], overrides: Partial<Reach> = {}): Reach => ({
  read: { all: false, ids: read },
  write: { all: false, ids: ['org-1'] },
  personal: NONE,
  referrals: NONE,
  participant: NONE,
  capacity: { all: false, ids: read },
  ...overrides,
});
const actor = { organisationId: 'org-1', roles: ['mentor' as const] };
const CSOS = ['org-1', 'cso-a', 'cso-b'];
const GRANTED = ['r1', 'r2'];
const INPUTS = ['own staff record s1', 'assessment version v1'];

describe('the digest of which records of a table a user reads', () => {
  it('is the same however the ids were read, repeated or not', () => {
    const digest = accessDigest(actor, reach(CSOS), GRANTED, INPUTS);
    expect(accessDigest(actor, reach(['cso-b', 'org-1', 'cso-a', 'cso-b']), ['r2', 'r1', 'r2'], [...INPUTS].reverse())).toBe(digest);
    expect(accessDigest({ ...actor, roles: ['mentor', 'mentor'] }, reach(CSOS), GRANTED, INPUTS)).toBe(digest);
  });

  it('changes with any organisation, role, grant or input of the row rule', () => {
    const digest = accessDigest(actor, reach(CSOS), GRANTED, INPUTS);
    const changed = [
      accessDigest(actor, reach(['org-1', 'cso-a']), GRANTED, INPUTS), // a CSO less
      accessDigest(actor, reach(CSOS, { read: { all: true, ids: [] } }), GRANTED, INPUTS), // every organisation
      accessDigest(actor, reach(CSOS), ['r1'], INPUTS), // a grant revoked
      accessDigest(actor, reach(CSOS), [...GRANTED, 'r3'], INPUTS), // a grant given
      accessDigest(actor, reach(CSOS), GRANTED, INPUTS.slice(1)), // a staff record linked to someone else
      accessDigest(actor, reach(CSOS), GRANTED, [...INPUTS, 'assessment version v2']), // an instrument now an assessment
      accessDigest({ ...actor, roles: ['mentor', 'viewer'] }, reach(CSOS), GRANTED, INPUTS),
      accessDigest({ ...actor, organisationId: 'org-2' }, reach(CSOS), GRANTED, INPUTS),
      accessDigest(actor, reach(CSOS, { personal: { all: false, ids: ['org-1'] } }), GRANTED, INPUTS),
      accessDigest(actor, reach(CSOS, { participant: { all: true, ids: [] } }), GRANTED, INPUTS),
    ];
    for (const other of changed) expect(other).not.toBe(digest);
    expect(new Set(changed).size).toBe(changed.length);
  });
});
