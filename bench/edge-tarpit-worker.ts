// The edge alone in its own process for the tarpit memory figure: judges every client a bot at
// once (tarpit), keeps no database, and answers { rss, tarpit } when asked over IPC. The bench
// bundles it as `tally` is built (esbuild, one CommonJS file) and runs it with plain node, as the
// shipped edge runs; hence no top-level await.
import { edgeDocumentSchema } from '../src/server/edge/document.ts';
import { startEdge } from '../src/server/edge/serve/start.ts';
import { nullStore } from '../src/server/edge/store.ts';

const doc = edgeDocumentSchema.parse({
  apiVersion: 'tally.dev/v1', kind: 'Edge', metadata: { name: 'tarpit' },
  spec: { upstream: 'http://127.0.0.1:9', listen: { port: 0 }, decision: { port: 0 }, actions: { onBot: 'tarpit' }, tarpit: { maxSockets: 2000, timeoutSeconds: 600 }, verdict: { minObserveSeconds: 0 }, signals: { checkoutWithoutBrowsing: 1000 } },
});

void startEdge(doc, { store: nullStore }).then((edge) => {
  process.on('message', () => {
    // Measured as it is: no garbage collection forced first.
    process.send!({ rss: process.memoryUsage().rss, tarpit: edge.runtime.tarpit.size, bans: edge.runtime.engine.activeBans(Date.now()).length });
  });
  process.send!({ port: edge.proxy.port, rss: process.memoryUsage().rss });
});
