// Slack-compatible ChatOps: slash commands (`/incident …`) at /api/v1/chat/slack/commands and
// button presses at /api/v1/chat/slack/interactions. The raw body is read in this scope only
// (the signature is over the exact bytes), verified with incidents.chat.signingSecret, and a
// signature seen before is refused as a replay — all before anything is parsed or stored.
// Answers are Slack messages (200); refused requests are 401 with the usual error body.
import { chatReplySchema } from '../../../common/api/incidents.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';
import { InputError, TallyError, UnauthenticatedError } from '../../platform/problems.ts';
import { tags } from '../incidents.routes.ts';
import { inTransaction } from '../page.ts';
import { chatActionHandler } from './actions.ts';
import { runChatAction, runChatCommand, type ChatReply } from './commands.ts';
import { parseCommand } from './parse.ts';
import { rememberSignature } from './repository.ts';
import { verifySlackRequest } from './verify.ts';

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** The verified form fields; throws 401 for an unsigned, mis-signed, stale or replayed request. */
async function verified(deps: AppDeps, req: FastifyRequest): Promise<URLSearchParams> {
  const body = typeof req.body === 'string' ? req.body : '';
  const signature = header(req, 'x-slack-signature');
  const verdict = verifySlackRequest({ secret: deps.config.incidents.chat.signingSecret, signature, timestamp: header(req, 'x-slack-request-timestamp'), body, now: deps.clock() });
  if (!verdict.ok) throw new UnauthenticatedError(verdict.reason);
  if (!(await rememberSignature(deps.db, signature!, deps.clock().toISOString()))) throw new UnauthenticatedError('this request was already received: refused as a replay');
  return new URLSearchParams(body);
}

/** Domain refusals (bad input, conflicts, unknown incidents) become a private reply the user can act on. */
async function reply(fn: () => Promise<ChatReply>): Promise<ChatReply> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TallyError && err.kind !== 'unavailable') return { response_type: 'ephemeral', text: `:warning: ${err.message}` };
    throw err;
  }
}

const actorOf = (name: string | null | undefined, id: string | null | undefined) => `slack:${name || id || 'unknown'}`;

export function chatRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));

    scope.post('/api/v1/chat/slack/commands', { schema: { tags, summary: 'Slack slash command `/incident` (declare, status, role, note, resolve); signed with the Slack signing secret', response: { 200: chatReplySchema } } }, async (req) => {
      const form = await verified(deps, req);
      const caller = { user: actorOf(form.get('user_name'), form.get('user_id')), channel: form.get('channel_id') ?? '' };
      return reply(() => inTransaction(deps, caller.user, (ctx) => runChatCommand(ctx, parseCommand(form.get('text') ?? ''), caller)));
    });

    scope.post('/api/v1/chat/slack/interactions', { schema: { tags, summary: 'Slack interactive buttons (join, take over, resolve with confirmation, Acknowledge on a page); signed', response: { 200: chatReplySchema } } }, async (req) => {
      const form = await verified(deps, req);
      let payload: { user?: { username?: string; name?: string; id?: string }; channel?: { id?: string }; actions?: { action_id?: string; value?: string }[] };
      try {
        payload = JSON.parse(form.get('payload') ?? '');
      } catch {
        throw InputError.fromProblems('invalid interaction', [{ severity: 'error', field: 'body.payload', message: 'not JSON' }]);
      }
      const action = payload.actions?.[0];
      if (!action?.action_id || !action.value) throw InputError.fromProblems('invalid interaction', [{ severity: 'error', field: 'body.payload.actions', message: 'no action' }]);
      const caller = { user: actorOf(payload.user?.username ?? payload.user?.name, payload.user?.id), channel: payload.channel?.id ?? '' };
      const other = chatActionHandler(action.action_id);
      if (other) return reply(() => other(deps, { actionId: action.action_id!, value: action.value!, ...caller }));
      return reply(() => inTransaction(deps, caller.user, (ctx) => runChatAction(ctx, { id: action.action_id!, value: action.value! }, caller)));
    });
  });
}
