// Alerts in, pages out, over HTTP: Alertmanager's webhook and the PagerDuty Events API v2 (an
// editor API token, `?key=` oncall.intakeKey, or for events a configured routing key), the page
// list and one page with its events, ACK and resolve (API, and the signed link in each message),
// the alerts that matched no rotation, and personal contact rules.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ackBodySchema, ackLinkInfoSchema, contactBodySchema, contactSchema, eventsAcceptedSchema, intakeResultSchema, PAGE_STATUSES, pageDetailSchema, pageIncidentBodySchema, pageListSchema, unroutedListSchema, type IntakeResult } from '../../../common/api/oncall.ts';
import { IANAZone } from 'luxon';
import type { AppDeps } from '../../platform/deps.ts';
import { canRead, mustHave } from '../../platform/http/auth.ts';
import { cursorParam, limitParam, pageOf, timeIdCursor } from '../../platform/http/params.ts';
import { InputError, NotFoundError, problem, UnauthenticatedError } from '../../platform/problems.ts';
import { readAlertmanager, readEvent, type IncomingAlert } from '../intake/alerts.ts';
import { personOf } from '../people.ts';
import { presentPage } from '../present.ts';
import { readModels } from '../read-models.ts';
import { userRef } from '../rotation/document.ts';
import type { PageRow } from '../tables.ts';
import { verifyAck } from './ack-link.ts';
import { declareFromPage } from './incident.ts';
import { loadPage, writePage } from './write.ts';
import { acknowledgePage, resolvePage, takeAlerts, type IntakeItem, type IntakeOutcome } from './lifecycle.ts';
import { createBatcher } from '../../platform/batcher.ts';
import { rulesOf } from './notify.ts';
import { contactOf, eventsOf, listPages, listUnrouted, nextEscalations, pageById, putContact } from './repository.ts';
import { catalogSnapshot } from '../../catalog/index.ts';

const tags = ['oncall'];
const keyQuery = z.object({ key: z.string().max(500).optional().describe('oncall.intakeKey, for senders that cannot send an API token') });
const pageParams = z.object({ key: z.string().min(1).max(100).describe('the page: 42, P-42 or its id') });

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** An editor token, or the intake key; the Events API's routing keys are checked by the caller. */
function intakeCaller(req: FastifyRequest, deps: AppDeps, key: string | undefined): string | undefined {
  if (req.principal) return mustHave(req, 'editor').name;
  const want = deps.config.oncall.intakeKey;
  if (key !== undefined && want && sameSecret(key, want)) return 'intake key';
  return undefined;
}

/** Takes batches of alert requests, each batch in one transaction (the read models loaded before it). */
export async function takeAlertBatch(deps: Pick<AppDeps, 'db' | 'config' | 'clock'>, requests: readonly (readonly IntakeItem[])[]): Promise<IntakeOutcome[][]> {
  const models = await readModels(deps.db, deps.clock());
  const outcomes = await deps.db.transaction().execute(async (tx) => takeAlerts({ db: tx, config: deps.config, now: deps.clock(), actor: 'api', ...models }, requests.flat()));
  let i = 0;
  return requests.map((r) => outcomes.slice(i, (i += r.length)));
}

/**
 * Alert requests arriving together share one transaction (oncall.intakeLingerMs,
 * oncall.intakeBatchSize); each is answered once the transaction holding its alerts committed.
 */
export function createIntake(deps: Pick<AppDeps, 'db' | 'config' | 'clock' | 'log'>) {
  const batcher = createBatcher<IntakeItem, IntakeOutcome>({
    lingerMs: () => deps.config.oncall.intakeLingerMs,
    maxItems: () => deps.config.oncall.intakeBatchSize,
    run: (requests) => takeAlertBatch(deps, requests),
    onSplit: (err, requests) => deps.log.warn({ err: (err as Error).message, requests }, 'alert intake batch failed; taking its requests one by one'),
  });
  return async (actor: string, alerts: readonly IncomingAlert[]): Promise<IntakeResult> => {
    const outcomes = await batcher.add(alerts.map((alert) => ({ alert, actor })));
    const result: IntakeResult = { triggered: [], deduplicated: [], acknowledged: [], resolved: [], unrouted: [] };
    alerts.forEach((a, i) => {
      const o = outcomes[i]!;
      if (o.kind === 'unrouted') result.unrouted.push({ dedupKey: a.dedupKey, reason: o.reason });
      else if (o.kind !== 'ignored') result[o.kind].push(`P-${o.page!.number}`);
    });
    return result;
  };
}

