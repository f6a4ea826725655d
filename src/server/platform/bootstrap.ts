// Builds the dependencies every command shares: database (migrated), logger, metrics, clock,
// event bus. The modules' parts (migrations, event handlers) are passed in by the caller.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { connectDatabase, type ConnectOptions, type DbHandle } from './db/connect.ts';
import { migrateToLatest, type Migrations } from './db/migrate.ts';
import type { AppDeps } from './deps.ts';
import type { EventBus } from './events/events.ts';
import { createMetrics } from './http/metrics.ts';
import { PACKAGE_ROOT } from './package-root.ts';
import { UnavailableError } from './problems.ts';

export const VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

export interface Opened {
  deps: AppDeps;
  handle: DbHandle;
}

export interface OpenOptions {
  migrations: Migrations;
  events: EventBus;
  clock?: Clock;
  log?: Logger;
  migrate?: boolean;
  connect?: ConnectOptions;
  defaultMetrics?: boolean;
}

export async function openDeps(config: Config, opts: OpenOptions): Promise<Opened> {
  const log = opts.log ?? pino({ level: config.logging.level, base: { app: 'tally' } });
  let handle: DbHandle;
  try {
    const { readReplicas: urls, maxReplicaLag: maxLagMs, replicaCheckInterval: checkIntervalMs } = config.database;
    handle = await connectDatabase(config.databaseUrl, { ...opts.connect, log, readReplicas: { urls, maxLagMs, checkIntervalMs } });
    if (opts.migrate !== false) await migrateToLatest(handle.db, opts.migrations);
  } catch (err) {
    throw new UnavailableError(`database ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//')}: ${(err as Error).message}`);
  }
  const clock = opts.clock ?? systemClock;
  const deps: AppDeps = {
    db: handle.db,
    read: handle.read,
    replicas: handle.replicas,
    engine: handle.engine,
    dbLocation: handle.location,
    config,
    clock,
    log,
    metrics: createMetrics(opts.defaultMetrics ?? false),
    events: opts.events,
    migrations: opts.migrations,
    version: VERSION,
    startedAt: clock(),
  };
  return { deps, handle };
}
