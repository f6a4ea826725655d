// Readies the demo organisation when `server.demo` is on: its local git repositories, the
// first catalog import, a week of changes, 120 days of grade history (history.ts), and a first
// evaluation — so that a new user who runs `npm start` sees grades, trends and "most improved"
// at once instead of waiting for the first scheduled run.
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import { backupJobs } from '../backup/index.ts';
import { seedDemoChanges } from '../changes/index.ts';
import { seedDemoUsage } from '../forecasts/index.ts';
import type { Host } from '../module.ts';
import { resolveFromConfig } from '../platform/config.ts';
import type { AppDeps } from '../platform/deps.ts';
import { refreshSources } from '../platform/documents/refresh.ts';
import { makeJobDue, withLease } from '../platform/jobs/leases.ts';
import { runDueScorecards } from '../scorecards/index.ts';
import { seedDemoHistory } from './history.ts';
import { ensureDemoRepos } from './repos.ts';

/**
 * Call after the server listens: the demo's http checks probe its own /demo/status pages.
 * The refresh and the evaluations claim the same leases as the scheduler's jobs, so its first
 * round finds them done instead of doing them again (and two processes never both prepare).
 */
export async function prepareDemo(deps: AppDeps, host: Host): Promise<void> {
  const first = deps.config.catalog.sources[0];
  if (!deps.config.server.demo || !first) return;
  await ensureDemoRepos(dirname(resolveFromConfig(deps.config, first)), { now: deps.clock() });
  // A start reads the files again even when the last refresh was recent (the user may have edited them).
  await makeJobDue(deps.db, 'catalog-refresh');
  await withLease(deps, { name: 'catalog-refresh', everyMs: 0 }, randomUUID(), () => refreshSources(deps, host.documents, host));
  const seeded = await seedDemoChanges(deps);
  // Resource usage before any grading: the `capacity` check forecasts from it.
  await seedDemoUsage(deps);
  await firstBackup(deps);
  // History first: intervals are written in time order, and the first evaluation is "now".
  const history = await seedDemoHistory(deps, host.grading);
  const evaluated = await runDueScorecards(deps, host.grading);
  deps.log.info({ changesSeeded: seeded, history, evaluated }, 'demo ready');
}

/**
 * Tally's own backup, made and verified under the scheduler's lease (so its first round finds it
 * done) before the history and the first evaluation: the catalog's Tally is graded on it. A
 * backup that cannot be made (e.g. no pg_dump) is logged; the demo still starts.
 */
async function firstBackup(deps: AppDeps): Promise<void> {
  for (const job of backupJobs(deps.config)) {
    try {
      await withLease(deps, { name: job.name, everyMs: job.everyMs, leaseMs: job.leaseMs }, randomUUID(), () => job.run(deps));
    } catch (err) {
      deps.log.warn({ err: (err as Error).message }, 'demo: the first backup of Tally itself failed');
    }
  }
}
