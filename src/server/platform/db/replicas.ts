// Read replicas (database.readReplicas): a pool that hands out a connection to a streaming replica
// when one is up, within the lag bound and (read-your-writes) has replayed the client's last
// write, and a primary connection otherwise. Kysely over this pool is the `read` database: a
// domain only chooses `deps.read` over `deps.db` for read-only work, the routing is here.
//
// Lag: every check reads the primary's WAL position (pg_current_wal_lsn) and then each replica's
// replay position (pg_last_wal_replay_lsn). A replica that has replayed what the primary had at a
// check holds everything committed before that check started: its lag is at most the time since
// the newest such check (0 when it has caught up with the latest one). A replica that fails a
// check or a connection is down until a check succeeds again.
import type { Pool, PoolClient } from 'pg';
import { parseLsn, readContext } from './read-context.ts';

export type ReplicaStateName = 'unknown' | 'ok' | 'lagging' | 'down';

export interface ReplicaState {
  /** 1-based, in the order of database.readReplicas (the metrics label). */
  replica: number;
  /** The URL without credentials. */
  location: string;
  state: ReplicaStateName;
  lagSeconds: number | null;
  lagBytes: number | null;
  checkedAt: Date | null;
  error: string | null;
}

export interface ReplicaOptions {
  maxLagMs: number;
  checkIntervalMs: number;
  log?: { warn(obj: object, msg: string): void };
}

interface Replica extends ReplicaState {
  pool: Pool;
  /** One connection of its own for the checks: a pool busy with reads must not look like a replica that is down. */
  monitor: Pool;
  replayLsn: bigint | null;
}

/** Errors after which a read is tried again on the primary (the replica is gone, starting, or cancelled it for recovery). */
function isReplicaFailure(err: unknown): boolean {
  const code = String((err as { code?: unknown }).code ?? '');
  if (/^(08|57P|53)/.test(code) || code === '40001') return true;
  if (/^[0-9A-Z]{5}$/.test(code)) return false; // an ordinary SQL error: the primary would say the same
  return true; // no SQLSTATE: the socket failed (ECONNREFUSED, reset, terminated, timeout)
}

const SAMPLES_MAX = 600;

export class ReplicaSet {
  readonly replicas: Replica[];
  reads = { replica: 0, primary: 0 };
  /** Primary WAL positions, oldest first, with the time each check started. */
  private samples: { at: number; lsn: bigint }[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly primary: Pool,
    private readonly primaryMonitor: Pool,
    replicas: { pool: Pool; monitor: Pool; location: string }[],
    private readonly opts: ReplicaOptions,
  ) {
    this.replicas = replicas.map((r, i) => ({ ...r, replica: i + 1, state: 'unknown', lagSeconds: null, lagBytes: null, checkedAt: null, error: null, replayLsn: null }));
  }

  start(): void {
    const tick = () => {
      this.running = this.check().finally(() => {
        this.running = undefined;
        if (this.timer) this.timer = setTimeout(tick, this.opts.checkIntervalMs).unref();
      });
    };
    this.timer = setTimeout(tick, 0).unref();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await Promise.all(this.replicas.flatMap((r) => [r.pool.end(), r.monitor.end()]).map((p) => p.catch(() => undefined)));
    await this.primaryMonitor.end().catch(() => undefined);
  }

  states(): ReplicaState[] {
    return this.replicas.map(({ replica, location, state, lagSeconds, lagBytes, checkedAt, error }) => ({ replica, location, state, lagSeconds, lagBytes, checkedAt, error }));
  }

  /** Measures every replica once (also what the timer does). */
  async check(): Promise<void> {
    const at = Date.now();
    try {
      const { rows } = await this.primaryMonitor.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
      const lsn = parseLsn(rows[0]?.lsn);
      if (lsn !== undefined) this.samples.push({ at, lsn });
      if (this.samples.length > SAMPLES_MAX) this.samples.shift();
    } catch {
      return; // the primary is unreachable: nothing to compare with, the states stay as they are
    }
    await Promise.all(this.replicas.map((r) => this.checkReplica(r)));
  }

