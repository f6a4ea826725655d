// `npm test` runs two projects (`vitest --project unit` or `--project system` runs one):
// - unit: everything that runs in the test's own process — pure code, both databases, HTTP through
//   inject(), the CLI through run(argv, io). No isolation between files (each builds its own
//   databases and apps), so the module graph is loaded once per worker, not once per file.
// - system: what starts servers, subprocesses or Chromium: *.system.test.ts and test/e2e. The unit
//   project refuses to start any (test/unit-guard.ts), so a file that does must be named so.
//   Each file stops what it started, so these share workers too.
import { defineConfig } from 'vitest/config';

const SYSTEM = ['**/*.system.test.ts', 'test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    // A hang guard, not a speed test (speed is `npm run bench`): generous, since the suite's own
    // servers, browsers and Prometheus share two cores with it.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores here; system files often wait (on a lease to expire, a process, the browser), so
    // a third worker keeps the cores busy with other files meanwhile (BENCHMARKS.md, "Test suite").
    maxWorkers: 3,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['**/node_modules/**', ...SYSTEM], isolate: false, setupFiles: ['test/unit-guard.ts'], globalSetup: ['test/pg-global-setup.ts', 'test/demo-repos-setup.ts'] },
      },
      {
        extends: true,
        test: { name: 'system', include: SYSTEM, isolate: false, globalSetup: ['test/pg-global-setup.ts', 'test/system/global-setup.ts'] },
      },
    ],
  },
});
