// On-call's timers, as leased jobs: escalations and delayed contact rules (each timer also fired
// once by a compare-and-set, so a second process never doubles a page), and shift-start pages.
import type { Job } from '../platform/jobs/scheduler.ts';
import { fireDueTimers } from './pages/escalate.ts';
import { pageShiftStarts } from './pages/shift-start.ts';

export function oncallJobs(): Job[] {
  return [
    { name: 'oncall-timers', everyMs: 500, run: async (deps) => void (await fireDueTimers(deps)) },
    { name: 'oncall-shift-starts', everyMs: 60_000, run: async (deps) => void (await pageShiftStarts(deps)) },
  ];
}
