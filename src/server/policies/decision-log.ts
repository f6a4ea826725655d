// The deploy decision log, written off the hot path: decisions are queued in memory and
// inserted in batches (every FLUSH_MS or BATCH rows), so answering a pipeline costs no write.
// A crash loses at most FLUSH_MS of log lines; readers of the log flush their own process first.
import type { Logger } from 'pino';
import type { Db } from '../platform/db/connect.ts';
import { insertDecisions } from './repository.ts';
import type { DeployDecisionRow } from './tables.ts';

export const FLUSH_MS = 50;
const BATCH = 500;

interface Queue {
  rows: DeployDecisionRow[];
  timer: NodeJS.Timeout | null;
  writing: Promise<void>;
}

const queues = new WeakMap<Db, Queue>();

function queueFor(db: Db): Queue {
  let q = queues.get(db);
  if (!q) {
    q = { rows: [], timer: null, writing: Promise.resolve() };
    queues.set(db, q);
  }
  return q;
}

export function logDecision(db: Db, row: DeployDecisionRow, log: Logger): void {
  const q = queueFor(db);
  q.rows.push(row);
  if (q.rows.length >= BATCH) void flushDecisionLog(db, log);
  else if (!q.timer) {
    q.timer = setTimeout(() => void flushDecisionLog(db, log), FLUSH_MS);
    q.timer.unref();
  }
}

/** Writes every queued decision; resolves when they (and earlier batches) are stored. */
export function flushDecisionLog(db: Db, log?: Logger): Promise<void> {
  const q = queueFor(db);
  if (q.timer) clearTimeout(q.timer);
  q.timer = null;
  const rows = q.rows.splice(0);
  q.writing = q.writing.then(async () => {
    if (rows.length === 0) return;
    try {
      await insertDecisions(db, rows);
    } catch (err) {
      log?.error({ err, rows: rows.length }, 'deploy decisions could not be logged');
    }
  });
  return q.writing;
}
