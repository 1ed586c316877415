import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { Organisation, organisationInput } from '../../common/schemas/organisation';
import type { User } from '../../common/schemas/user';
import type { FormValues, Wire } from '../../web/src/api/wire';

// Checked by the TypeScript check (`npm run typecheck` covers test/): the browser's types of API
// bodies must say what JSON gives it, and form values must be complete.
describe('wire types of the web app', () => {
  it('turns dates into the strings JSON carries, also inside arrays and nullable fields', () => {
    expectTypeOf<Wire<Organisation>['createdAt']>().toEqualTypeOf<string>();
    expectTypeOf<Wire<User>['lastLoginAt']>().toEqualTypeOf<string | null>();
    expectTypeOf<Wire<{ items: { at: Date }[] }>>().toEqualTypeOf<{ items: { at: string }[] }>();
    expectTypeOf<Wire<User>['roles']>().toEqualTypeOf<User['roles']>();
    const sent = { createdAt: new Date('2026-01-02T03:04:05Z') };
    const received = JSON.parse(JSON.stringify(sent)) as Wire<typeof sent>;
    expect(typeof received.createdAt).toBe('string');
  });

  it('form values have every field of the request schema, none null', () => {
    type Values = FormValues<z.input<typeof organisationInput>>;
    expectTypeOf<Values['email']>().toEqualTypeOf<string>();
    expectTypeOf<Values['municipalityIds']>().toEqualTypeOf<string[]>();
    expectTypeOf<Values['active']>().toEqualTypeOf<boolean>();
  });
});
