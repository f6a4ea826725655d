// The edge alone in its own process for the tarpit memory figure: judges every client a bot at
// once (tarpit), keeps no database, and answers { rss, tarpit } when asked over IPC.
import { edgeDocumentSchema } from '../src/server/edge/document.ts';
import { startEdge } from '../src/server/edge/serve/start.ts';
import { nullStore } from '../src/server/edge/store.ts';

const doc = edgeDocumentSchema.parse({
  apiVersion: 'tally.dev/v1', kind: 'Edge', metadata: { name: 'tarpit' },
  spec: { upstream: 'http://127.0.0.1:9', listen: { port: 0 }, decision: { port: 0 }, actions: { onBot: 'tarpit' }, tarpit: { maxSockets: 2000, timeoutSeconds: 600 }, verdict: { minObserveSeconds: 0 }, signals: { checkoutWithoutBrowsing: 1000 } },
});
const edge = await startEdge(doc, { store: nullStore });
process.on('message', () => {
  global.gc?.();
  process.send!({ rss: process.memoryUsage().rss, tarpit: edge.runtime.tarpit.size, bans: edge.runtime.engine.activeBans(Date.now()).length });
});
process.send!({ port: edge.proxy.port, rss: process.memoryUsage().rss });
