// Runs background jobs on their intervals. Work is claimed through database leases (leases.ts),
// so adding processes splits the work; pausing (runtime controls) stops new runs everywhere.
import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { readRuntime } from '../runtime.ts';
import { withLease } from './leases.ts';

export interface Job {
  name: string;
  everyMs: number;
  /** How long a claim holds without a heartbeat: a crashed holder's job moves on after this. Default 30 s; tally.yaml's jobs.leaseMs overrides it. */
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
      const leaseMs = deps.config.jobs.leaseMs ?? job.leaseMs;
      const r = await withLease(deps, { name: job.name, everyMs: job.everyMs, leaseMs }, holder, () => {
        deps.log.debug({ job: job.name, holder }, 'job started');
        return job.run(deps);
      });
      if (!r.claimed) return;
      deps.metrics.jobRuns.inc({ job: job.name, status: 'ok' });
      // Every run, with the instants of its lease: what the many-processes test reads to prove each ran once per interval.
      deps.log.debug({ job: job.name, holder, claimedAt: r.claimedAt.toISOString(), releasedAt: r.releasedAt.toISOString() }, 'job ran');
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
  const timer = opts.autoStart === false ? null : setInterval(guardedTick, opts.tickMs ?? deps.config.jobs.tickMs);
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
