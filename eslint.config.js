import { readdirSync, statSync } from 'node:fs';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The folders of src/server that are modules (everything but the platform, the CLI's core and the test harness).
const SERVER = new URL('./src/server/', import.meta.url);
const domains = readdirSync(SERVER).filter((d) => statSync(new URL(d, SERVER)).isDirectory() && !['platform', 'cli', 'testing'].includes(d));
const anyDomain = `(?:${domains.join('|')})`;

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const INDEX_ONLY = { regex: `^(?:\\.\\./)+${anyDomain}/(?!index\\.ts$|testing\\.ts$)`, message: 'Reach another domain only through its index.ts (tests may use its testing.ts).' };
const NO_TEST = { regex: '^(?:\\.\\./)+test/', message: 'src never imports test/: the shared test harness is src/server/testing/, a domain\'s helpers its testing.ts.' };
const NO_HARNESS = { regex: '^(?:\\.\\.?/)+testing/|(?:^|/)testing\\.ts$', message: 'Production code never imports the test harness (src/server/testing/, a domain\'s testing.ts): only tests and other test helpers do.' };
const NO_DOMAIN = { regex: `^(?:\\.\\./)+(?:${anyDomain}|cli)/|^(?:\\.\\./)+(?:module|modules|host|main)\\.ts$`, message: 'platform/ imports no domain: pass what it needs in as arguments.' };
const ISOMORPHIC = [
  { regex: '^(?:\\.\\./)+(?:server|web)/', message: 'common/ imports nothing from server/ or web/.' },
  { regex: '^node:', message: 'common/ runs in the browser too: no Node imports.' },
];

/** Test helpers: the shared harness and each domain's testing.ts (tests import them; production code never does). */
const HARNESS = ['src/server/testing/**/*.ts', 'src/server/**/testing.ts'];

/** The architecture's import rules (docs/ARCHITECTURE.md "Rules"); the folder graph is checked by src/server/boundaries.test.ts. */
const importRules = [
  { files: ['src/server/**/*.ts'], ignores: ['src/server/platform/**', '**/*.test.ts', ...HARNESS], rules: restrict(INDEX_ONLY, NO_TEST, NO_HARNESS) },
  { files: HARNESS, ignores: ['src/server/platform/**', '**/*.test.ts'], rules: restrict(INDEX_ONLY, NO_TEST) },
  { files: ['src/server/**/*.test.ts'], ignores: ['src/server/platform/**'], rules: restrict(INDEX_ONLY, NO_TEST) },
  { files: ['src/server/platform/**/*.ts'], ignores: ['**/*.test.ts'], rules: restrict(NO_DOMAIN, NO_TEST, NO_HARNESS) },
  { files: ['src/server/platform/**/*.test.ts'], rules: restrict(NO_DOMAIN, NO_TEST) },
  { files: ['src/common/**/*.ts'], rules: restrict(...ISOMORPHIC, NO_TEST) },
  { files: ['src/web/**/*.{ts,tsx}'], rules: restrict(NO_TEST) },
];

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'data', '**/data', 'test-artifacts', '.tally-bench'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...importRules,
);
