import { setPasswordCostForTests } from '../../server/auth/password';

// Every test file, in its own worker: passwords hashed in 1 ms instead of 160 (test/unit/password.test.ts
// checks the production cost).
setPasswordCostForTests(2 ** 10);
