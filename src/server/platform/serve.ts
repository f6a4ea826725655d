// `tally serve` and `tally worker`: the long-running processes, with graceful shutdown on SIGTERM.
import type { Config } from './config.ts';
import { openDeps } from './bootstrap.ts';
import { buildApp } from './http/app.ts';
import { backgroundJobs } from './jobs/jobs.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { prepareDemo } from '../demo/prepare.ts';

export async function serve(config: Config, opts: { port: number; host: string; jobs: boolean }): Promise<void> {
  const { deps, handle } = await openDeps(config, { defaultMetrics: true });
  const app = await buildApp(deps);
  await app.listen({ port: opts.port, host: opts.host });
  const address = `http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${opts.port}`;
  deps.log.info({ address, database: deps.engine }, `Tally is serving on ${address}`);
  process.stdout.write(`\n  Tally is running: open ${address}  (API docs: ${address}/api/docs)\n\n`);
  await prepareDemo(deps).catch((err) => deps.log.error({ err }, 'demo preparation failed'));
  const scheduler = opts.jobs ? startScheduler(deps, backgroundJobs(config)) : null;
  onShutdown(async () => {
    await scheduler?.stop();
    await app.close();
    await handle.close();
  }, deps.log);
}

export async function worker(config: Config): Promise<void> {
  const { deps, handle } = await openDeps(config, { defaultMetrics: true });
  const scheduler = startScheduler(deps, backgroundJobs(config));
  deps.log.info('Tally worker started');
  onShutdown(async () => {
    await scheduler.stop();
    await handle.close();
  }, deps.log);
}

function onShutdown(close: () => Promise<void>, log: { info: (m: string) => void; error: (o: object, m: string) => void }): void {
  let closing = false;
  const handler = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal} received: finishing requests and jobs, then exiting`);
    close().then(
      () => process.exit(0),
      (err) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => handler('SIGTERM'));
  process.once('SIGINT', () => handler('SIGINT'));
}
