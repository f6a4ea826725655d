// Requests that arrive together are stored together (platform/batcher.ts): each request's events
// wait in a queue (the first waits `errors.ingest.lingerMs` for others to join it), one
// transaction at a time stores everything waiting (up to `batchSize` events), and each request is
// answered only after the transaction that holds its events committed — so nothing answered 200
// is lost, and under load one commit serves many requests. A batch that fails is retried one
// request at a time, so one bad request cannot fail the others.
import { createBatcher } from '../../platform/batcher.ts';
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
  // One queued item per request (its events and discards); a batch's size is its events.
  const batcher = createBatcher<Waiting, StoreOutcome>({
    lingerMs: () => deps.config.errors.ingest.lingerMs,
    maxItems: () => deps.config.errors.ingest.batchSize,
    size: (w) => w.events.length,
    run: async (requests) => {
      const outcome = await storeAll(deps, requests.flat(), entityOf);
      return requests.map((r) => r.map(() => outcome));
    },
    onSplit: (err, requests) => deps.log.warn({ err: (err as Error).message, requests }, 'error ingest batch failed; storing its requests one by one'),
  });
  return {
    add: async (events, discards) => (await batcher.add([{ events, discards }]))[0]!,
    drain: () => batcher.drain(),
  };
}
