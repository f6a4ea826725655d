// Which database a read may use, per request: the HTTP layer (http/read-routing.ts) runs each
// request inside a context; the read pool (replicas.ts) looks at it when it hands out a connection.
// Outside any context (jobs, commands) a read may use any replica that is within the lag bound.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ReadContext {
  /** A request that writes reads from the primary throughout (its own writes must be visible). */
  primary: boolean;
  /** Read-your-writes: a replica serves this client only once it has replayed this WAL position. */
  minLsn?: bigint;
}

export const readContext = new AsyncLocalStorage<ReadContext>();

/** `16/B374D848` (PostgreSQL's pg_lsn text) → a number; undefined when it is not one. */
export function parseLsn(text: string | null | undefined): bigint | undefined {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`) : undefined;
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
