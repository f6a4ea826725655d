// Runs background jobs on their intervals. Work is claimed through database leases (leases.ts),
// so adding processes splits the work; pausing (runtime controls) stops new runs everywhere.
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { readRuntime } from '../runtime.ts';
import { withLease } from './leases.ts';

export interface Job {
  name: string;
  everyMs: number;
  /** How long a claim holds without a heartbeat: a crashed holder's job moves on after this. Default 30 s. */
  leaseMs?: number;
  run(deps: AppDeps): Promise<void>;
}

export interface Scheduler {
  stop(): Promise<void>;
  /** Runs one round now: every due job this process can claim. */
  tick(): Promise<void>;
}

export function startScheduler(deps: AppDeps, jobs: Job[], opts: { tickMs?: number; autoStart?: boolean } = {}): Scheduler {
  const holder = randomUUID();
  let running: Promise<void> | null = null;
  let stopped = false;

  async function runJob(job: Job): Promise<void> {
    try {
      const r = await withLease(deps, { name: job.name, everyMs: job.everyMs, leaseMs: job.leaseMs }, holder, () => job.run(deps));
      if (r.claimed) deps.metrics.jobRuns.inc({ job: job.name, status: 'ok' });
    } catch (err) {
      deps.metrics.jobRuns.inc({ job: job.name, status: 'failed' });
      deps.log.error({ err, job: job.name }, 'background job failed');
    }
  }

  async function tick(): Promise<void> {
    if (stopped) return;
    const runtime = await readRuntime(deps);
    if (runtime.jobsPaused) return;
    for (const job of jobs) if (!stopped) await runJob(job);
  }

  const guardedTick = () => {
    if (running) return;
    running = tick()
      .catch((err) => deps.log.error({ err }, 'scheduler tick failed'))
      .finally(() => (running = null));
  };
  const timer = opts.autoStart === false ? null : setInterval(guardedTick, opts.tickMs ?? 1000);
  if (timer) {
    timer.unref();
    guardedTick();
  }
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (running) await running;
    },
  };
}
