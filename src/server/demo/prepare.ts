// Readies the demo organisation when `server.demo` is on: its local git repositories, the
// first catalog import, a week of changes, and a first evaluation — so that a new user who
// runs `npm start` sees grades at once instead of waiting for the first scheduled run.
import { dirname } from 'node:path';
import { seedDemoChanges } from '../changes/index.ts';
import { resolveFromConfig } from '../platform/config.ts';
import type { AppDeps } from '../platform/deps.ts';
import { backgroundJobs } from '../platform/jobs/jobs.ts';
import { makeJobDue } from '../platform/jobs/leases.ts';
import { startScheduler } from '../platform/jobs/scheduler.ts';
import { runDueScorecards } from '../scorecards/jobs.ts';
import { ensureDemoRepos } from './repos.ts';

/**
 * Call after the server listens: the demo's http checks probe its own /demo/status pages.
 * The refresh and the evaluations claim the same leases as the scheduler's jobs, so its first
 * round finds them done instead of doing them again (and two processes never both prepare).
 */
export async function prepareDemo(deps: AppDeps): Promise<void> {
  const first = deps.config.catalog.sources[0];
  if (!deps.config.server.demo || !first) return;
  await ensureDemoRepos(dirname(resolveFromConfig(deps.config, first)), { now: deps.clock() });
  // A start reads the files again even when the last refresh was recent (the user may have edited them).
  await makeJobDue(deps.db, 'catalog-refresh');
  const refresh = backgroundJobs(deps.config).filter((j) => j.name === 'catalog-refresh');
  await startScheduler(deps, refresh, { autoStart: false }).tick();
  const seeded = await seedDemoChanges(deps);
  const evaluated = await runDueScorecards(deps);
  deps.log.info({ changesSeeded: seeded, evaluated }, 'demo ready');
}