  private async checkReplica(r: Replica): Promise<void> {
    try {
      const { rows } = await r.monitor.query<{ recovery: boolean; replay: string | null }>('select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replay');
      const replay = parseLsn(rows[0]?.replay);
      if (!rows[0]?.recovery || replay === undefined) throw new Error('not a streaming replica (pg_is_in_recovery() is false)');
      const now = Date.now();
      const latest = this.samples[this.samples.length - 1];
      // The newest check whose primary position the replica has replayed; none: older than all we know.
      const covered = [...this.samples].reverse().find((s) => s.lsn <= replay);
      const lagMs = latest && replay >= latest.lsn ? 0 : now - (covered?.at ?? this.samples[0]?.at ?? now);
      Object.assign(r, {
        replayLsn: replay,
        lagSeconds: lagMs / 1000,
        lagBytes: latest ? Math.max(0, Number(latest.lsn - replay)) : null,
        state: lagMs > this.opts.maxLagMs ? 'lagging' : 'ok',
        checkedAt: new Date(now),
        error: null,
      });
    } catch (err) {
      this.markDown(r, err);
    }
  }

  private markDown(r: Replica, err: unknown): void {
    if (r.state !== 'down') this.opts.log?.warn({ replica: r.location, err: (err as Error).message }, 'read replica down; reads go to the primary');
    Object.assign(r, { state: 'down', error: (err as Error).message, checkedAt: new Date() });
  }

  /** A replica this read may use, round robin; undefined: the primary. */
  private pick(): Replica | undefined {
    const ctx = readContext.getStore();
    if (ctx?.primary) return undefined;
    const usable = this.replicas.filter((r) => r.state === 'ok' && r.replayLsn !== null && (ctx?.minLsn === undefined || r.replayLsn >= ctx.minLsn));
    if (usable.length === 0) return undefined;
    this.next = (this.next + 1) % usable.length;
    return usable[this.next];
  }

  /** The pool Kysely's PostgresDialect uses for the `read` database. */
  readPool(): { connect(): Promise<PoolClient>; end(): Promise<void> } {
    return {
      connect: async () => {
        const r = this.pick();
        if (r) {
          try {
            const client = await r.pool.connect();
            this.reads.replica++;
            return this.fallingBack(client, r);
          } catch (err) {
            // Every connection busy (waiting timed out) is load, not a replica down: this read takes the primary.
            if (r.pool.totalCount < (r.pool.options.max ?? 10)) this.markDown(r, err);
          }
        }
        this.reads.primary++;
        return this.primary.connect();
      },
      end: async () => undefined, // the primary pool belongs to the primary's Kysely; replicas end in stop()
    };
  }

  /**
   * A replica connection whose statements, outside a transaction, are run again on the primary
   * when the replica fails them (stopped, restarting, a recovery conflict): the reader gets its
   * answer, not the replica's error.
   */
  private fallingBack(client: PoolClient, r: Replica): PoolClient {
    let inTransaction = false;
    let broken: Error | undefined;
    const query = async (text: unknown, params?: unknown[]) => {
      if (typeof text !== 'string') return client.query(text as never, params as never); // a cursor: no retry
      const verb = text.trimStart().slice(0, 8).toLowerCase();
      if (verb.startsWith('begin') || verb.startsWith('start')) inTransaction = true;
      try {
        const result = await client.query(text, params);
        if (verb.startsWith('commit') || verb.startsWith('rollback')) inTransaction = false;
        return result;
      } catch (err) {
        if (inTransaction || !isReplicaFailure(err)) throw err;
        if (String((err as { code?: unknown }).code) !== '40001') {
          broken = err as Error;
          this.markDown(r, err);
        }
        this.reads.primary++;
        const primary = await this.primary.connect();
        try {
          return await primary.query(text, params);
        } finally {
          primary.release();
        }
      }
    };
    return new Proxy(client, {
      get: (target, prop, receiver) => {
        if (prop === 'query') return query;
        // A connection that failed is destroyed instead of going back to the pool.
        if (prop === 'release') return (err?: Error | boolean) => target.release(err ?? broken);
        return Reflect.get(target, prop, receiver);
      },
    });
  }
}
