// `tally serve` and `tally worker`: the long-running processes, with graceful shutdown on SIGTERM.
// The modules' parts (routes, jobs, migrations, event handlers, start-up work) are passed in.
import type { Logger } from 'pino';
import { openDeps } from './bootstrap.ts';
import type { Config } from './config.ts';
import type { Migrations } from './db/migrate.ts';
import type { AppDeps } from './deps.ts';
import type { EventBus } from './events/events.ts';
import { buildApp, type RegisterRoutes } from './http/app.ts';
import { startScheduler, type Job } from './jobs/scheduler.ts';

export interface ServeParts {
  migrations: Migrations;
  events: EventBus;
  routes: RegisterRoutes;
  jobs(deps: AppDeps): Job[];
  /** Runs once the server listens (the demo's preparation); its failure is logged, not fatal. */
  start?(deps: AppDeps): Promise<void>;
}

export async function serve(config: Config, opts: { port: number; host: string; jobs: boolean }, parts: ServeParts): Promise<void> {
  const { deps, handle } = await openDeps(config, { migrations: parts.migrations, events: parts.events, defaultMetrics: true });
  const app = await buildApp(deps, parts.routes);
  await app.listen({ port: opts.port, host: opts.host });
  const address = `http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${opts.port}`;
  deps.log.info({ address, database: deps.engine }, `Tally is serving on ${address}`);
  await parts.start?.(deps).catch((err) => deps.log.error({ err }, 'start-up work failed'));
  process.stdout.write(`\n  Tally is running: open ${address}  (API docs: ${address}/api/docs)\n\n`);
  const scheduler = opts.jobs ? startScheduler(deps, parts.jobs(deps)) : null;
  onShutdown(async () => {
    await scheduler?.stop();
    await app.close();
    await handle.close();
  }, deps.log);
}

export async function worker(config: Config, parts: Omit<ServeParts, 'routes' | 'start'>): Promise<void> {
  const { deps, handle } = await openDeps(config, { migrations: parts.migrations, events: parts.events, defaultMetrics: true });
  const scheduler = startScheduler(deps, parts.jobs(deps));
  deps.log.info('Tally worker started');
  onShutdown(async () => {
    await scheduler.stop();
    await handle.close();
  }, deps.log);
}

function onShutdown(close: () => Promise<void>, log: Pick<Logger, 'info' | 'error'>): void {
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
