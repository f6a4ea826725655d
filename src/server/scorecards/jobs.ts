// Scheduled evaluation. One dispatcher job looks at every scorecard and runs those that are
// due: by `spec.schedule` (cron, croner) or every `scorecards.defaultIntervalMinutes`. Each
// scorecard is claimed through its own lease row (`scorecard:NAME`), so with several
// processes each due scorecard runs once. makeJobDue(db, scorecardJobName(n)) makes one due now.
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import type { AppDeps } from '../platform/deps.ts';
import { claimJob, releaseJob } from '../platform/jobs/leases.ts';
import type { Job } from '../platform/jobs/scheduler.ts';
import { gradeChangeNotifier } from './notify.ts';
import { runEvaluation } from './run.ts';
import { listScorecardRows, scheduledLastRuns } from './store.ts';

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

/** Runs every due scorecard (one at a time); returns the names run. */
export async function runDueScorecards(deps: AppDeps, holder = randomUUID()): Promise<string[]> {
  const intervalMs = deps.config.scorecards.defaultIntervalMinutes * 60_000;
  const [rows, lastRuns] = await Promise.all([listScorecardRows(deps.db), scheduledLastRuns(deps.db)]);
  const ran: string[] = [];
  for (const row of rows) {
    const name = scorecardJobName(row.name);
    const last = lastRuns.get(name) ?? null;
    const now = deps.clock();
    if (nextDue(scheduleOf(row.spec), last ? new Date(last) : null, intervalMs) > now) continue;
    // everyMs = now - last: the claim succeeds only while last_run_at is still what we read.
    const everyMs = last ? Math.max(0, now.getTime() - Date.parse(last)) : 0;
    if (!(await claimJob(deps.db, { name, everyMs, leaseMs: 30 * 60_000 }, holder, now))) continue;
    try {
      await runEvaluation({ ...deps, onGradeChanges: gradeChangeNotifier(deps) }, { scorecards: [row.name], trigger: 'schedule' });
      ran.push(row.name);
    } finally {
      await releaseJob(deps.db, name, holder, deps.clock());
    }
  }
  return ran;
}

export function scorecardJobs(): Job[] {
  return [{ name: 'scorecard-evaluations', everyMs: 15_000, leaseMs: 60 * 60_000, run: async (deps) => void (await runDueScorecards(deps)) }];
}
