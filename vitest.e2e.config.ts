import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Each test file's database starts as a copy of one migrated once per run. Passwords keep the
    // production cost here (no test/support/setup.ts): the browser signs in as a person does.
    globalSetup: ['test/support/database-template.ts'],
    pool: 'forks',
    fileParallelism: false,
  },
});
