// One process of the lease race (leases.system.test.ts): the real scheduler, ticking every 100 ms,
// with one job that — once this process wins its lease — prints `running <pid>` and then works
// forever, the heartbeat renewing the lease. argv: DATABASE_URL JOB_NAME [LEASE_MS].
import { openDeps } from '../../src/server/platform/bootstrap.ts';
import { buildConfig } from '../../src/server/platform/config.ts';
import { createEventBus } from '../../src/server/platform/events/events.ts';
import { startScheduler, type Job } from '../../src/server/platform/jobs/scheduler.ts';

const [url, name, leaseMs] = process.argv.slice(2);
const config = buildConfig({ logging: { level: 'error' } }, { file: null, baseDir: process.cwd(), env: { TALLY_DATABASE_URL: url }, sections: {} });
const { deps } = await openDeps(config, { migrations: {}, events: createEventBus([]), migrate: false });
const job: Job = {
  name,
  everyMs: 3_600_000,
  leaseMs: leaseMs ? Number(leaseMs) : undefined,
  run: async () => {
    process.stdout.write(`running ${process.pid}\n`);
    await new Promise(() => undefined);
  },
};
startScheduler(deps, [job], { tickMs: 100 });
process.stdout.write(`ready ${process.pid}\n`);
setInterval(() => undefined, 1 << 30); // the scheduler's timers are unref'd; this process waits to be killed