export function pagesRoutes(app: FastifyInstance, deps: AppDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const runIntake = createIntake(deps);

  r.post('/api/v1/alerts/alertmanager', { schema: { tags, summary: "Prometheus Alertmanager's webhook receiver (payload version 4): one page per alert group, resolved with the group", querystring: keyQuery, body: z.unknown(), response: { 200: intakeResultSchema } } }, async (req) => {
    const actor = intakeCaller(req, deps, req.query.key);
    if (!actor) throw new UnauthenticatedError('send an editor API token (Authorization: Bearer) or ?key= with oncall.intakeKey');
    return runIntake(actor, [readAlertmanager(req.body)]);
  });

  r.post('/api/v1/alerts/events', { schema: { tags, summary: 'PagerDuty Events API v2 (trigger, acknowledge, resolve by dedup_key)', querystring: keyQuery, body: z.unknown(), response: { 202: eventsAcceptedSchema } } }, async (req, reply) => {
    const alert = readEvent(req.body, deps.config.oncall.routingKeys);
    const known = Object.hasOwn(deps.config.oncall.routingKeys, alert.routingKey);
    const actor = intakeCaller(req, deps, req.query.key) ?? (known ? `routing key ${alert.routingKey.slice(0, 6)}…` : undefined);
    if (!actor) throw new UnauthenticatedError(`unknown routing_key: list it in oncall.routingKeys, or send an editor API token`);
    await runIntake(actor, [alert]);
    return reply.status(202).send({ status: 'success' as const, message: 'Event processed', dedup_key: alert.dedupKey });
  });

  const listQuery = z.object({ status: z.enum([...PAGE_STATUSES, 'open', 'all']).default('all'), rotation: z.string().max(63).optional(), limit: limitParam(500, 50), cursor: cursorParam });
  r.get('/api/v1/pages', { schema: { tags, summary: 'Pages, newest first (cursor pagination)', querystring: listQuery, response: { 200: pageListSchema } } }, async (req) => {
    canRead(req);
    const q = req.query;
    const filter = q.status === 'all' ? {} : q.status === 'open' ? { open: true } : { status: q.status };
    const page = pageOf(await listPages(deps.db, { ...filter, rotation: q.rotation }, { limit: q.limit + 1, after: timeIdCursor(q.cursor) }), q.limit, (p) => [p.triggered_at, p.id]);
    const [catalog, next] = await Promise.all([catalogSnapshot(deps.db), nextEscalations(deps.db, page.rows.map((p) => p.id))]);
    return { items: page.rows.map((p) => presentPage(catalog, p, next.get(p.id) ?? null)), nextCursor: page.nextCursor };
  });

  r.get('/api/v1/pages/:key', { schema: { tags, summary: 'One page and what happened to it', params: pageParams, response: { 200: pageDetailSchema } } }, async (req) => {
    canRead(req);
    return pageDetail(deps, await loadPage(deps, req.params.key));
  });

  r.post('/api/v1/pages/:key/ack', { schema: { tags, summary: 'Acknowledge (editor): the escalation stops', params: pageParams, response: { 200: pageDetailSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    return pageDetail(deps, await writePage(deps, req.params.key, (ctx, page) => acknowledgePage(ctx, page, who.name)));
  });

  r.post('/api/v1/pages/:key/resolve', { schema: { tags, summary: 'Resolve (editor)', params: pageParams, response: { 200: pageDetailSchema } } }, async (req) => {
    const who = mustHave(req, 'editor');
    return pageDetail(deps, await writePage(deps, req.params.key, (ctx, page) => resolvePage(ctx, page, who.name)));
  });

  r.post('/api/v1/pages/:key/incident', { schema: { tags, summary: 'Declare an incident from this page (editor): the incident links the page, the page shows its incident; 409 once it has one', params: pageParams, body: pageIncidentBodySchema.default({}), response: { 201: pageDetailSchema } } }, async (req, reply) => {
    const who = mustHave(req, 'editor');
    return reply.status(201).send(await pageDetail(deps, await declareFromPage(deps, req.params.key, req.body, who.name)));
  });

  r.get('/api/v1/oncall/ack', { schema: { tags, summary: 'What an ACK link acknowledges (403 when altered or expired)', querystring: ackBodySchema, response: { 200: ackLinkInfoSchema } } }, async (req) => {
    const claim = verifyAck(deps.config.oncall.ackSecret, req.query.token, deps.clock());
    const page = await pageById(deps.db, claim.page);
    if (!page) throw new NotFoundError('the page of this link no longer exists');
    const catalog = await catalogSnapshot(deps.db);
    return { page: (await pageDetail(deps, page)).page, person: personOf(catalog, claim.user), expiresAt: new Date(claim.exp * 1000).toISOString() };
  });

  r.post('/api/v1/oncall/ack', { schema: { tags, summary: 'Acknowledge with the signed link from a page message (no token needed; 403 when altered or expired)', body: ackBodySchema, response: { 200: pageDetailSchema } } }, async (req) => {
    const claim = verifyAck(deps.config.oncall.ackSecret, req.body.token, deps.clock());
    return pageDetail(deps, await writePage(deps, claim.page, (ctx, page) => acknowledgePage(ctx, page, `${claim.user} (link)`)));
  });

  const unroutedQuery = z.object({ limit: limitParam(500, 50), cursor: cursorParam });
  r.get('/api/v1/oncall/unrouted', { schema: { tags, summary: 'Alerts that matched no rotation (never sent to anyone), newest first', querystring: unroutedQuery, response: { 200: unroutedListSchema } } }, async (req) => {
    canRead(req);
    const page = pageOf(await listUnrouted(deps.db, { limit: req.query.limit + 1, after: timeIdCursor(req.query.cursor) }), req.query.limit, (u) => [u.received_at, u.id]);
    return { items: page.rows.map((u) => ({ id: u.id, receivedAt: u.received_at, origin: u.origin, dedupKey: u.dedup_key, title: u.title, labels: JSON.parse(u.labels) as Record<string, string>, reason: u.reason })), nextCursor: page.nextCursor };
  });

  const userParams = z.object({ user: z.string().min(1).max(200) });
  r.get('/api/v1/oncall/contacts/:user', { schema: { tags, summary: "A person's contact rules (the default: mail to their catalog address at once)", params: userParams, response: { 200: contactSchema } } }, async (req) => {
    canRead(req);
    const user = await knownUser(deps, req.params.user);
    const row = await contactOf(deps.db, user);
    const r2 = rulesOf(await catalogSnapshot(deps.db), user, row?.rules);
    return { user, rules: r2.rules, timeZone: row?.time_zone ?? null, default: r2.default };
  });

  r.put('/api/v1/oncall/contacts/:user', { schema: { tags, summary: 'Set how a person is paged (editor): e.g. chat at once, mail after 5 minutes', params: userParams, body: contactBodySchema, response: { 200: contactSchema } } }, async (req) => {
    mustHave(req, 'editor');
    const user = await knownUser(deps, req.params.user);
    const b = req.body;
    if (b.timeZone && !IANAZone.isValidZone(b.timeZone)) throw InputError.fromProblems('invalid contact rules', [problem(`unknown time zone ${b.timeZone}`, { field: 'body.timeZone' })]);
    const bad = b.rules.flatMap((rule, i) => (rule.channel === 'webhook' && !/^https?:\/\//.test(rule.to) ? [problem('a webhook rule needs an http(s) URL', { field: `body.rules[${i}].to` })] : rule.channel === 'email' && !z.email().safeParse(rule.to).success ? [problem('not a mail address', { field: `body.rules[${i}].to` })] : []));
    if (bad.length > 0) throw InputError.fromProblems('invalid contact rules', bad);
    await putContact(deps.db, { user_ref: user, rules: JSON.stringify(b.rules), time_zone: b.timeZone ?? null, updated_at: deps.clock().toISOString() });
    return { user, rules: b.rules, timeZone: b.timeZone ?? null, default: false };
  });
}

async function knownUser(deps: AppDeps, name: string): Promise<string> {
  const ref = userRef(name);
  if ((await catalogSnapshot(deps.db)).byRef.get(ref)?.kind !== 'user') throw new NotFoundError(`no User ${ref} in the catalog`);
  return ref;
}

async function pageDetail(deps: Pick<AppDeps, 'db'>, page: PageRow) {
  const [catalog, events, next] = await Promise.all([catalogSnapshot(deps.db), eventsOf(deps.db, page.id), nextEscalations(deps.db, [page.id])]);
  return { page: presentPage(catalog, page, next.get(page.id) ?? null), events: events.map((e) => ({ at: e.at, kind: e.kind, text: e.text, actor: e.actor })) };
}
