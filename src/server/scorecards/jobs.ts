// Scheduled evaluation. One dispatcher job looks at every scorecard and runs those that are
// due: by `spec.schedule` (cron, croner) or every `scorecards.defaultIntervalMinutes`. Each
// scorecard is claimed through its own lease row (`scorecard:NAME`), so with several
// processes each due scorecard runs once. makeJobDue(db, scorecardJobName(n)) makes one due now.
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { Grading } from '../checks/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { lastRuns, makeJobDue, withLease } from '../platform/jobs/leases.ts';
import type { Job } from '../platform/jobs/scheduler.ts';
import { runEvaluation } from './evaluation/run.ts';
import { listScorecardRows } from './repository.ts';

export const scorecardJobName = (name: string): string => `scorecard:${name}`;

/** When a scorecard last run at `lastRun` is next due; `null` last run = due now. */
export function nextDue(schedule: string | undefined, lastRun: Date | null, intervalMs: number): Date {
  if (!lastRun) return new Date(0);
  if (schedule) return new Cron(schedule, { paused: true, timezone: 'UTC' }).nextRun(lastRun) ?? new Date(8.64e15);
  return new Date(lastRun.getTime() + intervalMs);
}

function scheduleOf(spec: string): string | undefined {
  const s = (JSON.parse(spec) as { spec?: { schedule?: unknown } }).spec?.schedule;
  return typeof s === 'string' ? s : undefined;
}

/** Makes every stored scorecard due now (after the catalog, facts or a rubric changed). */
export async function makeScorecardsDue(db: AppDeps['db'], names?: readonly string[]): Promise<void> {
  for (const name of names ?? (await listScorecardRows(db)).map((r) => r.name)) await makeJobDue(db, scorecardJobName(name));
}

/** Runs every due scorecard (one at a time); returns the names run. */
export async function runDueScorecards(deps: AppDeps, grading: Grading, holder = randomUUID()): Promise<string[]> {
  const intervalMs = deps.config.scorecards.defaultIntervalMinutes * 60_000;
  const [rows, last] = await Promise.all([listScorecardRows(deps.db), lastRuns(deps.db, 'scorecard:')]);
  const ran: string[] = [];
  for (const row of rows) {
    const name = scorecardJobName(row.name);
    const lastRun = last.get(name) ?? null;
    const now = deps.clock();
    if (nextDue(scheduleOf(row.spec), lastRun ? new Date(lastRun) : null, intervalMs) > now) continue;
    // everyMs = now - last: the claim succeeds only while last_run_at is still what we read.
    const everyMs = lastRun ? Math.max(0, now.getTime() - Date.parse(lastRun)) : 0;
    const r = await withLease(deps, { name, everyMs }, holder, () => runEvaluation({ ...deps, grading }, { scorecards: [row.name], trigger: 'schedule' }));
    if (r.claimed) ran.push(row.name);
  }
  return ran;
}

export function scorecardJobs(grading: Grading): Job[] {
  return [{ name: 'scorecard-evaluations', everyMs: 15_000, run: async (deps) => void (await runDueScorecards(deps, grading)) }];
}
