// The errors API: projects (list with their DSN, create for a service, rotate a key), issues per
// service, one issue, its exact per-minute counts and its events (by trace id too), and status
// changes (editor).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { debugDecryptSchema, debugKeySchema, issueCommitsSchema, sinceChangeSchema } from '../../../common/api/errors.ts';
import { blameIssue } from '../blame/blame.ts';
import { currentKey, decryptWithStoredKey, rotateDebugKey } from '../debug/keys.ts';
import { suspectsSchema } from '../../../common/api/changes.ts';
import { parseDuration } from '../../../common/duration.ts';
import { InputError } from '../../platform/problems.ts';
import { errorEventListSchema, errorProjectListSchema, errorProjectSchema, issueDetailSchema, issueListSchema, issuePatchSchema, ISSUE_STATUSES, minuteCountsSchema, type ErrorProject } from '../../../common/api/errors.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { canRead, mustHave } from '../../platform/http/auth.ts';
import { instantParam, limitParam, refParam, timeRange } from '../../platform/http/params.ts';
import { createProject, dsnOf, listProjects, rotateProjectKey, syncProjectsFromCatalog } from '../projects.ts';
import type { ErrorProjectRow } from '../tables.ts';
import { issueSuspects, issuesSinceChange } from './deploys.ts';
import { eventsByTrace, getIssue, issueEvents, listIssues, minuteCounts, setIssueStatus } from './query.ts';

const statusList = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
  .pipe(z.array(z.enum(ISSUE_STATUSES)))
  .describe('comma-separated statuses');
const idParams = z.object({ id: z.string().min(1).max(100) });
const traceId = z.string().regex(/^[0-9a-fA-F-]{16,40}$/, 'a trace id (hex)');

