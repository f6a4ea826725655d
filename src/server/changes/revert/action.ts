// Runs a change's revert action: a webhook (templated, optionally signed) or a named action
// from tally.yaml (`changes.revertActions`), such as `github-redeploy`. Never throws: every
// outcome, including a refused URL, a timeout or a 500, is a RevertResult value.
import { z } from 'zod';
import type { Change, RevertAction } from '../../../common/changes.ts';
import { readBodyCapped } from '../../platform/outbound/fetch.ts';
import { signatureHeaders } from '../../platform/outbound/sign.ts';
import { isTallyPath, resolveTallyUrl } from '../../platform/outbound/tally-url.ts';

export const RESPONSE_LIMIT = 4096;

const webhookFields = {
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE', 'GET']).default('POST'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  secret: z.string().min(1).optional(),
};
/** One entry of `changes.revertActions` in tally.yaml. */
export const namedRevertActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('github-redeploy'), token: z.string().min(1), apiUrl: z.url().default('https://api.github.com') }),
  z.strictObject({ type: z.literal('webhook'), ...webhookFields }),
]);
export type NamedRevertAction = z.output<typeof namedRevertActionSchema>;
type WebhookSpec = Extract<NamedRevertAction, { type: 'webhook' }> | (Extract<RevertAction, { webhook: unknown }>['webhook'] & { type?: 'webhook' });

export interface RevertContext {
  reason: string;
  /** Who pressed revert. */
  actor: string;
  fetch: typeof fetch;
  timeoutMs: number;
  namedActions: Readonly<Record<string, NamedRevertAction>>;
  /** The outbound guard (allowlist, no link-local); absent = allow. */
  outboundCheck?: (url: string) => Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Signing time of webhook requests. */
  now: Date;
  /** This server's publicUrl: a webhook URL written as a path (`/demo/webhooks/revert`) is sent there. */
  publicUrl?: string;
}

export interface RevertResult {
  ok: boolean;
  status?: number;
  /** The answer's first 4 KiB. */
  response?: string;
  error?: string;
  durationMs: number;
}

type Prepared = { url: string; init: RequestInit } | { error: string };

export async function runRevertAction(action: RevertAction, change: Change, ctx: RevertContext): Promise<RevertResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const prepared = prepare(action, change, ctx);
    if ('error' in prepared) return { ok: false, error: prepared.error, durationMs: elapsed() };
    return { ...(await send(prepared, ctx)), durationMs: elapsed() };
  } catch (err) {
    return { ok: false, error: `revert action failed: ${(err as Error).message}`, durationMs: elapsed() };
  }
}

function prepare(action: RevertAction, change: Change, ctx: RevertContext): Prepared {
  if ('webhook' in action) return prepareWebhook(action.webhook, change, ctx);
  const named = ctx.namedActions[action.action];
  if (!named) return { error: `no revert action named "${action.action}" is configured (changes.revertActions)` };
  if (named.type === 'webhook') return prepareWebhook(named, change, ctx);
  return prepareGithubRedeploy(named, action.params ?? {}, change, ctx);
}

function prepareWebhook(spec: WebhookSpec, change: Change, ctx: RevertContext): Prepared {
  const values = placeholderValues(change, ctx);
  const url = renderTemplate(spec.url, values, encodeURIComponent);
  if ('error' in url) return url;
  const headers: Record<string, string> = { 'user-agent': 'tally-revert', ...lowerCaseKeys(spec.headers ?? {}) };
  let body: string | undefined;
  if (spec.body !== undefined) {
    const json = (headers['content-type'] ?? '').includes('json') || /^\s*[[{]/.test(spec.body);
    const rendered = renderTemplate(spec.body, values, json ? jsonEscape : (s) => s);
    if ('error' in rendered) return rendered;
    body = rendered.text;
    if (json && !headers['content-type']) headers['content-type'] = 'application/json';
  }
  // The same timestamped scheme as every webhook Tally sends: a captured request cannot be replayed later.
  if (spec.secret) for (const [k, v] of Object.entries(signatureHeaders(body ?? '', spec.secret, ctx.now))) headers[k.toLowerCase()] = v;
  if (isTallyPath(url.text) && !ctx.publicUrl) return { error: `${url.text} is a path on this server, but no server.publicUrl is known` };
  return { url: ctx.publicUrl ? resolveTallyUrl(url.text, ctx.publicUrl) : url.text, init: { method: spec.method ?? 'POST', headers, body } };
}

function prepareGithubRedeploy(
  cfg: Extract<NamedRevertAction, { type: 'github-redeploy' }>,
  params: Record<string, string | number | boolean>,
  change: Change,
  ctx: RevertContext,
): Prepared {
  const repo = String(params.repo ?? '');
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo)) return { error: 'github-redeploy needs params.repo as owner/name' };
  if (!change.previousVersion) return { error: 'the change has no previousVersion to redeploy' };
  const body = JSON.stringify({
    ref: change.previousVersion,
    environment: String(params.environment ?? change.environment),
    auto_merge: false,
    required_contexts: [],
    description: `Revert of ${change.id} by ${ctx.actor}: ${ctx.reason}`.slice(0, 140),
  });
  const headers = {
    accept: 'application/vnd.github+json',
    authorization: `Bearer ${cfg.token}`,
    'content-type': 'application/json',
    'user-agent': 'tally-revert',
    'x-github-api-version': '2022-11-28',
  };
  return { url: `${cfg.apiUrl.replace(/\/+$/, '')}/repos/${repo}/deployments`, init: { method: 'POST', headers, body } };
}

async function send(prepared: { url: string; init: RequestInit }, ctx: RevertContext): Promise<Omit<RevertResult, 'durationMs'>> {
  if (ctx.outboundCheck) {
    const verdict = await ctx.outboundCheck(prepared.url);
    if (!verdict.ok) return { ok: false, error: `refused by the outbound policy: ${verdict.reason}` };
  }
  try {
    // Redirects are not followed: a redirect target would bypass the outbound guard.
    const res = await ctx.fetch(prepared.url, { ...prepared.init, redirect: 'manual', signal: AbortSignal.timeout(ctx.timeoutMs) });
    const { text } = await readBodyCapped(res, RESPONSE_LIMIT);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, response: text, ...(ok ? {} : { error: `answered HTTP ${res.status}` }) };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return { ok: false, error: `no answer within ${ctx.timeoutMs} ms` };
    return { ok: false, error: `request failed: ${e.cause?.code ?? e.message}` };
  }
}

export const PLACEHOLDERS = ['change.id', 'change.version', 'change.previousVersion', 'change.environment', 'entity', 'reason', 'actor'] as const;

function placeholderValues(change: Change, ctx: RevertContext): Record<string, string | undefined> {
  return {
    'change.id': change.id,
    'change.version': change.version,
    'change.previousVersion': change.previousVersion,
    'change.environment': change.environment,
    entity: change.entities[0],
    reason: ctx.reason,
    actor: ctx.actor,
  };
}

/** Fills `{{name}}` placeholders; an unknown name or a value the change lacks is an error, never an empty string. */
export function renderTemplate(template: string, values: Record<string, string | undefined>, escape: (s: string) => string): { text: string } | { error: string } {
  let error: string | undefined;
  const text = template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) error ??= `unknown placeholder ${whole} (known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')})`;
    else if (values[name] === undefined) error ??= `${whole} is not known for this change`;
    return escape(values[name] ?? '');
  });
  return error ? { error } : { text };
}

function jsonEscape(s: string): string {
  return JSON.stringify(s).slice(1, -1);
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
