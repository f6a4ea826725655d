// The edge process's link to the database, kept off the request path: decisions and bans live in
// memory; verdicts are queued and written in batches (one INSERT of many rows, a moment after the
// first of them), traffic per minute every few seconds, bans read back at start. A failing
// database never blocks traffic: the engine keeps deciding from memory and the failures are
// counted (edge_store_failures_total, and the edge-health check reads the count).
import type { Db } from '../platform/db/connect.ts';
import { orderedIdFor } from './ids.ts';
import type { Action, Verdict } from './engine.ts';
import { activeBanRows, addTraffic, insertVerdicts } from './repository.ts';

export interface VerdictStore {
  /** Queues a verdict; it is written with the others queued within `batchMs`. */
  save(v: Verdict): void;
  count(action: Action, now: number): void;
  /** Writes the pending traffic counts (also called on a timer). */
  flush(): Promise<void>;
  loadBans(now: Date): Promise<{ key: string; action: Action; expiresAt: string | null }[]>;
  /** Writes that failed, and verdicts dropped from a full queue (the edge went on without them). */
  failures(): number;
  /** Writes the queued verdicts and waits for every write in flight. */
  settle(): Promise<void>;
}

const MAX_QUEUED = 10_000;
const MAX_BATCH = 200;

export function verdictStore(db: Db, edge: string, log: (msg: string) => void = () => {}, o: { batchMs?: number } = {}): VerdictStore {
  const batchMs = o.batchMs ?? 250;
  let failures = 0;
  let queued: Verdict[] = [];
  let timer: NodeJS.Timeout | undefined;
  let pending: Map<string, Partial<Record<Action, number>>> = new Map();
  const inFlight = new Set<Promise<void>>();
  let minuteStart = -1;
  let minuteText = '';
  const track = (p: Promise<void>) => {
    const q = p.catch((err: Error) => {
      failures++;
      log(`edge store: ${err.message} (failing open)`);
    }).finally(() => inFlight.delete(q));
    inFlight.add(q);
  };
  const writeQueued = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    while (queued.length) {
      const batch = queued.length > MAX_BATCH ? queued.splice(0, MAX_BATCH) : queued;
      if (batch === queued) queued = [];
      track(insertVerdicts(db, edge, batch.map((v) => ({ id: orderedIdFor(v.decidedAt), verdict: v }))));
    }
  };
  return {
    save(v) {
      if (queued.length >= MAX_QUEUED) {
        failures++;
        return;
      }
      queued.push(v);
      if (!timer) {
        timer = setTimeout(writeQueued, batchMs);
        timer.unref();
      }
    },
    count(action, now) {
      const start = now - (now % 60_000);
      if (start !== minuteStart) {
        minuteStart = start;
        minuteText = new Date(start).toISOString();
      }
      const minute = minuteText;
      const m = pending.get(minute) ?? {};
      m[action] = (m[action] ?? 0) + 1;
      pending.set(minute, m);
    },
    async flush() {
      writeQueued();
      const batch = pending;
      pending = new Map();
      for (const [minute, counts] of batch) track(addTraffic(db, edge, minute, counts));
      await this.settle();
    },
    async loadBans(now) {
      try {
        return (await activeBanRows(db, now.toISOString())).map((r) => ({ key: r.subject, action: r.action as Action, expiresAt: r.expires_at }));
      } catch (err) {
        failures++;
        log(`edge store: cannot read bans: ${(err as Error).message} (starting without them)`);
        return [];
      }
    },
    failures: () => failures,
    async settle() {
      writeQueued();
      await Promise.all([...inFlight]);
    },
  };
}

/** Keeps nothing: for an edge measured alone (the bench's tarpit process). */
export const nullStore: VerdictStore = {
  save() {},
  count() {},
  async flush() {},
  async loadBans() {
    return [];
  },
  failures: () => 0,
  async settle() {},
};
