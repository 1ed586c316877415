import { describe, expect, it } from 'vitest';
import { REGISTRATION_LABEL, caseAssessmentLabel, formLabel, parseFormLabel, type FormLabel } from '../../common/form-labels';

describe('the labels the cases feature gives its forms', () => {
  const caseId = '3ce5a74c-1b2d-4e5f-8a9b-0c1d2e3f4a5b';

  it('reads back what it writes', () => {
    const labels: FormLabel[] = [{ kind: 'caseAssessment', caseId }, { kind: 'registration' }];
    for (const label of labels) expect(parseFormLabel(formLabel(label))).toEqual(label);
  });

  it('writes the format the stored forms already carry', () => {
    // Forms started before this module exist in databases: the text must stay the same.
    expect(caseAssessmentLabel(caseId)).toBe(`case:${caseId}`);
    expect(REGISTRATION_LABEL).toBe('registration');
    expect(parseFormLabel(`case:${caseId}`)).toEqual({ kind: 'caseAssessment', caseId });
    expect(parseFormLabel('registration')).toEqual({ kind: 'registration' });
  });

  it('leaves a label a person typed alone, even one that looks like a key', () => {
    for (const label of ['', 'Baseline visit', 'case:', 'case:42', `case:${caseId}x`, ` case:${caseId}`, 'Registration', 'registration 2'])
      expect(parseFormLabel(label)).toBeNull();
  });
});
