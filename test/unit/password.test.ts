import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { hashPassword, setPasswordCostForTests, verifyPassword } from '../../server/auth/password';

describe('password hashing', () => {
  afterEach(() => setPasswordCostForTests(2 ** 10)); // as test/support/setup.ts leaves it

  it('hashes at the production cost (scrypt N=2^15, r=8) unless a test lowers it', () => {
    // A process of its own: this one runs with the test suites' lower cost.
    const hash = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', "import { hashPassword } from './server/auth/password.ts'; console.log(await hashPassword('სწორი პაროლი'));"], { encoding: 'utf8' }).trim();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  });

  it('checks a stored hash at the cost the hash names, whatever new hashes cost', async () => {
    setPasswordCostForTests(2 ** 12);
    const stored = await hashPassword('სწორი პაროლი');
    expect(stored).toMatch(/^scrypt\$4096\$8\$1\$/);
    setPasswordCostForTests(2 ** 10);
    expect(await verifyPassword('სწორი პაროლი', stored)).toBe(true);
    expect(await verifyPassword('სწორი პაროლი ', stored)).toBe(false);
    expect(await verifyPassword('სწორი პაროლი', null)).toBe(false);
  });
});
