import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tmp/**', 'test-results/**', 'server/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // Type-aware rules: a promise nobody awaits hides its failure, and one passed where a
    // void callback is expected (onClick, onSubmit) rejects unseen.
    // Files outside tsconfig's program (the Vite config, the plain Node scripts) get a default one.
    files: ['**/*.{ts,tsx}', 'scripts/*.mjs'],
    languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['web/vite.config.ts', 'scripts/*.mjs'] }, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The gateway is the only door to owned data: feature code reaches tables through the access
    // registry and the request's gateway, never through the database client, the schema or the
    // gateway's raw executor. And a feature uses another only through its index.ts (its public API).
    files: ['server/features/**/*.ts'],
    ignores: ['server/features/index.ts', 'server/features/auth/**', 'server/features/health/**', 'server/features/*/seed.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/db/client', '**/db/schema', '**/db/schema/*'], message: 'Owned data goes through the gateway (server/access): use OWNED / PROGRAMME and req.gw.' },
          { regex: '^\\.\\./[\\w-]+/(?!index$)[\\w./-]+$', message: 'Use the other feature through its index.ts.' },
        ],
        paths: [{ name: '../../access/gateway', importNames: ['rawExecutor'], message: 'The raw executor is for auth, migrations, seed and the CLI.' }],
      }],
    },
  },
  {
    // Plain Node scripts outside the TypeScript program.
    files: ['scripts/**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', module: 'writable' } },
    rules: { 'no-console': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['server/cli.ts', 'server/main.ts', 'bench/**', '.ci/**'],
    rules: { 'no-console': 'off' },
  },
);
