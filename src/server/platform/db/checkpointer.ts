// SQLite in WAL mode copies the log back into the database file ("checkpoints") inside whichever
// write crosses the threshold: a stall of ten milliseconds or more on the event loop, which shows
// in the p99 of every endpoint that writes (the deploy decision log, for one). Tally turns the
// automatic checkpoint off and runs it from a worker thread with its own connection instead.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} }, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); db.close(); } catch {} parentPort.close(); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, everyMs = 1000): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver, everyMs } });
  worker.unref();
  return {
    stop: () =>
      new Promise((done) => {
        worker.ref(); // keep the process alive until the last checkpoint is written
        worker.once('exit', () => done());
        worker.postMessage('stop');
      }),
  };
}
