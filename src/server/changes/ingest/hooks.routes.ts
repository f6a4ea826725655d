// Webhook ingest: GitHub deployments, PagerDuty-compatible change events, and configured
// generic sources. These routes read the RAW body (signatures are over the exact bytes), so
// they live in their own encapsulated scope whose only body parser keeps a Buffer; the app's
// JSON parser elsewhere is untouched. Signatures are checked before anything is parsed or stored.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeInput } from '../../../common/changes.ts';
import type { AppDeps } from '../../platform/deps.ts';
import { catalogSnapshot } from '../../catalog/index.ts';
import { mustHave } from '../../platform/http/auth.ts';
import { InputError, NotFoundError, UnauthenticatedError, type Problem } from '../../platform/problems.ts';
import { githubSlugIndex, githubToChange, verifyGithubSignature } from './github.ts';
import { pagerdutyAcceptedBody, pagerdutyInvalidBody, pagerdutyToChange } from './pagerduty.ts';
import { applyWebhookMapping, verifyWebhookSignature } from './webhook.ts';
import { recordChanges, type RecordOutcome } from './record.ts';

export function changesHookRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post('/hooks/github', { schema: { tags: ['changes'], summary: 'GitHub deployment and deployment_status webhooks (X-Hub-Signature-256)' } }, (req, reply) => githubHook(deps, req, reply));
    scope.post('/v2/change/enqueue', { schema: { tags: ['changes'], summary: 'PagerDuty-compatible change events (routing keys from config)' } }, (req, reply) => pagerdutyHook(deps, req, reply));
    scope.post<{ Params: { source: string } }>('/hooks/changes/:source', { schema: { tags: ['changes'], summary: 'Generic change webhooks, mapped with CEL per source (changes.webhooks)' } }, (req, reply) => genericHook(deps, req, reply));
  });
}

async function record(deps: AppDeps, input: ChangeInput): Promise<RecordOutcome> {
  const [outcome] = await deps.db.transaction().execute((trx) => recordChanges(trx, [input], deps.clock(), { events: deps.events }));
  return outcome;
}

function rawBody(req: FastifyRequest): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

/** JSON, or GitHub's form encoding (`payload=<json>`). */
function parseJson(raw: Buffer, contentType: string | undefined): unknown {
  const text = contentType?.includes('application/x-www-form-urlencoded') ? (new URLSearchParams(raw.toString('utf8')).get('payload') ?? '') : raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw InputError.fromProblems('the body is not valid JSON', [{ severity: 'error', field: 'body', message: (err as Error).message }]);
  }
}

async function githubHook(deps: AppDeps, req: FastifyRequest, reply: FastifyReply) {
  const secret = deps.config.changes.github.webhookSecret;
  const raw = rawBody(req);
  if (secret) {
    const header = req.headers['x-hub-signature-256'];
    if (!verifyGithubSignature(raw, Array.isArray(header) ? header[0] : header, secret)) throw new UnauthenticatedError('X-Hub-Signature-256 is missing or does not match changes.github.webhookSecret');
  } else {
    mustHave(req, 'editor'); // no secret configured: only a token holder may post
  }
  const event = String(req.headers['x-github-event'] ?? '');
  if (event === 'ping') return { ok: true, message: 'pong' };
  if (event !== 'deployment' && event !== 'deployment_status') return reply.status(202).send({ ignored: true, reason: `event "${event}" is not recorded (deployment, deployment_status are)` });
  const payload = parseJson(raw, req.headers['content-type']);
  const entities = (await catalogSnapshot(deps.db)).entities.map((e) => e.entity);
  const input = githubToChange(event, payload, githubSlugIndex(entities), { revertAction: deps.config.changes.github.revertAction });
  if (!input) return reply.status(202).send({ ignored: true, reason: 'this deployment state changes nothing' });
  const outcome = await record(deps, input);
  return reply.status(outcome.created ? 201 : 200).send(outcome);
}

async function pagerdutyHook(deps: AppDeps, req: FastifyRequest, reply: FastifyReply) {
  try {
    const body = parseJson(rawBody(req), req.headers['content-type']);
    const acceptUnknownKey = deps.config.changes.pagerduty.allowUnknownKeys || (req.principal !== undefined && req.principal.role !== 'viewer');
    const { input, problems } = pagerdutyToChange(body, deps.config.changes.pagerduty.routingKeys, deps.clock(), { acceptUnknownKey });
    if (problems.length) req.log.warn({ problems }, 'PagerDuty change event recorded with warnings');
    await record(deps, input);
    return reply.status(202).send(pagerdutyAcceptedBody());
  } catch (err) {
    if (err instanceof InputError) return reply.status(400).send(pagerdutyInvalidBody(err.problems.length ? err.problems : [{ severity: 'error', message: err.message }]));
    throw err;
  }
}

async function genericHook(deps: AppDeps, req: FastifyRequest<{ Params: { source: string } }>, reply: FastifyReply) {
  const source = deps.config.changes.webhooks[req.params.source];
  if (!source) throw new NotFoundError(`no webhook source "${req.params.source}" in changes.webhooks`);
  const raw = rawBody(req);
  if (source.secret) {
    if (!verifyWebhookSignature({ name: req.params.source, ...source }, raw, req.headers)) throw new UnauthenticatedError(`the ${source.signature.header} signature is missing or does not match`);
  } else {
    mustHave(req, 'editor'); // senders that cannot sign send a token
  }
  const result = applyWebhookMapping({ name: req.params.source, ...source }, parseJson(raw, req.headers['content-type']), req.headers);
  if (result.skipped) return reply.status(202).send({ ignored: true, reason: 'the mapping\'s "when" is false for this delivery' });
  if (!result.input) throw InputError.fromProblems(`the ${req.params.source} mapping could not make a change`, result.problems);
  const outcome = await record(deps, result.input);
  const warnings: Problem[] = [...result.problems, ...outcome.problems];
  return reply.status(outcome.created ? 201 : 200).send({ ...outcome, problems: warnings });
}
