// What the server's parts receive: built once at start-up (or per test) and passed down.
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db, Engine } from './db/connect.ts';
import type { Metrics } from './http/metrics.ts';

export interface AppDeps {
  db: Db;
  engine: Engine;
  dbLocation: string;
  config: Config;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  version: string;
  startedAt: Date;
}
