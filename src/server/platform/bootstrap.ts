// Builds the dependencies every command shares: database (migrated), logger, metrics, clock.
import { readFileSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { connectDatabase, type ConnectOptions, type DbHandle } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import type { AppDeps } from './deps.ts';
import { createMetrics } from './http/metrics.ts';
import { UnavailableError } from './problems.ts';

export const VERSION: string = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version;

export interface Opened {
  deps: AppDeps;
  handle: DbHandle;
}

export async function openDeps(
  config: Config,
  opts: { clock?: Clock; log?: Logger; migrate?: boolean; connect?: ConnectOptions; defaultMetrics?: boolean } = {},
): Promise<Opened> {
  const log = opts.log ?? pino({ level: config.logging.level, base: { app: 'tally' } });
  let handle: DbHandle;
  try {
    handle = await connectDatabase(config.databaseUrl, opts.connect);
    if (opts.migrate !== false) await migrateToLatest(handle.db);
  } catch (err) {
    throw new UnavailableError(`database ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//')}: ${(err as Error).message}`);
  }
  const deps: AppDeps = {
    db: handle.db,
    engine: handle.engine,
    dbLocation: handle.location,
    config,
    clock: opts.clock ?? systemClock,
    log,
    metrics: createMetrics(opts.defaultMetrics ?? false),
    version: VERSION,
    startedAt: (opts.clock ?? systemClock)(),
  };
  return { deps, handle };
}
