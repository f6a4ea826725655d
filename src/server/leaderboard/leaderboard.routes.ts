// The public leaderboard, most improved, and HackDays (docs/leaderboard.md).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boardLinesSchema, distributionHistorySchema, hackdayBodySchema, hackdayListSchema, hackdaySchema, leaderboardSchema, MAX_LINE_REFS, mostImprovedSchema } from '../../common/api/leaderboard.ts';
import { GRADES } from '../../common/grades.ts';
import { instantParam, limitParam, refParam, timeRange } from '../platform/http/params.ts';
import type { AppDeps } from '../platform/deps.ts';
import { canRead, mustHave } from '../platform/http/auth.ts';
import { defaultScorecard } from '../policies/index.ts';
import { createHackday, hackdayResults, listHackdayViews } from './hackdays.ts';
import { boardLines, getLeaderboardJson } from './leaderboard.ts';
import { mostImproved } from './most-improved.ts';
import { distributionHistory } from './distribution-history.ts';
import { parseDuration } from '../../common/duration.ts';
import { InputError } from '../platform/problems.ts';
import { sendJsonText } from '../platform/http/json-text.ts';

const tags = ['leaderboard'];
const DAY_MS = 86_400_000;
/** The largest page of the leaderboard (the web UI's whole list for 10,000 services). */
const MAX_BOARD_PAGE = 10_000;
const boardQuery = z.object({
  scorecard: z.string().max(63).optional(),
  system: z.string().max(400).optional(),
  tier: z.coerce.number().int().min(1).max(9).optional(),
  team: z.string().max(400).optional(),
  grade: z.enum([...GRADES, 'none']).optional(),
  q: z.string().max(200).optional(),
  limit: limitParam(MAX_BOARD_PAGE, MAX_BOARD_PAGE),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

export function leaderboardRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/leaderboard', { schema: { tags, summary: 'Services and teams ranked, grade distribution, trends', querystring: boardQuery, response: { 200: leaderboardSchema } } }, async (req, reply) => {
    canRead(req);
    const { system, team, ...rest } = req.query;
    const filter = { ...rest, system: system ? refParam(system, 'querystring.system', 'system') : undefined, team: team ? refParam(team, 'querystring.team', 'group') : undefined };
    // Pre-serialised, cached JSON text with an ETag (platform/http/json-text.ts): 10,000 rows are
    // not re-encoded per request. The schema documents the shape (leaderboard.routes.test.ts holds
    // the text to it).
    return sendJsonText(req, reply as FastifyReply, await getLeaderboardJson(deps.read, filter, deps.clock()));
  });
  const linesQuery = z.object({ refs: z.string().min(1).max(40_000).describe(`comma-separated entity refs (at most ${MAX_LINE_REFS})`), scorecard: z.string().max(63).optional() });
  r.get('/api/v1/leaderboard/services', { schema: { tags, summary: 'The leaderboard lines (rank, grade, score, trends) of a few services', querystring: linesQuery, response: { 200: boardLinesSchema } } }, async (req) => {
    canRead(req);
    const refs = req.query.refs.split(',').map((s) => s.trim()).filter(Boolean);
    if (refs.length > MAX_LINE_REFS) throw new InputError(`refs: at most ${MAX_LINE_REFS}`, [{ severity: 'error', field: 'querystring.refs', message: `at most ${MAX_LINE_REFS} refs` }]);
    const full = refs.map((ref, i) => refParam(ref, `querystring.refs[${i}]`, 'component'));
    return boardLines(deps.read, req.query.scorecard, full, deps.clock());
  });
  const periodQuery = z.object({ from: instantParam.optional(), to: instantParam.optional(), scorecard: z.string().max(63).optional() });
  r.get('/api/v1/leaderboard/most-improved', { schema: { tags, summary: 'Most improved services and teams over a period (default: the last 30 days)', querystring: periodQuery, response: { 200: mostImprovedSchema } } }, async (req) => {
    canRead(req);
    const { from, to } = timeRange(req.query, { now: deps.clock(), defaultDays: 30, maxDays: 731 });
    const scorecard = req.query.scorecard ?? (await defaultScorecard(deps.read));
    if (!scorecard) return { scorecard: null, from: from.toISOString(), to: to.toISOString(), services: [], teams: [] };
    return mostImproved(deps.read, scorecard, from, to);
  });
  const historyQuery = z.object({
    scorecard: z.string().max(63).optional(),
    team: z.string().max(400).optional(),
    system: z.string().max(400).optional(),
    tier: z.coerce.number().int().min(1).max(9).optional(),
    from: instantParam.optional(),
    to: instantParam.optional(),
    step: z.string().max(20).optional().describe('a duration: 1d (default), 12h, 1w, P1D'),
  });
  r.get('/api/v1/leaderboard/distribution-history', { schema: { tags, summary: 'Grade distribution and score over time, for the company or a team (default: the last 90 days, daily)', querystring: historyQuery, response: { 200: distributionHistorySchema } } }, async (req) => {
    canRead(req);
    const q = req.query;
    const { from, to } = timeRange(q, { now: deps.clock(), defaultDays: 90, maxDays: 3653 });
    const stepMs = q.step === undefined ? DAY_MS : parseDuration(q.step);
    if (stepMs === undefined) throw new InputError(`step: "${q.step}" is not a duration`, [{ severity: 'error', field: 'querystring.step', message: 'expected a duration such as 1d, 12h, 1w or P1D' }]);
    const scorecard = q.scorecard ?? (await defaultScorecard(deps.read));
    const scope = { team: q.team ? refParam(q.team, 'querystring.team', 'group') : undefined, system: q.system ? refParam(q.system, 'querystring.system', 'system') : undefined, tier: q.tier };
    if (!scorecard) return { scorecard: null, scope: { team: scope.team ?? null, system: scope.system ?? null, tier: scope.tier ?? null }, from: from.toISOString(), to: to.toISOString(), stepMs, services: 0, points: [] };
    return distributionHistory(deps.read, scorecard, scope, { from, to, stepMs });
  });
  r.get('/api/v1/hackdays', { schema: { tags, summary: 'HackDays, newest first', response: { 200: hackdayListSchema } } }, async (req) => {
    canRead(req);
    return { items: await listHackdayViews(deps) };
  });
  r.post('/api/v1/hackdays', { schema: { tags, summary: 'Create or replace a HackDay (editor)', body: hackdayBodySchema, response: { 201: hackdaySchema } } }, async (req, reply) => {
    mustHave(req, 'editor');
    const row = await createHackday(deps, req.body);
    return reply.status(201).send(await hackdayResults(deps, row.name));
  });
  r.get('/api/v1/hackdays/:name', { schema: { tags, summary: 'A HackDay with live (running) or frozen (finished) results', params: z.object({ name: z.string().max(63) }), response: { 200: hackdaySchema } } }, async (req) => {
    canRead(req);
    return hackdayResults(deps, req.params.name);
  });
}
