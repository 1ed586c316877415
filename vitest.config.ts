import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/postgres needs a PostgreSQL server (roles, privileges): run only when one is given.
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', ...(process.env.TEST_DATABASE_URL ? ['test/postgres/**/*.test.ts'] : [])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
