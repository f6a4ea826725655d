// Readies the demo organisation when `server.demo` is on: its local git repositories, the
// first catalog import, a week of changes, and a first evaluation — so that a new user who
// runs `npm start` sees grades at once instead of waiting for the first scheduled run.
import { dirname } from 'node:path';
import { seedDemoChanges } from '../changes/index.ts';
import { resolveFromConfig } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { runEvaluation } from '../scorecards/run.ts';
import { gradeChangeNotifier } from '../scorecards/notify.ts';
import { documentConsumers } from '../sources/consumers.ts';
import { refreshSources } from '../sources/refresh.ts';
import { ensureDemoRepos } from './repos.ts';

/** Call after the server listens: the demo's http checks probe its own /demo/status pages. */
export async function prepareDemo(deps: AppDeps): Promise<void> {
  const first = deps.config.catalog.sources[0];
  if (!deps.config.server.demo || !first) return;
  await ensureDemoRepos(dirname(resolveFromConfig(deps.config, first)), { now: deps.clock() });
  await refreshSources(deps, documentConsumers);
  const seeded = await seedDemoChanges(deps);
  const runs = await runEvaluation({ ...deps, onGradeChanges: gradeChangeNotifier(deps) }, { trigger: 'demo-start' });
  deps.log.info({ changesSeeded: seeded, evaluated: runs.map((r) => `${r.scorecard}: ${r.entities} entities`) }, 'demo ready');
}
