// Requests that arrive together are stored together: each request's events wait in a queue (the
// first waits `lingerMs` for others to join it), one transaction at a time stores everything
// waiting (up to the batch size), and each request is
// answered only after the transaction that holds its events committed — so nothing answered 200
// is lost, and under load one commit serves many requests. A batch that fails is retried one
// request at a time, so one bad request cannot fail the others.
import type { AppDeps } from '../../platform/deps.ts';
import type { PreparedEvent } from './prepare.ts';
import { countDiscards, storeEvents, type StoreOutcome } from './store.ts';
import { announceRegressions } from '../issues/regressions.ts';

export interface Discard {
  projectId: number;
  day: string;
  category: string;
  reason: string;
  count: number;
}

interface Waiting {
  events: PreparedEvent[];
  discards: Discard[];
  resolve(o: StoreOutcome): void;
  reject(e: unknown): void;
}

export interface IngestQueue {
  add(events: PreparedEvent[], discards: Discard[]): Promise<StoreOutcome>;
  /** Resolves when everything queued so far is stored. */
  drain(): Promise<void>;
}

type Deps = Pick<AppDeps, 'db' | 'config' | 'clock' | 'log'>;

async function storeAll(deps: Deps, batch: Waiting[], entityOf: (id: number) => string): Promise<StoreOutcome> {
  return deps.db.transaction().execute(async (tx) => {
    const outcome = await storeEvents(tx, batch.flatMap((w) => w.events), entityOf);
    await countDiscards(tx, batch.flatMap((w) => w.discards));
    if (outcome.regressions.length > 0) await announceRegressions(tx, deps.config, outcome.regressions, deps.clock());
    return outcome;
  });
}

export function createIngestQueue(deps: Deps, entityOf: (projectId: number) => string): IngestQueue {
  let waiting: Waiting[] = [];
  let running: Promise<void> | undefined;

  const take = (): Waiting[] => {
    const max = deps.config.errors.ingest.batchSize;
    let n = 0;
    let i = 0;
    while (i < waiting.length && (i === 0 || n + waiting[i]!.events.length <= max)) n += waiting[i++]!.events.length;
    const batch = waiting.slice(0, i);
    waiting = waiting.slice(i);
    queued -= n;
    return batch;
  };

  const run = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = take();
      try {
        const outcome = await storeAll(deps, batch, entityOf);
        for (const w of batch) w.resolve(outcome);
      } catch (err) {
        if (batch.length === 1) batch[0]!.reject(err);
        else {
          deps.log.warn({ err: (err as Error).message, requests: batch.length }, 'error ingest batch failed; storing its requests one by one');
          for (const w of batch) {
            try {
              w.resolve(await storeAll(deps, [w], entityOf));
            } catch (e) {
              w.reject(e);
            }
          }
        }
      }
    }
  };

  let queued = 0;
  let wake: (() => void) | undefined;
  // Under load a batch fills while it lingers; a full one starts at once.
  const pause = () =>
    new Promise<void>((r) => {
      const linger = deps.config.errors.ingest.lingerMs;
      if (linger === 0 || queued >= deps.config.errors.ingest.batchSize) return setImmediate(r);
      const timer = setTimeout(() => ((wake = undefined), r()), linger);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        r();
      };
    });
  const kick = () => {
    running ??= pause().then(run).finally(() => {
      running = undefined;
      if (waiting.length > 0) kick();
    });
  };

  return {
    add(events, discards) {
      return new Promise<StoreOutcome>((resolve, reject) => {
        waiting.push({ events, discards, resolve, reject });
        queued += events.length;
        if (wake && queued >= deps.config.errors.ingest.batchSize) wake();
        kick();
      });
    },
    async drain() {
      while (running) await running;
    },
  };
}
