// On-call's timers, as leased jobs: escalations and delayed contact rules (each timer also fired
// once by a compare-and-set, so a second process never doubles a page), and shift-start pages.
import type { Job } from '../platform/jobs/scheduler.ts';
import { runTimers } from './pages/escalate.ts';
import { pageShiftStarts } from './pages/shift-start.ts';

export function oncallJobs(): Job[] {
  return [
    // Runs about a second each time, firing each timer as it falls due (not a tick later).
    { name: 'oncall-timers', everyMs: 500, run: async (deps) => void (await runTimers(deps, 1000)) },
    { name: 'oncall-shift-starts', everyMs: 60_000, run: async (deps) => void (await pageShiftStarts(deps)) },
  ];
}
