// The change record as the API speaks it: one deploy, config, infra, feature-flag or other
// change, attached to the catalog entities it touched. Isomorphic (server, CLI, web UI).
// Everything here is validated with zod; checks that need the clock live in
// `validateChangeInput` so the schemas stay pure.
import { z } from 'zod';
import { parseInstant } from './instant.ts';
import { normalizeRef } from './refs.ts';
// Type-only: erased at runtime, so nothing server-side is loaded into the web UI.
import type { Problem } from './problem.ts';

import { CHANGE_KINDS, CHANGE_STATUSES } from './change-kinds.ts';

export { CHANGE_KINDS, CHANGE_STATUSES, type ChangeKind, type ChangeStatus } from './change-kinds.ts';

/** `api`, `cli`, `github`, `pagerduty`, or `webhook:<name>` for a configured generic webhook. */
export const CHANGE_SOURCE_PATTERN = /^(api|cli|github|pagerduty|webhook:[a-z0-9][a-z0-9_-]{0,62})$/;

export const LIMITS = {
  summary: 300,
  description: 20_000,
  entities: 100,
  links: 20,
  labels: 64,
  labelKey: 63,
  labelValue: 256,
  version: 200,
  text: 1000,
  url: 2048,
  batch: 1000,
} as const;

/** A timestamp with date, time and offset; stored and returned as given (ISO-8601). */
const isoTime = z.iso
  // abort: a malformed value gets this one problem, not a second one from the refinement below.
  .datetime({ offset: true, message: 'must be an ISO-8601 timestamp with time zone, e.g. 2024-05-01T12:00:00Z', abort: true })
  .refine((s) => parseInstant(s).ok, 'is not a real date and time (e.g. February 30)');
const text = (max: number = LIMITS.text) => z.string().min(1).max(max);
const url = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(LIMITS.url);

/** An entity ref in any accepted spelling (`checkout`, `default/checkout`), normalised to `component:default/checkout`. */
export const entityRefSchema = z.string().transform((value, ctx) => {
  const ref = normalizeRef(value.trim(), { defaultKind: 'component' });
  if (!ref) {
    ctx.addIssue({ code: 'custom', message: `not a valid entity ref: "${value}" (expected [kind:][namespace/]name)` });
    return z.NEVER;
  }
  return ref;
});

export const changeLinkSchema = z.strictObject({ url, title: text(200).optional() });
export type ChangeLink = z.infer<typeof changeLinkSchema>;

const labelsSchema = z
  .record(z.string().min(1).max(LIMITS.labelKey), z.string().max(LIMITS.labelValue))
  .refine((m) => Object.keys(m).length <= LIMITS.labels, { message: `at most ${LIMITS.labels} labels` });

