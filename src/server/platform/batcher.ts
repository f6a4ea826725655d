// Requests that arrive together are handled together: each request's items wait in a queue (the
// first waits `lingerMs` for others to join it; a full batch starts at once), one batch runs at
// a time (the caller's `run`, typically one transaction), and each request is answered only
// after the batch holding its items finished — so what a caller was told is done is committed,
// and under load one commit serves many requests. A batch that fails is run again one request at
// a time, so one bad request cannot fail the others.

export interface BatcherOptions<I, O> {
  /** Read on each batch (so a config reload applies): how long the first request waits for others (ms; 0: the next turn of the event loop). */
  lingerMs(): number;
  /** The most items in one batch (by `size`); a single larger request still runs, alone. */
  maxItems(): number;
  /** How much an item counts towards maxItems (default 1), e.g. the events a request carries. */
  size?(item: I): number;
  /** Runs one batch of requests (each a list of items); returns each request's results, in order. */
  run(requests: readonly (readonly I[])[]): Promise<O[][]>;
  /** Told when a batch of several requests failed and they are run one by one. */
  onSplit?(err: unknown, requests: number): void;
}

export interface Batcher<I, O> {
  /** Queues one request's items; resolves with their results once their batch has run. */
  add(items: readonly I[]): Promise<O[]>;
  /** Resolves when everything queued so far has run. */
  drain(): Promise<void>;
}

interface Waiting<I, O> {
  items: readonly I[];
  size: number;
  resolve(o: O[]): void;
  reject(e: unknown): void;
}

export function createBatcher<I, O>(opts: BatcherOptions<I, O>): Batcher<I, O> {
  let waiting: Waiting<I, O>[] = [];
  let queued = 0;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  const take = (): Waiting<I, O>[] => {
    const max = opts.maxItems();
    let n = 0;
    let i = 0;
    while (i < waiting.length && (i === 0 || n + waiting[i]!.size <= max)) n += waiting[i++]!.size;
    const batch = waiting.slice(0, i);
    waiting = waiting.slice(i);
    queued -= n;
    return batch;
  };

  const runOne = async (batch: Waiting<I, O>[]): Promise<void> => {
    try {
      const results = await opts.run(batch.map((w) => w.items));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      opts.onSplit?.(err, batch.length);
      for (const w of batch) await runOne([w]);
    }
  };

  const drainQueue = async (): Promise<void> => {
    while (waiting.length > 0) await runOne(take());
  };

  // Under load a batch fills while it lingers; a full one starts at once.
  const pause = () =>
    new Promise<void>((r) => {
      const linger = opts.lingerMs();
      if (linger === 0 || queued >= opts.maxItems()) return setImmediate(r);
      const timer = setTimeout(() => ((wake = undefined), r()), linger);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        r();
      };
    });
  const kick = () => {
    running ??= pause()
      .then(drainQueue)
      .finally(() => {
        running = undefined;
        if (waiting.length > 0) kick();
      });
  };

  return {
    add(items) {
      return new Promise<O[]>((resolve, reject) => {
        const size = opts.size ? items.reduce((n, item) => n + opts.size!(item), 0) : items.length;
        waiting.push({ items, size, resolve, reject });
        queued += size;
        if (wake && queued >= opts.maxItems()) wake();
        kick();
      });
    },
    async drain() {
      while (running) await running;
    },
  };
}
