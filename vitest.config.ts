import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/postgres needs a PostgreSQL server (roles, privileges): run only when one is given.
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', ...(process.env.TEST_DATABASE_URL ? ['test/postgres/**/*.test.ts'] : [])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each test file's database starts as a copy of one migrated once per run.
    globalSetup: ['test/support/database-template.ts'],
    // New passwords hashed at a lower cost: the suites create thousands of users.
    setupFiles: ['test/support/setup.ts'],
    pool: 'forks',
    // One test file per core. Vitest's default keeps a core for itself, which on the 2-core CI
    // machine ran the files one by one; they spend much of their time waiting on the database
    // (PGlite's child process or the PostgreSQL server), so two at once took 25-35 % off each pass.
    maxWorkers: availableParallelism(),
  },
});
