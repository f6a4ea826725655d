// Starts one edge: the engine over the document's ranges, bans restored from the store, the proxy
// and the decision service on their ports, and the traffic flush timer. `close` stops all of it.
import type { Db } from '../../platform/db/connect.ts';
import type { EdgeDocument } from '../document.ts';
import { loadRanges } from '../ranges-file.ts';
import { verdictStore, type VerdictStore } from '../store.ts';
import { listenDecision } from './decision.ts';
import { listenProxy, type Listening } from './proxy.ts';
import { closeRuntime, edgeRuntime, type EdgeRuntime } from './runtime.ts';

export interface RunningEdge {
  runtime: EdgeRuntime;
  /** The cloud ranges loaded (per provider) and whether they are only the built-in example. */
  ranges: { isExample: boolean; counts: Record<string, number> };
  proxy: Listening;
  decision: Listening;
  close(): Promise<void>;
}

export async function startEdge(doc: EdgeDocument, o: { db?: Db; log?: (msg: string) => void; store?: VerdictStore; ports?: { proxy?: number; decision?: number }; keepVerdicts?: boolean; defaultMetrics?: boolean }): Promise<RunningEdge> {
  const spec = doc.spec;
  if (!o.store && !o.db) throw new Error('startEdge needs a database or a store');
  const store = o.store ?? verdictStore(o.db!, doc.metadata.name, o.log);
  const ranges = loadRanges(spec.ranges);
  if (ranges.isExample) o.log?.('edge: spec.ranges names no cloud ranges, so the built-in EXAMPLE is used (documentation address blocks, no real provider): the cloudOrigin signal will not fire for real clouds. Run `tally edge update-ranges` and name the file in spec.ranges (docs/edge.md).');
  const rt = edgeRuntime(spec, ranges.table, store, { keepVerdicts: o.keepVerdicts, defaultMetrics: o.defaultMetrics });
  rt.engine.restoreBans(await store.loadBans(new Date()), Date.now());
  const proxy = await listenProxy(rt, { host: spec.listen.host, port: o.ports?.proxy ?? spec.listen.port });
  let decision: Listening;
  try {
    decision = await listenDecision(rt, { host: spec.decision.host, port: o.ports?.decision ?? spec.decision.port });
  } catch (err) {
    await proxy.close();
    throw err;
  }
  const flush = setInterval(() => void store.flush(), 5_000);
  flush.unref();
  return {
    runtime: rt,
    ranges: { isExample: ranges.isExample, counts: ranges.counts },
    proxy,
    decision,
    async close() {
      clearInterval(flush);
      await Promise.all([proxy.close(), decision.close()]);
      await closeRuntime(rt);
    },
  };
}
