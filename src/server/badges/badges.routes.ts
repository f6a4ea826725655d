// README badges: /badges/entities/{ref}.svg and /badges/teams/{ref}.svg (docs/leaderboard.md#badges).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { normalizeRef } from '../../common/refs.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead } from '../platform/http/auth.ts';
import { loadBoard } from '../leaderboard/index.ts';
import { defaultScorecard } from '../policies/index.ts';
import { badgeEtag, gradeBadge, renderBadge } from './svg.ts';

const CACHE = 'public, max-age=300';
const params = z.object({ file: z.string().min(5).max(400) });
const query = z.object({ scorecard: z.string().max(63).optional(), label: z.string().max(40).optional() });

function send(req: FastifyRequest, reply: FastifyReply, svg: string, status = 200) {
  const etag = badgeEtag(svg);
  reply.header('content-type', 'image/svg+xml; charset=utf-8').header('cache-control', status === 200 ? CACHE : 'no-cache').header('etag', etag);
  if (status === 200 && req.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.status(status).send(svg);
}

const unknownBadge = (label: string) => renderBadge({ label, message: 'unknown', color: '#9f9f9f' });

/** `checkout.svg` → the full ref with `kind` as default, or null when it is not `*.svg` or not a ref. */
function refFromFile(file: string, kind: string): string | null {
  if (!file.endsWith('.svg')) return null;
  return normalizeRef(decodeURIComponent(file.slice(0, -4)), { defaultKind: kind }) ?? null;
}

export function badgeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const board = async (scorecard?: string) => {
    const name = scorecard ?? (await defaultScorecard(deps.read));
    return name ? loadBoard(deps.read, name, deps.clock()) : null;
  };
  r.get('/badges/entities/:file', { schema: { tags: ['badges'], summary: 'Grade badge of an entity (SVG)', params, querystring: query } }, async (req, reply) => {
    canRead(req);
    const label = req.query.label ?? 'tally';
    const ref = refFromFile(req.params.file, 'component');
    const b = ref ? await board(req.query.scorecard) : null;
    const line = b?.services.find((s) => s.ref === ref);
    if (!line) return send(req, reply, unknownBadge(label), 404);
    return send(req, reply, gradeBadge(line.grade, label));
  });
  r.get('/badges/teams/:file', { schema: { tags: ['badges'], summary: 'Grade badge of a team, from its team score (SVG)', params, querystring: query } }, async (req, reply) => {
    canRead(req);
    const label = req.query.label ?? 'tally';
    const ref = refFromFile(req.params.file, 'group');
    const b = ref ? await board(req.query.scorecard) : null;
    const team = b?.teams.find((t) => t.ref === ref);
    if (!team) return send(req, reply, unknownBadge(label), 404);
    return send(req, reply, gradeBadge(team.grade, label));
  });
}
