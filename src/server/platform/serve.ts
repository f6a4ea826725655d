// `tally serve` and `tally worker`: the long-running processes, with graceful shutdown on SIGTERM.
// The modules' parts (routes, jobs, migrations, event handlers, start-up work) are passed in.
import type { Logger } from 'pino';
import { openDeps } from './bootstrap.ts';
import type { AddressInfo } from 'node:net';
import { listeningConfig, type Config } from './config.ts';
import type { Migrations } from './db/migrate.ts';
import type { AppDeps } from './deps.ts';
import type { EventBus } from './events/events.ts';
import { buildApp, type RegisterRoutes } from './http/app.ts';
import { startScheduler, type Job } from './jobs/scheduler.ts';
import { UnavailableError } from './problems.ts';

export interface ServeParts {
  migrations: Migrations;
  events: EventBus;
  routes: RegisterRoutes;
  jobs(deps: AppDeps): Job[];
  /** Runs once the server listens (the demo's preparation); its failure is logged, not fatal. */
  start?(deps: AppDeps): Promise<void>;
}

/** Where the CLI looks for a server when neither --server nor TALLY_SERVER says (platform/cli/remote.ts). */
const CLI_DEFAULT_SERVER = 'http://127.0.0.1:7070';

export async function serve(config: Config, opts: { port: number; host: string; jobs: boolean }, parts: ServeParts): Promise<void> {
  const shutdown = shutdownOnSignal();
  const { deps, handle } = await openDeps(listeningConfig(config, opts), { migrations: parts.migrations, events: parts.events, defaultMetrics: true });
  const app = await buildApp(deps, parts.routes);
  try {
    await app.listen({ port: opts.port, host: opts.host });
  } catch (err) {
    await app.close();
    await handle.close();
    throw listenError(err, opts);
  }
  // Port 0 is only known now; nothing has run since listen() resolved, so every job, request
  // and the start-up work below see the server's real address (and the publicUrl it implies).
  deps.config = listeningConfig(deps.config, { host: opts.host, port: (app.server.address() as AddressInfo).port });
  const address = `http://${opts.host === '0.0.0.0' ? 'localhost' : opts.host}:${deps.config.server.port}`;
  deps.log.info({ address, publicUrl: deps.config.server.publicUrl, database: deps.engine }, `Tally is listening on ${address}`);
  // The start-up work (the demo's first evaluation) runs before the URL is printed: whoever opens it sees grades.
  await parts.start?.(deps).catch((err) => deps.log.error({ err }, 'start-up work failed'));
  process.stdout.write(startedMessage(address, deps.config.server.publicUrl));
  const scheduler = opts.jobs ? startScheduler(deps, parts.jobs(deps)) : null;
  shutdown.ready(async () => {
    await scheduler?.stop();
    await app.close();
    await handle.close();
  }, deps.log);
}

/** Why the server could not listen, in words that say what to do (exit 2, not a stack trace). */
function listenError(err: unknown, where: { port: number; host: string }): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  const pick = 'pick another with --port N (or server.port in tally.yaml)';
  if (code === 'EADDRINUSE') return new UnavailableError(`port ${where.port} on ${where.host} is already in use (another Tally or another program listens there): ${pick}`);
  if (code === 'EACCES') return new UnavailableError(`not allowed to listen on port ${where.port} on ${where.host} (ports below 1024 need privileges): ${pick}`);
  if (code === 'EADDRNOTAVAIL') return new UnavailableError(`cannot listen on ${where.host}: no such address on this machine; pick another with --host (or server.host in tally.yaml)`);
  return err;
}

/** The line a person reads at start-up: where to open Tally, and how to point the CLI at it when it is not where the CLI looks. */
export function startedMessage(address: string, publicUrl: string): string {
  const cli = publicUrl === CLI_DEFAULT_SERVER ? '' : `  For the CLI: export TALLY_SERVER=${publicUrl}\n`;
  return `\n  Tally is running: open ${address}  (API docs: ${address}/api/docs)\n${cli}\n`;
}

export async function worker(config: Config, parts: Omit<ServeParts, 'routes' | 'start'>): Promise<void> {
  const shutdown = shutdownOnSignal();
  const { deps, handle } = await openDeps(config, { migrations: parts.migrations, events: parts.events, defaultMetrics: true });
  const scheduler = startScheduler(deps, parts.jobs(deps));
  deps.log.info('Tally worker started');
  shutdown.ready(async () => {
    await scheduler.stop();
    await handle.close();
  }, deps.log);
}

/**
 * Graceful shutdown on SIGTERM and SIGINT, listening from the process's first moment (a signal
 * that comes while it is still starting is kept, and acted on as soon as `ready` hands over the
 * closing work). The listeners stay for the process's life: a second signal while closing is
 * ignored instead of killing the process halfway.
 */
function shutdownOnSignal(): { ready(close: () => Promise<void>, log: Pick<Logger, 'info' | 'error'>): void } {
  let received: string | undefined;
  let closeNow: (() => void) | undefined;
  const handler = (signal: string) => {
    if (received) return;
    received = signal;
    closeNow?.();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    ready(close, log) {
      closeNow = () => {
        log.info(`${received} received: finishing requests and jobs, then exiting`);
        close().then(
          () => process.exit(0),
          (err) => {
            log.error({ err }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      if (received) closeNow();
    },
  };
}
