// Sentry's ingest endpoints, unchanged for the SDKs: POST /api/{project}/envelope/ and the older
// /api/{project}/store/. The body may be gzip, deflate or br; the key comes from X-Sentry-Auth,
// `sentry_key` or the envelope's DSN. Answers as Sentry answers: 200 `{"id"}` once stored, 400
// naming the bad item, 401 for a wrong key, 413 past a size limit, 429 with Retry-After and
// X-Sentry-Rate-Limits. Errors carry Sentry's `{"detail": …}` body.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { httpStatusOf } from '../../platform/http/errors.ts';
import { InputError, TallyError, TooLargeError, UnauthenticatedError } from '../../platform/problems.ts';
import { getProject, syncProjectsFromCatalog } from '../projects.ts';
import type { ErrorProjectRow } from '../tables.ts';
import { keyOfDsn, requestKey } from './auth.ts';
import { decodeBody } from './body.ts';
import { EVENT_ITEM_TYPES, eventPayload, parseEnvelope, skipReason } from './envelope.ts';
import { createProjectLimiter, ProjectRateLimited } from './limiter.ts';
import { prepareEvent, type PreparedEvent } from './prepare.ts';
import { createIngestQueue, type Discard } from './queue.ts';

/** Projects by id, read from the database at most once a second per unknown id. */
function projectCache(deps: AppDeps) {
  const known = new Map<number, { row: ErrorProjectRow | undefined; at: number }>();
  return async (id: number): Promise<ErrorProjectRow | undefined> => {
    const now = Date.now();
    const hit = known.get(id);
    if (hit && (hit.row ? now - hit.at < 10_000 : now - hit.at < 1000)) return hit.row;
    let row = await getProject(deps.db, id);
    if (!row) {
      await syncProjectsFromCatalog(deps.db, deps.clock());
      row = await getProject(deps.db, id);
    }
    if (known.size > 10_000) known.clear();
    known.set(id, { row, at: now });
    return row;
  };
}

function sentryError(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('access-control-allow-origin', '*');
  if (err instanceof ProjectRateLimited) {
    reply.header('retry-after', String(Math.ceil(err.retryAfterSeconds))).header('x-sentry-rate-limits', err.sentryHeader);
  }
  if (err instanceof TallyError) return reply.status(httpStatusOf(err)).send({ detail: err.message });
  const fe = err as FastifyError;
  if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ detail: 'the request body is over the size limit' });
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return reply.status(fe.statusCode).send({ detail: fe.message });
  req.log.error({ err }, 'error ingest failed');
  const connection = /SQLITE_BUSY|Connection terminated|ECONNREFUSED|57P0/.test(String((err as Error)?.message ?? '') + String((err as { code?: string })?.code ?? ''));
  if (connection) return reply.status(503).header('retry-after', '1').send({ detail: 'the database is unavailable for a moment; retry shortly' });
  return reply.status(500).send({ detail: 'internal error; the server log has the details' });
}

export function ingestRoutes(app: FastifyInstance, deps: AppDeps): void {
  const projects = projectCache(deps);
  const entities = new Map<number, string>();
  const queue = createIngestQueue(deps, (id) => entities.get(id) ?? '');
  const limiter = createProjectLimiter(() => deps.config.errors.ingest.eventsPerMinute, () => deps.clock().getTime());
  const bodyLimit = deps.config.errors.ingest.maxEnvelopeBytes;

  async function authenticate(req: FastifyRequest, projectParam: string, envelopeDsn?: unknown): Promise<ErrorProjectRow> {
    if (!/^\d{1,10}$/.test(projectParam)) throw new UnauthenticatedError(`"${projectParam.slice(0, 40)}" is not a project id`);
    const key = requestKey(req.headers, req.query as Record<string, unknown>) ?? keyOfDsn(envelopeDsn);
    if (!key) throw new UnauthenticatedError('missing DSN key: send X-Sentry-Auth or sentry_key');
    const project = await projects(Number(projectParam));
    if (!project || project.public_key !== key) throw new UnauthenticatedError('invalid DSN key for this project');
    entities.set(project.id, project.entity);
    return project;
  }

  function readBody(req: FastifyRequest): Buffer {
    const body = req.body;
    if (!Buffer.isBuffer(body)) throw new InputError('the request has no body');
    const enc = req.headers['content-encoding'];
    return decodeBody(body, Array.isArray(enc) ? enc[0] : enc, deps.config.errors.ingest.maxInflatedBytes);
  }

  function prepare(project: ErrorProjectRow, payload: Record<string, unknown>, size: number, what: string): PreparedEvent {
    const max = deps.config.errors.ingest.maxEventBytes;
    if (size > max) throw new TooLargeError(`${what} is ${size} bytes, over the limit of ${max}`);
    return prepareEvent(project.id, payload, deps.clock());
  }

  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_req, body, done) => done(null, body));
    scope.setErrorHandler(sentryError);
    scope.addHook('onSend', async (_req, reply) => {
      reply.header('access-control-allow-origin', '*');
    });
    const opts = { bodyLimit, config: { ownWriteLimit: true, ownAuthorizationScheme: 'Sentry' }, schema: { hide: true } };
    for (const path of ['/api/:project/envelope/', '/api/:project/store/']) {
      scope.options(path, { schema: { hide: true } }, async (_req, reply) =>
        reply
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', 'content-type, content-encoding, x-sentry-auth, authorization, sentry-trace, baggage')
          .header('access-control-max-age', '3600')
          .status(204)
          .send(),
      );
    }

    scope.post<{ Params: { project: string } }>('/api/:project/envelope/', opts, async (req, reply) => {
      // A key in the headers or the query is checked before the body is even inflated.
      const early = requestKey(req.headers, req.query as Record<string, unknown>) ? await authenticate(req, req.params.project) : undefined;
      const envelope = parseEnvelope(readBody(req));
      const project = early ?? (await authenticate(req, req.params.project, envelope.header.dsn));
      const events: PreparedEvent[] = [];
      const discards: Discard[] = [];
      const day = deps.clock().toISOString().slice(0, 10);
      for (const item of envelope.items) {
        if (EVENT_ITEM_TYPES.has(item.type)) events.push(prepare(project, eventPayload(item), item.payload.length, `item ${item.index} (${item.type})`));
        else discards.push({ projectId: project.id, day, category: item.type, reason: skipReason(item.type), count: 1 });
      }
      limiter.take(project.id, events.length);
      await queue.add(events, discards);
      const id = typeof envelope.header.event_id === 'string' ? envelope.header.event_id.replace(/-/g, '') : events[0]?.eventId;
      return reply.status(200).send(id ? { id } : {});
    });

    scope.post<{ Params: { project: string } }>('/api/:project/store/', opts, async (req, reply) => {
      const project = await authenticate(req, req.params.project);
      const body = readBody(req);
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch (e) {
        throw new InputError(`the event is not JSON (${(e as Error).message})`);
      }
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new InputError('the event is not a JSON object');
      const event = prepare(project, payload as Record<string, unknown>, body.length, 'the event');
      limiter.take(project.id, 1);
      await queue.add([event], []);
      return reply.status(200).send({ id: event.eventId });
    });
  });
}
