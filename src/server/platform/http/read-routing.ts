// Read-your-writes with read replicas (db/replicas.ts). A request that writes (any method but
// GET, HEAD, OPTIONS) reads from the primary throughout; when it is answered, the primary's WAL
// position is handed back — `Tally-Write-Lsn` header and a `tally_lsn` cookie — and remembered
// for its token in this process. A later read from the same client (the cookie, a
// `Tally-Min-Lsn` header, or the same token) is served by a replica only once that replica has
// replayed that position; until then by the primary. Nothing here without replicas.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../deps.ts';
import { formatLsn, parseLsn, readContext, type ReadContext } from '../db/read-context.ts';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Tokens remembered with their last write (the oldest are forgotten first). */
const MAX_WRITERS = 10_000;
/** How long the cookie asks the browser to keep the position: far beyond any usable replica lag. */
const COOKIE_SECONDS = 600;

export function routeReads(app: FastifyInstance, deps: Pick<AppDeps, 'db' | 'replicas'>): void {
  if (!deps.replicas) return;
  const lastWrite = new Map<string, bigint>();
  app.addHook('preHandler', (req, _reply, done) => {
    const ctx: ReadContext = { primary: !SAFE.has(req.method), minLsn: clientLsn(req, lastWrite) };
    readContext.run(ctx, done);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (SAFE.has(req.method)) return payload;
    const lsn = await currentLsn(deps.db);
    if (lsn === undefined) return payload;
    const text = formatLsn(lsn);
    reply.header('tally-write-lsn', text);
    reply.header('set-cookie', `tally_lsn=${text}; Path=/; Max-Age=${COOKIE_SECONDS}; HttpOnly; SameSite=Lax`);
    const who = req.principal?.name;
    if (who) {
      lastWrite.delete(who);
      lastWrite.set(who, lsn);
      if (lastWrite.size > MAX_WRITERS) lastWrite.delete(lastWrite.keys().next().value!);
    }
    return payload;
  });
}

/** The highest WAL position this client is known to have written (cookie, header, token). */
function clientLsn(req: FastifyRequest, lastWrite: ReadonlyMap<string, bigint>): bigint | undefined {
  const cookie = /(?:^|;\s*)tally_lsn=([0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8})/.exec(req.headers.cookie ?? '')?.[1];
  const header = req.headers['tally-min-lsn'];
  const known = [parseLsn(cookie), parseLsn(typeof header === 'string' ? header : undefined), req.principal ? lastWrite.get(req.principal.name) : undefined];
  return known.reduce<bigint | undefined>((max, v) => (v !== undefined && (max === undefined || v > max) ? v : max), undefined);
}

async function currentLsn(db: AppDeps['db']): Promise<bigint | undefined> {
  try {
    const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(db);
    return parseLsn(rows[0]?.lsn);
  } catch {
    return undefined; // the answer goes out without it; the next read from this client may be older
  }
}