/** Outgoing HTTP call that reverts the change. `body` is a template: see docs/changes.md. */
export const revertWebhookSchema = z.strictObject({
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE', 'GET']).default('POST'),
  url: z.string().min(1).max(LIMITS.url),
  headers: z.record(z.string().min(1).max(100), z.string().max(LIMITS.text)).optional(),
  body: z.string().max(LIMITS.description).optional(),
  /** Signs the body: `X-Tally-Signature: sha256=<hex HMAC-SHA256>`. Write-only: never returned. */
  secret: z.string().min(1).max(LIMITS.text).optional(),
});
export const revertActionSchema = z.union([
  z.strictObject({ webhook: revertWebhookSchema }),
  z.strictObject({
    /** Name of an action in `changes.revertActions` of tally.yaml, e.g. `github-redeploy`. */
    action: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be the name of a configured revert action'),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
]);
export type RevertAction = z.infer<typeof revertActionSchema>;

/** What clients send (REST, CLI, normalised webhooks). `id` and `unmapped` are the server's. */
export const changeInputSchema = z.strictObject({
  entities: z.array(entityRefSchema).max(LIMITS.entities).default([]),
  kind: z.enum(CHANGE_KINDS),
  summary: z.string().trim().min(1, 'is required').max(LIMITS.summary),
  description: z.string().max(LIMITS.description).optional(),
  version: text(LIMITS.version).optional(),
  previousVersion: text(LIMITS.version).optional(),
  actor: text(200).optional(),
  source: z.string().regex(CHANGE_SOURCE_PATTERN, 'must be api, cli, github, pagerduty or webhook:<name>').default('api'),
  /** The sender's own id; (source, externalId) identifies a change across updates. */
  externalId: text(500).optional(),
  environment: text(100).default('production'),
  startedAt: isoTime,
  finishedAt: isoTime.optional(),
  status: z.enum(CHANGE_STATUSES).default('succeeded'),
  automated: z.boolean().default(false),
  links: z.array(changeLinkSchema).max(LIMITS.links).optional(),
  revert: revertActionSchema.optional(),
  postmortemUrl: url.optional(),
  labels: labelsSchema.optional(),
  /** When the newest commit in the change was made: lead time = finishedAt − commitAt. */
  commitAt: isoTime.optional(),
  /** The id of the change this one reverts (kind `revert`). */
  revertOf: text(100).optional(),
  /** The sender's own time for this state of the change; orders out-of-order deliveries. */
  eventTime: isoTime.optional(),
});
export type ChangeInput = z.output<typeof changeInputSchema>;
/** What a client may write: defaults not yet applied. */
export type ChangeInputRaw = z.input<typeof changeInputSchema>;

/** A stored change as the API returns it. */
export const changeSchema = changeInputSchema.extend({
  id: z.string().min(1),
  /** No entity in `entities` is known to the catalog (or there are none): kept, shown for triage. */
  unmapped: z.boolean(),
});
export type Change = z.output<typeof changeSchema>;

/** `POST /api/changes/batch`. */
export const changeBatchSchema = z.strictObject({ changes: z.array(changeInputSchema).min(1).max(LIMITS.batch) });

/** What may change after a change was recorded (`PATCH /api/changes/:id`). */
export const changePatchSchema = z
  .strictObject({
    status: z.enum(CHANGE_STATUSES).optional(),
    finishedAt: isoTime.optional(),
    postmortemUrl: url.optional(),
    description: z.string().max(LIMITS.description).optional(),
    links: z.array(changeLinkSchema).max(LIMITS.links).optional(),
    labels: labelsSchema.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change: give at least one of status, finishedAt, postmortemUrl, description, links, labels' });
export type ChangePatch = z.output<typeof changePatchSchema>;


const DAY_MS = 86_400_000;
const TIME_FIELDS = ['startedAt', 'finishedAt', 'commitAt', 'eventTime'] as const;

/**
 * Checks that need the clock or compare fields: timestamps more than a day after `now` are
 * refused (a clock or unit mistake would otherwise sit at the top of every timeline for years);
 * `finishedAt` before `startedAt` is refused; a commit after the change started is a warning.
 */
export function validateChangeInput(input: Pick<ChangeInput, 'startedAt' | 'kind'> & Partial<ChangeInput>, now: Date, prefix = ''): Problem[] {
  const problems: Problem[] = [];
  const at = (field: string) => ({ field: prefix + field });
  const limit = now.getTime() + DAY_MS;
  for (const field of TIME_FIELDS) {
    const value = input[field];
    if (value !== undefined && Date.parse(value) > limit) {
      problems.push({ severity: 'error', message: `${value} is more than 1 day in the future (server time ${now.toISOString()}); check the clock or the time zone`, ...at(field) });
    }
  }
  if (input.finishedAt !== undefined && Date.parse(input.finishedAt) < Date.parse(input.startedAt)) {
    problems.push({ severity: 'error', message: `is before startedAt (${input.startedAt})`, ...at('finishedAt') });
  }
  if (input.commitAt !== undefined && Date.parse(input.commitAt) > Date.parse(input.startedAt)) {
    problems.push({ severity: 'warning', message: `is after startedAt (${input.startedAt}); lead time will not count this change`, ...at('commitAt') });
  }
  if (input.revertOf !== undefined && input.kind !== 'revert') {
    problems.push({ severity: 'warning', message: `is set but kind is "${input.kind}", not "revert"`, ...at('revertOf') });
  }
  return problems;
}

/**
 * The change as shown to readers: revert webhook secrets and header values are write-only
 * (they are credentials), so they are replaced by `***`.
 */
export function redactChange<T extends { revert?: RevertAction }>(change: T): T {
  const revert = change.revert;
  if (!revert || !('webhook' in revert)) return change;
  const { secret, headers, ...webhook } = revert.webhook;
  const masked = headers ? Object.fromEntries(Object.keys(headers).map((k) => [k, '***'])) : undefined;
  return { ...change, revert: { webhook: { ...webhook, ...(masked ? { headers: masked } : {}), ...(secret ? { secret: '***' } : {}) } } };
}
