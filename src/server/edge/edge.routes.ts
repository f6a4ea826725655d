// The edge over the Tally API: verdicts with their evidence ("why was this fingerprint banned?"),
// the active bans and top fingerprints, and traffic per minute by action. The edge process
// writes these (store.ts); `tally serve` reads them for the web page and the CLI.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EDGE_ACTIONS, edgeOverviewSchema, edgeTrafficSchema, edgeVerdictListSchema, edgeVerdictSchema, type EdgeTrafficView } from '../../common/api/edge.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead } from '../platform/http/auth.ts';
import { cursorParam, limitParam, pageOf, timeIdCursor } from '../platform/http/params.ts';
import { NotFoundError } from '../platform/problems.ts';
import { verdictView } from './present.ts';
import { activeBanRows, fingerprintTotals, trafficRows, verdictRow, verdictRows } from './repository.ts';

const tags = ['edge'];

const listQuery = z.object({
  verdict: z.enum(['bot', 'human']).optional(),
  subject: z.string().max(600).optional().describe('a fingerprint key (ja4|http|h2) or session'),
  limit: limitParam(200, 50),
  cursor: cursorParam,
});

export function edgeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/edge/verdicts', { schema: { tags, summary: 'The edge\'s verdicts, newest first, each with its evidence and explanation', querystring: listQuery, response: { 200: edgeVerdictListSchema } } }, async (req) => {
    canRead(req);
    const q = req.query;
    const before = timeIdCursor(q.cursor);
    const rows = await verdictRows(deps.db, { verdict: q.verdict, subject: q.subject, before: before ? { decidedAt: before[0], id: before[1] } : undefined, limit: q.limit + 1 });
    const page = pageOf(rows, q.limit, (row) => [row.decided_at, row.id]);
    return { items: page.rows.map(verdictView), nextCursor: page.nextCursor };
  });

  r.get('/api/v1/edge/verdicts/:id', { schema: { tags, summary: 'One verdict: why this fingerprint or session was judged so', params: z.object({ id: z.string().max(100) }), response: { 200: edgeVerdictSchema } } }, async (req) => {
    canRead(req);
    const row = await verdictRow(deps.db, req.params.id);
    if (!row) throw new NotFoundError(`no edge verdict ${req.params.id}`);
    return verdictView(row);
  });

  r.get('/api/v1/edge/overview', { schema: { tags, summary: 'Active bans (with expiry) and the top fingerprints of the last 24 hours', response: { 200: edgeOverviewSchema } } }, async (req) => {
    canRead(req);
    const now = deps.clock();
    const seen = new Set<string>();
    const bans = [];
    for (const row of await activeBanRows(deps.db, now.toISOString(), 500)) {
      if (seen.has(row.subject)) continue;
      seen.add(row.subject);
      bans.push({ subject: row.subject, scope: row.scope as 'fingerprint' | 'session', action: row.action as (typeof EDGE_ACTIONS)[number], decidedAt: row.decided_at, expiresAt: row.expires_at!, verdictId: row.id });
    }
    const topFingerprints = await fingerprintTotals(deps.db, new Date(now.getTime() - 24 * 3600_000).toISOString(), 20);
    return { bans, topFingerprints };
  });

  r.get('/api/v1/edge/traffic', { schema: { tags, summary: 'Requests per minute by action (the last `hours`, default 3)', querystring: z.object({ hours: z.coerce.number().int().min(1).max(48).default(3) }), response: { 200: edgeTrafficSchema } } }, async (req) => {
    canRead(req);
    const since = new Date(deps.clock().getTime() - req.query.hours * 3600_000).toISOString();
    const byMinute = new Map<string, EdgeTrafficView['minutes'][number]>();
    for (const row of await trafficRows(deps.db, since)) {
      const m = byMinute.get(row.minute) ?? { minute: row.minute, allow: 0, throttle: 0, shadow: 0, tarpit: 0, maze: 0 };
      if ((EDGE_ACTIONS as readonly string[]).includes(row.action)) m[row.action as (typeof EDGE_ACTIONS)[number]] += Number(row.requests);
      byMinute.set(row.minute, m);
    }
    return { minutes: [...byMinute.values()] };
  });
}
