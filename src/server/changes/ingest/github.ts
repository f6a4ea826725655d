// GitHub `deployment` and `deployment_status` webhooks → change records.
// A deployment becomes one change (externalId `github:deployment:<id>`); each status event
// re-sends the whole record under the same externalId, so the store upserts it and a missed
// `deployment` event loses nothing. `eventTime` lets the store drop late, older states.
import { z } from 'zod';
import { ANNOTATIONS, type Entity } from '../../../common/catalog.ts';
import { changeInputSchema, LIMITS, type ChangeInput, type ChangeStatus } from '../../../common/changes.ts';
import { normalizeRef } from '../../../common/refs.ts';
import { InputError, zodProblems } from '../../platform/problems.ts';
import { verifyHmac } from '../../platform/outbound/hmac.ts';
import { truncate } from './text.ts';

/** Checks `X-Hub-Signature-256: sha256=<hex>` over the raw body, in constant time. */
export function verifyGithubSignature(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  return verifyHmac(rawBody, header, secret);
}

export type GithubDeploymentEvent = 'deployment' | 'deployment_status';

const user = z.looseObject({ login: z.string(), type: z.string().optional() }).nullish();
const deploymentSchema = z.looseObject({
  id: z.number(),
  sha: z.string(),
  ref: z.string(),
  task: z.string().nullish(),
  environment: z.string(),
  description: z.string().nullish(),
  creator: user,
  created_at: z.string(),
  updated_at: z.string().nullish(),
  url: z.string(),
  performed_via_github_app: z.looseObject({ slug: z.string().nullish() }).nullish(),
});
const statusSchema = z.looseObject({
  state: z.string(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  description: z.string().nullish(),
  target_url: z.string().nullish(),
  log_url: z.string().nullish(),
  environment_url: z.string().nullish(),
});
const payloadSchema = z.looseObject({
  deployment: deploymentSchema,
  deployment_status: statusSchema.optional(),
  repository: z.looseObject({ full_name: z.string(), html_url: z.string() }),
});
type Payload = z.infer<typeof payloadSchema>;

/** GitHub deployment states → change status; `inactive` (superseded) and unknown states change nothing. */
const STATE_TO_STATUS: Record<string, ChangeStatus> = {
  success: 'succeeded',
  failure: 'failed',
  error: 'failed',
  in_progress: 'in-progress',
  queued: 'in-progress',
  pending: 'in-progress',
};

export interface GithubToChangeOptions {
  /** Name of a configured revert action (e.g. `github-redeploy`) to attach, with `{ repo }` as params. */
  revertAction?: string;
}

/**
 * Normalises a deployment event. Returns null for events that change nothing (a status of
 * `inactive`, an unknown state). Throws InputError naming the field when the payload lacks
 * what a deployment must have. `lookup(slug)` returns the refs of entities whose
 * `github.com/project-slug` is that repository; none → the change is kept, unmapped.
 */
export function githubToChange(
  event: GithubDeploymentEvent,
  payload: unknown,
  lookup: (slug: string) => string[],
  opts: GithubToChangeOptions = {},
): ChangeInput | null {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) throw InputError.fromProblems(`invalid GitHub ${event} payload`, zodProblems(parsed.error));
  const p = parsed.data;
  if (event === 'deployment_status' && !p.deployment_status) {
    throw InputError.fromProblems('invalid GitHub deployment_status payload', [{ severity: 'error', field: 'deployment_status', message: 'is required' }]);
  }
  const state = event === 'deployment_status' ? STATE_TO_STATUS[p.deployment_status!.state] : 'in-progress';
  if (!state) return null;
  const raw = { ...baseChange(p, lookup, opts), ...statusFields(event, p, state) };
  const result = changeInputSchema.safeParse(raw);
  if (!result.success) throw InputError.fromProblems(`GitHub ${event} payload does not make a valid change`, zodProblems(result.error));
  return result.data;
}

function baseChange(p: Payload, lookup: (slug: string) => string[], opts: GithubToChangeOptions) {
  const d = p.deployment;
  const repo = p.repository;
  const short = d.sha.slice(0, 7);
  const task = d.task && d.task !== 'deploy' ? ` (${d.task})` : '';
  return {
    entities: lookup(repo.full_name),
    kind: 'deploy' as const,
    summary: truncate(`Deploy ${repo.full_name}@${short} (${d.ref}) to ${d.environment}${task}`, LIMITS.summary),
    description: d.description ?? undefined,
    version: d.sha,
    actor: d.creator?.login,
    source: 'github',
    externalId: `github:deployment:${d.id}`,
    environment: d.environment,
    startedAt: d.created_at,
    automated: isAutomated(d),
    labels: { 'github.ref': d.ref, 'github.repository': repo.full_name, ...(d.task ? { 'github.task': d.task } : {}) },
    ...(opts.revertAction ? { revert: { action: opts.revertAction, params: { repo: repo.full_name } } } : {}),
  };
}

function statusFields(event: GithubDeploymentEvent, p: Payload, status: ChangeStatus) {
  const s = event === 'deployment_status' ? p.deployment_status : undefined;
  const eventTime = s ? (s.updated_at ?? s.created_at) : (p.deployment.updated_at ?? p.deployment.created_at);
  const terminal = status !== 'in-progress';
  return {
    status,
    eventTime,
    ...(terminal && s ? { finishedAt: s.updated_at ?? s.created_at } : {}),
    links: githubLinks(p, s),
  };
}

function githubLinks(p: Payload, s: Payload['deployment_status']) {
  const html = p.repository.html_url;
  const links = [
    { url: `${html}/commit/${p.deployment.sha}`, title: 'Commit' },
    { url: p.deployment.url, title: 'GitHub deployment (API)' },
    { url: html, title: 'Repository' },
  ];
  if (s?.log_url) links.push({ url: s.log_url, title: 'Deployment log' });
  if (s?.target_url && s.target_url !== s.log_url) links.push({ url: s.target_url, title: 'Deployment status' });
  if (s?.environment_url) links.push({ url: s.environment_url, title: 'Environment' });
  return links.filter((l) => /^https?:\/\//.test(l.url));
}

/**
 * A deployment counts as automated when a bot or a GitHub App created it (Actions'
 * `github-actions[bot]`, Pages' `github-pages[bot]`, Argo/Flux apps). A person's token used by
 * a script looks manual to us; senders can say otherwise through the REST API.
 */
function isAutomated(d: Payload['deployment']): boolean {
  if (d.performed_via_github_app) return true;
  const creator = d.creator;
  return creator?.type === 'Bot' || (creator?.login.endsWith('[bot]') ?? false);
}

/**
 * Builds the `lookup` for githubToChange from catalog entities: repository slug
 * (case-insensitive) → refs of the entities carrying `github.com/project-slug`.
 */
export function githubSlugIndex(entities: readonly Entity[]): (slug: string) => string[] {
  const index = new Map<string, string[]>();
  for (const e of entities) {
    const slug = e.metadata.annotations?.[ANNOTATIONS.githubSlug]?.trim().toLowerCase();
    const ref = normalizeRef(`${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`);
    if (!slug || !ref) continue;
    index.set(slug, [...(index.get(slug) ?? []), ref]);
  }
  return (slug) => index.get(slug.toLowerCase()) ?? [];
}