export function issuesRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['errors'];
  const view = (p: ErrorProjectRow): ErrorProject => ({ id: Number(p.id), entity: p.entity, publicKey: p.public_key, dsn: dsnOf(p, deps.config.server.publicUrl), source: p.source as 'annotation' | 'api', createdAt: p.created_at });

  r.get('/api/v1/errors/projects', { schema: { tags, summary: 'Sentry projects and their DSNs', querystring: z.object({ entity: z.string().max(400).optional() }), response: { 200: errorProjectListSchema } } }, async (req) => {
    canRead(req);
    await syncProjectsFromCatalog(deps.db, deps.clock());
    const entity = req.query.entity ? refParam(req.query.entity, 'querystring.entity', 'component') : undefined;
    return { items: (await listProjects(deps.db, entity)).map(view) };
  });

  r.post('/api/v1/errors/projects', { schema: { tags, summary: 'A new Sentry project for a catalog entity (editor)', body: z.object({ entity: z.string().min(1).max(400) }), response: { 201: errorProjectSchema } } }, async (req, reply) => {
    mustHave(req, 'editor');
    const row = await createProject(deps.db, refParam(req.body.entity, 'body.entity', 'component'), deps.clock());
    return reply.status(201).send(view(row));
  });

  r.post('/api/v1/errors/projects/:id/rotate-key', { schema: { tags, summary: 'A new DSN key for a project; the old one stops working (admin)', params: z.object({ id: z.coerce.number().int().min(1) }), response: { 200: errorProjectSchema } } }, async (req) => {
    mustHave(req, 'admin');
    return view(await rotateProjectKey(deps.db, req.params.id));
  });

  r.get(
    '/api/v1/errors/issues',
    {
      schema: {
        tags,
        summary: 'Issues, most recently seen first',
        querystring: z.object({ entity: z.string().max(400).optional(), status: statusList.optional(), firstSeenFrom: instantParam.optional(), firstSeenTo: instantParam.optional(), limit: limitParam(500, 50) }),
        response: { 200: issueListSchema },
      },
    },
    async (req) => {
      canRead(req);
      const q = req.query;
      const entity = q.entity ? refParam(q.entity, 'querystring.entity', 'component') : undefined;
      return { items: await listIssues(deps.db, { entity, status: q.status, firstSeenFrom: q.firstSeenFrom, firstSeenTo: q.firstSeenTo, limit: q.limit }, deps.clock()) };
    },
  );

  r.get('/api/v1/errors/issues/:id', { schema: { tags, summary: 'One issue: counts, releases, in-app frames, latest event', params: idParams, response: { 200: issueDetailSchema } } }, async (req) => {
    canRead(req);
    return getIssue(deps.db, req.params.id, deps.clock());
  });

  r.patch('/api/v1/errors/issues/:id', { schema: { tags, summary: 'Resolve, resolve in the next release, ignore or reopen (editor)', params: idParams, body: issuePatchSchema, response: { 200: issueDetailSchema } } }, async (req) => {
    mustHave(req, 'editor');
    await setIssueStatus(deps.db, req.params.id, req.body.status, deps.clock(), { release: req.body.release });
    return getIssue(deps.db, req.params.id, deps.clock());
  });

  r.get(
    '/api/v1/errors/issues/:id/counts',
    { schema: { tags, summary: 'Exact events per minute (default: the last 24 hours; at most 31 days)', params: idParams, querystring: z.object({ from: instantParam.optional(), to: instantParam.optional() }), response: { 200: minuteCountsSchema } } },
    async (req) => {
      canRead(req);
      const { from, to } = timeRange(req.query, { now: deps.clock(), defaultDays: 1, maxDays: 31 });
      return { items: await minuteCounts(deps.db, req.params.id, from, to) };
    },
  );

  r.get(
    '/api/v1/errors/issues/:id/events',
    { schema: { tags, summary: "An issue's raw events, newest first (optionally by trace id)", params: idParams, querystring: z.object({ traceId: traceId.optional(), limit: limitParam(100, 20) }), response: { 200: errorEventListSchema } } },
    async (req) => {
      canRead(req);
      return { items: await issueEvents(deps.db, req.params.id, { traceId: req.query.traceId, limit: req.query.limit }) };
    },
  );

  const windowParam = (value: string | undefined, fallback: number, field: string): number => {
    if (value === undefined) return fallback;
    const ms = parseDuration(value);
    if (ms === undefined || ms < 60_000 || ms > 30 * 86_400_000) throw new InputError(`${field}: "${value}" is not a duration between 1m and 30d (e.g. 1h, 24h)`);
    return ms;
  };

  r.get(
    '/api/v1/errors/since-change/:id',
    { schema: { tags, summary: "What is new since a change: its services' issues first seen after it, against the known ones (this window against the same one yesterday)", params: idParams, querystring: z.object({ window: z.string().max(10).optional() }), response: { 200: sinceChangeSchema } } },
    async (req) => {
      canRead(req);
      return issuesSinceChange(deps.db, req.params.id, windowParam(req.query.window, 3_600_000, 'querystring.window'));
    },
  );

  r.get(
    '/api/v1/errors/issues/:id/suspects',
    { schema: { tags, summary: 'The changes that probably caused an issue, before it first appeared (ranked by the change database)', params: idParams, querystring: z.object({ window: z.string().max(10).optional() }), response: { 200: suspectsSchema } } },
    async (req) => {
      canRead(req);
      return issueSuspects(deps.db, deps.config, req.params.id, windowParam(req.query.window, 24 * 3_600_000, 'querystring.window'), deps.clock());
    },
  );

  r.get(
    '/api/v1/errors/issues/:id/commits',
    { schema: { tags, summary: "The commits that probably caused an issue: git blame, pickaxe and the release's history of its in-app frames, ranked, each with the change that shipped it", params: idParams, response: { 200: issueCommitsSchema } } },
    async (req) => {
      canRead(req);
      return blameIssue({ db: deps.db, config: deps.config, now: deps.clock(), timeoutMs: deps.config.checks.timeoutMs }, req.params.id);
    },
  );

  const keyView = (k: { id: string; entity: string; secret: string; created_at: string }) => ({ id: k.id, entity: k.entity, secret: k.secret, createdAt: k.created_at });
  r.get('/api/v1/errors/debug-keys/current', { schema: { tags, summary: "The entity's key for debug blobs, made on first use (admin)", querystring: z.object({ entity: z.string().min(1).max(400) }), response: { 200: debugKeySchema } } }, async (req) => {
    mustHave(req, 'admin');
    const entity = refParam(req.query.entity, 'querystring.entity', 'component');
    return keyView((await currentKey(deps.db, entity)) ?? (await rotateDebugKey(deps.db, entity, deps.clock())));
  });
  r.post('/api/v1/errors/debug-keys/rotate', { schema: { tags, summary: 'A new debug-blob key for the entity; old blobs still decrypt (admin)', body: z.object({ entity: z.string().min(1).max(400) }), response: { 200: debugKeySchema } } }, async (req) => {
    mustHave(req, 'admin');
    return keyView(await rotateDebugKey(deps.db, refParam(req.body.entity, 'body.entity', 'component'), deps.clock()));
  });
  r.post('/api/v1/errors/debug-blobs/decrypt', { schema: { tags, summary: 'Decrypts a debug blob from an error page and finds its events (admin)', body: z.object({ blob: z.string().min(1).max(4096) }), response: { 200: debugDecryptSchema } } }, async (req) => {
    mustHave(req, 'admin');
    const out = await decryptWithStoredKey(deps.db, req.body.blob);
    const events = typeof out.data.traceId === 'string' && /^[0-9a-fA-F-]{16,40}$/.test(out.data.traceId) ? await eventsByTrace(deps.db, out.data.traceId, 20) : [];
    return { ...out, events: events.map((e) => ({ issueId: e.issueId, eventId: e.eventId, occurredAt: e.occurredAt })) };
  });

  r.get(
    '/api/v1/errors/events',
    { schema: { tags, summary: 'Events with a trace id (from an error page), newest first', querystring: z.object({ traceId, limit: limitParam(100, 20) }), response: { 200: z.object({ items: z.array(errorEventListSchema.shape.items.element.extend({ issueId: z.string() })) }) } } },
    async (req) => {
      canRead(req);
      return { items: await eventsByTrace(deps.db, req.query.traceId, req.query.limit) };
    },
  );
}
