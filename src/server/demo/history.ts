// The demo's grade history: on the first start (an empty history), the demo's scorecard is graded
// as the catalog looked on each of the last HISTORY_DAYS days (story.ts), through the
// scorecards' own seeding (the evaluation's steps with the clock set back). A restart writes
// nothing: the history is there.
import type { Grading } from '../checks/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { scorecardNames, seedHistory, type SeedSummary } from '../scorecards/index.ts';
import { contextAt, HISTORY_DAYS, rubricBefore } from './story.ts';

const DAY_MS = 86_400_000;

/** The instants of the seeded past: one a day, from HISTORY_DAYS days ago to yesterday, at the time of day of `now`. */
export function historyInstants(now: Date, days = HISTORY_DAYS): Date[] {
  return Array.from({ length: days }, (_, i) => new Date(now.getTime() - (days - i) * DAY_MS));
}

/** The scorecard the demo's story (story.ts) is written for; the others start their history at the first evaluation. */
const STORY_SCORECARD = 'production-readiness';

/** Seeds the history of the story's scorecard when it has none, with its one rubric change. Other
 * scorecards (the demo's on-call health) are not replayed: their checks read today's data (rotations),
 * so a replayed past would be invented, and it would double the first start. */
export async function seedDemoHistory(deps: AppDeps, grading: Grading): Promise<Record<string, SeedSummary>> {
  const out: Record<string, SeedSummary> = {};
  if (!deps.config.server.demo) return out;
  const now = deps.clock();
  const age = (at: Date) => Math.round((now.getTime() - at.getTime()) / DAY_MS);
  for (const name of await scorecardNames(deps.db)) {
    if (name !== STORY_SCORECARD) continue;
    out[name] = await seedHistory({ ...deps, grading }, name, {
      instants: historyInstants(now),
      contextAt: (ctx, at) => contextAt(ctx, age(at), now),
      rubricAt: (body, at) => rubricBefore(body, age(at)),
    });
  }
  return out;
}
