// What the server's parts receive: built once at start-up (or per test) and passed down.
import type { Logger } from 'pino';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db, Engine } from './db/connect.ts';
import type { ReplicaSet } from './db/replicas.ts';
import type { Migrations } from './db/migrate.ts';
import type { EventBus } from './events/events.ts';
import type { Metrics } from './http/metrics.ts';

export interface AppDeps {
  /** The primary: writes, and reads that must see them. */
  db: Db;
  /** Read-only work (leaderboard, lists, report cards, charts, exports): a replica when one is fit, else the primary (db/replicas.ts). */
  read: Db;
  /** The read replicas and their lag, when database.readReplicas names any. */
  replicas?: ReplicaSet;
  engine: Engine;
  dbLocation: string;
  /** Replaced once by `serve` when it listens (listeningConfig: the real port and publicUrl); read it, never keep it. */
  config: Config;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** Publishes domain events into the outbox (events/events.ts). */
  events: EventBus;
  /** Every migration the modules declare, for readiness checks. */
  migrations: Migrations;
  version: string;
  startedAt: Date;
}
