// `tally edge run` from the build: the edge-only program (dist/server/edge.cjs, from
// src/server/edge/main.ts) in a worker thread whose young generation is capped. V8 otherwise grows
// it to 32 MB during a burst of connections and keeps it (capacity, not live objects); a worker's
// heap limits are set when it starts (resourceLimits), where the main thread's are fixed by Node's
// command-line options, which a user of `tally` should not have to pass. The main thread loads
// nothing of Tally: it forwards SIGINT and SIGTERM to the worker and exits with its code.
// docs/edge.md, "The edge process"; measured in BENCHMARKS.md.
import { Worker } from 'node:worker_threads';
import { EDGE_COMPILED } from './compiled.js';

/** MB of young generation (both semi-spaces and the space for objects being promoted). */
export const EDGE_YOUNG_GENERATION_MB = 12;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const edge = require(workerData.bundle);
const stopped = new Promise((resolve) => parentPort.once('message', resolve));
edge.run(workerData.argv, edge.processIo(), edge.tallyChild(workerData.tally), stopped).then((code) => {
  parentPort.postMessage(code);
  parentPort.close();
});
`;

/** Runs the edge until SIGINT or SIGTERM; resolves with its exit code. `tally`: how to start the full CLI. */
export function runEdge(argv, tally) {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { bundle: EDGE_COMPILED, argv, tally }, resourceLimits: { maxYoungGenerationSizeMb: EDGE_YOUNG_GENERATION_MB } });
    let code = 2;
    const stop = () => worker.postMessage('stop');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    worker.on('message', (c) => (code = c));
    worker.on('error', (err) => process.stderr.write(`tally: ${err?.stack ?? String(err)}\n`));
    worker.on('exit', () => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      resolve(code);
    });
  });
}
