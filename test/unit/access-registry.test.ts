import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { BELOW_THE_GATEWAY, OWNED, OWNER_COLUMNS, PROGRAMME } from '../../server/access/registry';
import * as schema from '../../server/db/schema';

const tables = (Object.values(schema) as unknown[]).filter((value): value is PgTable => typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value);

describe('the registry of owned tables', () => {
  it('registers every table that has an owner column (or says why it sits below the gateway)', () => {
    const registered = new Set<PgTable>(Object.values(OWNED).map((o) => o.table));
    const programme = new Set<PgTable>(Object.values(PROGRAMME));
    const unregistered = tables
      .map((table) => getTableConfig(table))
      .filter((config) => config.columns.some((c) => (OWNER_COLUMNS as readonly string[]).includes(c.name)))
      .filter((config) => !BELOW_THE_GATEWAY[config.name])
      .map((config) => config.name)
      .filter((name) => !tables.some((t) => getTableConfig(t).name === name && (registered.has(t) || programme.has(t))));
    expect(unregistered, 'owned tables missing from server/access/registry.ts').toEqual([]);
    expect(tables.length).toBeGreaterThan(10);
  });

  it('names each owned table’s owner column from that table', () => {
    for (const [name, owned] of Object.entries(OWNED)) {
      expect(Object.values(owned.table as unknown as Record<string, unknown>), name).toContain(owned.owner);
    }
  });
});

describe('the lint rule that keeps feature code behind the gateway', () => {
  // The project's config with type-aware linting off: these rules need no types, and the
  // snippets are files that do not exist.
  const eslint = new ESLint({
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const lint = async (code: string, filePath: string) => (await eslint.lintText(code, { filePath }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);

  it('rejects the database client, schema tables and the raw executor in feature code', async () => {
    expect(await lint("import { responses } from '../../db/schema';\nexport const t = responses;\n", 'server/features/example/service.ts')).toHaveLength(1);
    expect(await lint("import { openDatabase } from '../../db/client';\nexport const o = openDatabase;\n", 'server/features/example/service.ts')).toHaveLength(1);
    expect(await lint("import { rawExecutor } from '../../access/gateway';\nexport const r = rawExecutor;\n", 'server/features/example/service.ts')).toHaveLength(1);
  });

  it('rejects reaching into another feature past its index.ts', async () => {
    expect(await lint("import { listResponses } from '../responses/queries';\nexport const l = listResponses;\n", 'server/features/example/service.ts')).toHaveLength(1);
    expect(await lint("import { startResponse } from '../responses';\nexport const s = startResponse;\n", 'server/features/example/service.ts')).toEqual([]);
  });

  it('lets auth, seed and the CLI use the executor', async () => {
    expect(await lint("import { users } from '../../db/schema';\nexport const u = users;\n", 'server/features/auth/service.ts')).toEqual([]);
  });
});
