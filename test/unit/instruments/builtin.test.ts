import { describe, expect, it } from 'vitest';
import { definition as definitionSchema, flattenQuestions } from '../../../common/instruments/definition';
import { evaluateForm } from '../../../common/instruments/form-state';
import { scoreForm } from '../../../common/instruments/scoring';
import { validateDefinition } from '../../../common/instruments/validate-definition';
import { BUILT_IN_INSTRUMENTS } from '../../../server/features/instruments/builtin';

const byCode = (code: string) => definitionSchema.parse(BUILT_IN_INSTRUMENTS.find((i) => i.code === code)!.definition);

describe('built-in instruments', () => {
  it.each(BUILT_IN_INSTRUMENTS.map((i) => [i.code, i] as const))('%s is valid and fully translated', (_code, instrument) => {
    const parsed = definitionSchema.parse(instrument.definition);
    expect(validateDefinition(parsed)).toEqual([]);
    for (const { question } of flattenQuestions(parsed.items)) {
      if (question.type === 'calculate') continue;
      expect(question.label.ka, question.name).toMatch(/[\u10D0-\u10FF]/);
      expect(question.label.en, question.name).toBeTruthy();
    }
  });

  it('GESI OCA has the 9 domains, a score, justification and evidence per sub-area, and maturity levels', () => {
    const oca = byCode('gesi_oca');
    expect(oca.items).toHaveLength(9);
    const questions = flattenQuestions(oca.items).map((q) => q.question.name);
    expect(questions).toContain('gesi_premises_score');
    expect(questions).toContain('gesi_premises_justification');
    expect(questions).toContain('safeguarding_psea_evidence');
    const answers = Object.fromEntries(questions.filter((q) => q.endsWith('_score')).map((q) => [q, '3']));
    answers.governance_vision_score = 'na';
    const result = scoreForm(oca, evaluateForm(oca, answers));
    expect(result.overall).toBe(3);
    expect(result.band?.en).toBe('Needs improvement in limited aspects');
  });

  it('WG-SS applies the standard cut-off (any domain coded 3 or 4) and keeps the raw codes', () => {
    const wg = byCode('wg_ss');
    const none = { seeing: '2', hearing: '1', walking: '2', remembering: '1', selfcare: '1', communicating: '2' };
    const state = evaluateForm(wg, none);
    expect(state.values.disability).toBe('no');
    expect(scoreForm(wg, state).band?.en).toMatch(/^Cut-off not met/);
    const some = evaluateForm(wg, { ...none, walking: '3' });
    expect(some.values.disability).toBe('yes');
    expect(some.values.walking).toBe('3');
    expect(scoreForm(wg, some).band?.en).toMatch(/^Disability/);
  });

  it('CFM 5–17 counts anxiety only at "daily"', () => {
    const cfm = byCode('cfm_5_17');
    const base = Object.fromEntries(flattenQuestions(cfm.items).filter((q) => q.question.listName === 'difficulty').map((q) => [q.question.name, '1']));
    expect(evaluateForm(cfm, { ...base, anxiety: 'weekly', depression: 'never' }).values.disability).toBe('no');
    expect(evaluateForm(cfm, { ...base, anxiety: 'daily', depression: 'never' }).values.disability).toBe('yes');
  });

  it('the training test passes at 4 of 5', () => {
    const test = byCode('gesi_training_test');
    const right = { q1: 'b', q2: 'b', q3: 'a', q4: 'a', q5: 'a' };
    expect(scoreForm(test, evaluateForm(test, right))).toMatchObject({ overall: 5, band: { en: 'Passed' } });
    expect(scoreForm(test, evaluateForm(test, { ...right, q1: 'a', q2: 'a' }))).toMatchObject({ overall: 3, band: { en: 'Not passed' } });
  });

  it('the quality checklist asks for evidence only where a criterion is not fully met', () => {
    const checklist = byCode('quality_checklist');
    const state = evaluateForm(checklist, { p_available_rating: 'partly' });
    expect(state.errors.p_available_comment).toEqual({ key: 'instruments.errors.required' });
    expect(state.relevant.p_accessible_comment).toBe(false);
  });
});
