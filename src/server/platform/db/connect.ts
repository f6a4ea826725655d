// Opens the database: PostgreSQL when the URL is postgres://…, otherwise an embedded SQLite
// file (created with its folder on first run, WAL mode). Returns the Kysely handle and its engine.
// The drivers are loaded when a database is opened, not with this module: most `tally` commands
// never open one, and loading both drivers is a good part of a CLI start-up.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { Logger } from 'pino';
import { isPostgresUrl } from './url.ts';
import { startCheckpointer } from './checkpointer.ts';
import { ReplicaSet } from './replicas.ts';
import { keepPreparedStatements } from './statements.ts';
import type { Database } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  /** Read-only work: a replica when one is configured, up and recent enough; else `db` itself. */
  read: Db;
  /** The replicas and their lag (PostgreSQL with database.readReplicas). */
  replicas?: ReplicaSet;
  engine: Engine;
  /** Where the data lives, without credentials, for /status. */
  location: string;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL schema to use (created if missing); tests isolate each run in its own. */
  schema?: string;
  poolSize?: number;
  /** Shown in pg_stat_activity (default `tally`). */
  applicationName?: string;
  /** Where dropped connections are reported (they are replaced on the next query). */
  log?: Pick<Logger, 'warn'>;
  /** PostgreSQL streaming replicas for `read` (database.readReplicas), with the lag bound and check interval. */
  readReplicas?: { urls: readonly string[]; maxLagMs: number; checkIntervalMs: number };
}

export async function connectDatabase(url: string, opts: ConnectOptions = {}): Promise<DbHandle> {
  if (isPostgresUrl(url)) return connectPostgres(url, opts);
  return connectSqlite(url);
}

async function connectPostgres(url: string, opts: ConnectOptions): Promise<DbHandle> {
  const { default: pg } = await import('pg');
  // int8 (COUNT(*), BIGINT) arrives as a string by default; our counts fit in a double.
  pg.types.setTypeParser(20, (v) => Number(v));
  if (opts.schema) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema.replace(/"/g, '')}"`);
    await client.end();
  }
  const options = opts.schema ? `-c search_path="${opts.schema}"` : undefined;
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, application_name: opts.applicationName ?? 'tally', options });
  // A connection the server drops while idle (restart, failover, idle timeout, a proxy) emits
  // 'error' on the pool; unhandled, that would end the process. The pool replaces it by itself.
  pool.on('error', (err) => opts.log?.warn({ err: err.message }, 'database connection lost; it will be replaced'));
  // A checked-out client has no listener of the pool's; one of ours keeps a drop between two
  // queries from being an uncaught 'error' (the next query on it fails and is answered 503).
  pool.on('connect', (client) => client.on('error', (err) => opts.log?.warn({ err: err.message }, 'database connection lost while in use')));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const location = withoutCredentials(url);
  const urls = opts.readReplicas?.urls ?? [];
  if (urls.length === 0) return { db, read: db, engine: 'postgres', location, close: () => db.destroy() };
  // Replica pools fail fast: a replica that does not answer within 2 s is skipped, not waited for.
  const replicaPool = (u: string, max: number) => new pg.Pool({ connectionString: u, max, application_name: opts.applicationName ?? 'tally', connectionTimeoutMillis: 2000, options });
  const replicaPools = urls.map((u) => ({ location: withoutCredentials(u), pool: replicaPool(u, opts.poolSize ?? 10), monitor: replicaPool(u, 1) }));
  for (const r of replicaPools) {
    r.monitor.on('error', () => undefined); // a check that fails marks the replica down
    r.pool.on('error', (err) => opts.log?.warn({ err: err.message, replica: r.location }, 'replica connection lost; it will be replaced'));
    r.pool.on('connect', (client) => client.on('error', (err) => opts.log?.warn({ err: err.message, replica: r.location }, 'replica connection lost while in use')));
  }
  const primaryMonitor = new pg.Pool({ connectionString: url, max: 1, application_name: `${opts.applicationName ?? 'tally'}-replica-check` });
  primaryMonitor.on('error', () => undefined);
  const replicas = new ReplicaSet(pool, primaryMonitor, replicaPools, { ...opts.readReplicas!, log: opts.log });
  replicas.start();
  const read = new Kysely<Database>({ dialect: new PostgresDialect({ pool: replicas.readPool() as unknown as InstanceType<typeof pg.Pool> }) });
  const close = async () => {
    await replicas.stop();
    await read.destroy();
    await db.destroy();
  };
  return { db, read, replicas, engine: 'postgres', location, close };
}

const withoutCredentials = (url: string) => url.replace(/\/\/[^@/]*@/, '//');

async function connectSqlite(file: string): Promise<DbHandle> {
  // require(), not import(): the compiled CLI (bin/build.js) keeps this native addon outside its
  // bundle, and a bundle run from V8's code cache cannot import() packages.
  const SQLite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // A file database checkpoints from a worker thread, never inside a request (checkpointer.ts).
  const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file);
  if (checkpointer) database.pragma('wal_autocheckpoint = 0');
  // Statements are kept prepared per SQL text (statements.ts): the driver would prepare each anew.
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: keepPreparedStatements(database) }) });
  const close = async () => {
    await checkpointer?.stop();
    await db.destroy();
  };
  return { db, read: db, engine: 'sqlite', location: file, close };
}

/** True when the database answers a trivial query. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
