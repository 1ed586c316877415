import { describe, expect, it } from 'vitest';
import { definition as definitionSchema } from '../../../common/instruments/definition';
import { evaluateForm } from '../../../common/instruments/form-state';
import { validateDefinition } from '../../../common/instruments/validate-definition';
import { conditionExpression, joinCondition } from '../../../web/src/features/instruments/conditions';

// What the designer's condition builder writes must be an expression the shared engine reads as meant.
const form = (relevant: string, constraint: string) =>
  definitionSchema.parse({
    items: [
      { kind: 'question', type: 'select_one', name: 'consent', label: { en: 'Consent' }, listName: 'yesno' },
      { kind: 'question', type: 'select_multiple', name: 'needs', label: { en: 'Needs' }, listName: 'needs' },
      { kind: 'question', type: 'integer', name: 'age', label: { en: 'Age' }, relevant, constraint },
    ],
    choiceLists: {
      yesno: [{ name: 'yes', label: { en: 'Yes' } }, { name: 'no', label: { en: 'No' } }],
      needs: [{ name: 'ramp', label: { en: 'Ramp' } }, { name: 'sign', label: { en: 'Sign language' } }],
    },
  });

describe('condition builder expressions', () => {
  it('writes XLSForm comparisons, quoting text and not numbers', () => {
    expect(conditionExpression('consent', '=', 'yes', false)).toBe("${consent} = 'yes'");
    expect(conditionExpression('.', '>=', '18', true)).toBe('. >= 18');
    expect(conditionExpression('needs', 'selected', 'ramp', false)).toBe("selected(${needs}, 'ramp')");
    expect(conditionExpression('needs', 'not_selected', 'sign', false)).toBe("not(selected(${needs}, 'sign'))");
    expect(conditionExpression('consent', '!=', "it's", false)).toBe("${consent} != 'its'");
    expect(joinCondition(undefined, 'a')).toBe('a');
    expect(joinCondition(' x ', 'a')).toBe('x and a');
  });

  it('the shared engine evaluates them as meant', () => {
    const relevant = joinCondition(conditionExpression('consent', '=', 'yes', false), conditionExpression('needs', 'selected', 'ramp', false));
    const constraint = joinCondition(conditionExpression('.', '>=', '18', true), conditionExpression('.', '<=', '120', true));
    const definition = form(relevant, constraint);
    expect(validateDefinition(definition)).toEqual([]);
    expect(evaluateForm(definition, { consent: 'yes', needs: 'ramp sign' }).relevant.age).toBe(true);
    expect(evaluateForm(definition, { consent: 'yes', needs: 'sign' }).relevant.age).toBe(false);
    expect(evaluateForm(definition, { consent: 'no', needs: 'ramp' }).relevant.age).toBe(false);
    expect(evaluateForm(definition, { consent: 'yes', needs: 'ramp', age: 12 }).errors.age).toBeDefined();
    expect(evaluateForm(definition, { consent: 'yes', needs: 'ramp', age: 30 }).errors.age).toBeUndefined();
  });
});

