import { describe, expect, it } from 'vitest';
import { changeLines, type Lookup } from '../../common/audit-changes';
import { translate } from '../../common/i18n/translate';
import type { Language } from '../../common/roles';

// An audit entry's changes as the audit log page and its export show them.

const lookup = (lang: Language): Lookup => (key) => {
  const text = translate(lang, key);
  return text === key ? undefined : text;
};

describe('audit changes as text', () => {
  it("reads a list's filters as 'label: value' in the reader's language, coded values in words, paging left out", () => {
    const changes = { filter: { to: { q: 'x', status: 'open', page: 2, pageSize: 25, sort: 'surname', dir: 'asc', after: 'abc', targetGroup: 'families_at_risk', active: true } }, rows: { to: 25 } };
    expect(changeLines(changes, 'case', lookup('en'))).toEqual(['Search: x', 'Status: open', 'Target group: Families at risk', 'Active: Yes', 'Rows: 25']);
    expect(changeLines({ filter: { to: { status: 'active', kind: 'cso', format: 'xlsx', role: 'mentor' } } }, 'case', lookup('ka'))).toEqual([
      'სტატუსი: აქტიური',
      'ტიპი: cso',
      'ფორმატი: XLSX',
      'როლი: მენტორი',
    ]);
    expect(changeLines({ filter: { to: { kind: 'cso', status: 'draft' } } }, 'organisation', lookup('en'))).toEqual(['Kind: CSO', 'Status: draft']);
    expect(changeLines({ filter: { to: { status: 'draft' } } }, 'response', lookup('en'))).toEqual(['Status: Draft']);
  });

  it('says when a list was read without filters, keeps an unknown field by its name, and shows other changes as from → to', () => {
    expect(changeLines({ filter: { to: { page: 1, pageSize: 25, q: null } }, rows: { to: 0 } }, 'user', lookup('en'))).toEqual(['No filters', 'Rows: 0']);
    expect(changeLines({ filter: { to: { somethingNew: 'v' } } }, 'user', lookup('en'))).toEqual(['somethingNew: v']);
    expect(changeLines({ phone: { from: '1', to: '2' } }, 'organisation', lookup('en'))).toEqual(['phone: "1" → "2"']);
    expect(changeLines(null, 'user', lookup('en'))).toEqual([]);
  });

  it('reads an id a list was filtered by as the name the server gave, and keeps the id where it gave none', () => {
    const org = '0b6f5a38-2c1e-4f1a-9d5e-111111111111';
    const person = '0b6f5a38-2c1e-4f1a-9d5e-222222222222';
    const names = (id: string) => (id === org ? 'Telavi Inclusive Development Centre' : undefined);
    expect(changeLines({ filter: { to: { organisationId: org, personId: person, q: org } } }, 'response', lookup('en'), names)).toEqual([
      'Organisation: Telavi Inclusive Development Centre',
      `Person: ${person}`,
      // A search is what was typed, even when it looks like an id.
      `Search: ${org}`,
    ]);
    expect(changeLines({ filter: { to: { partnerId: [org, person] } } }, 'referral', lookup('en'), names)).toEqual([`Partner organisation: Telavi Inclusive Development Centre, ${person}`]);
  });
});
