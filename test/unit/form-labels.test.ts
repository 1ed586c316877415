import { describe, expect, it } from 'vitest';
import { REGISTRATION_LABEL, capacityFormTitle, caseAssessmentLabel, formLabel, parseFormLabel, type FormLabel } from '../../common/form-labels';

describe('the labels the cases feature gives its forms', () => {
  const caseId = '3ce5a74c-1b2d-4e5f-8a9b-0c1d2e3f4a5b';

  it('reads back what it writes', () => {
    const labels: FormLabel[] = [
      { kind: 'caseAssessment', caseId },
      { kind: 'registration' },
      { kind: 'capacityConsensus', roundId: caseId },
      { kind: 'capacityRating', roundId: caseId, rater: 'ლევან მაისურაძე' },
      // A rater's name is kept as typed, whatever it holds.
      { kind: 'capacityRating', roundId: caseId, rater: 'A: consensus / B' },
    ];
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

describe('the labels of capacity assessment forms', () => {
  const roundId = '3ce5a74c-1b2d-4e5f-8a9b-0c1d2e3f4a5b';
  const round = { nameKa: 'საბაზისო შეფასება 2025', nameEn: 'Baseline assessment 2025' };
  const words = { ka: { consensus: 'კონსენსუსი', unknownRound: 'შესაძლებლობების შეფასება' }, en: { consensus: 'consensus', unknownRound: 'Capacity assessment' } };

  it('keep the round by its id, not its names in both languages', () => {
    expect(formLabel({ kind: 'capacityConsensus', roundId })).toBe(`capacity:${roundId}:consensus`);
    expect(formLabel({ kind: 'capacityRating', roundId, rater: 'ეკა' })).toBe(`capacity:${roundId}:rater:ეკა`);
  });

  it('read in one language: the round\'s name in it and who filled the form in', () => {
    const consensus = { kind: 'capacityConsensus', roundId } as const;
    const rating = { kind: 'capacityRating', roundId, rater: 'Levan Maisuradze' } as const;
    expect(capacityFormTitle(consensus, round, 'ka', words.ka)).toBe('საბაზისო შეფასება 2025 — კონსენსუსი');
    expect(capacityFormTitle(consensus, round, 'en', words.en)).toBe('Baseline assessment 2025 — consensus');
    expect(capacityFormTitle(rating, round, 'en', words.en)).toBe('Baseline assessment 2025 — Levan Maisuradze');
    // A round the reader has not got (yet) is named by what the form is.
    expect(capacityFormTitle(consensus, undefined, 'en', words.en)).toBe('Capacity assessment — consensus');
    // A round named in one language only is named in that one.
    expect(capacityFormTitle(consensus, { nameKa: 'რაუნდი', nameEn: '' }, 'en', words.en)).toBe('რაუნდი — consensus');
  });

  it('leave a label typed by a person alone', () => {
    for (const label of [`capacity:${roundId}`, `capacity:${roundId}:`, `capacity:${roundId}:rater:`, `capacity:${roundId}:consensus2`, `capacity:${roundId.toUpperCase()}:consensus`, 'საბაზისო შეფასება 2025 / Baseline assessment 2025 — კონსენსუსი / consensus'])
      expect(parseFormLabel(label)).toBeNull();
  });
});
