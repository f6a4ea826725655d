// PagerDuty Change Events v2 (`POST /v2/change/enqueue`) → change records, so any tool that
// already sends change events to PagerDuty can send them to Tally by swapping the base URL.
// Validation follows PagerDuty's (routing_key and payload.summary required, summary at most
// 1024 characters). The routing key is the credential: an event for a key not listed in
// `changes.pagerduty.routingKeys` is refused (401) unless the caller sends an editor token or
// `allowUnknownKeys` is on, and then kept unmapped.
import { z } from 'zod';
import { CHANGE_KINDS, changeInputSchema, LIMITS, type ChangeInput, type ChangeKind } from '../../../common/changes.ts';
import { InputError, UnauthenticatedError, zodProblems, type Problem } from '../../platform/problems.ts';
import { parseTimestamp, truncate } from './text.ts';

const pagerdutyChangeSchema = z.looseObject({
  routing_key: z.string().trim().min(1, 'is required').max(128),
  payload: z.looseObject({
    summary: z.string().trim().min(1, 'is required').max(1024),
    timestamp: z.string().max(100).optional(),
    source: z.string().max(1024).optional(),
    custom_details: z.record(z.string(), z.unknown()).optional(),
  }),
  links: z.array(z.looseObject({ href: z.string(), text: z.string().optional() })).max(50).optional(),
});
export type PagerdutyChangeEvent = z.infer<typeof pagerdutyChangeSchema>;

/** PagerDuty's success answer, sent with status 202. */
export function pagerdutyAcceptedBody(): { status: 'success'; message: string } {
  return { status: 'success', message: 'Change event processed' };
}

/** PagerDuty's shape for a refused event, sent with status 400. */
export function pagerdutyInvalidBody(problems: Problem[]): { status: 'invalid event'; message: string; errors: string[] } {
  return { status: 'invalid event', message: 'Event object is invalid', errors: problems.map((p) => (p.field ? `${p.field} ${p.message}` : p.message)) };
}

/** Keys read from `custom_details` by convention, first found wins. */
const DETAIL_KEYS = {
  version: ['version', 'revision', 'sha', 'commit', 'build_number'],
  previousVersion: ['previous_version', 'previousVersion'],
  environment: ['environment', 'env'],
  actor: ['actor', 'author', 'user', 'triggered_by'],
} as const;

/**
 * Normalises a change event. `routingKeys` maps a routing key to entity refs (config
 * `changes.pagerduty.routingKeys`). Throws InputError (→ 400 with pagerdutyInvalidBody) for an
 * invalid event. Problems are warnings worth logging (e.g. an unreadable timestamp).
 */
export function pagerdutyToChange(body: unknown, routingKeys: Readonly<Record<string, readonly string[]>>, now: Date, opts: { acceptUnknownKey: boolean } = { acceptUnknownKey: true }): { input: ChangeInput; problems: Problem[] } {
  const parsed = pagerdutyChangeSchema.safeParse(body);
  if (!parsed.success) throw InputError.fromProblems('invalid PagerDuty change event', zodProblems(parsed.error));
  const e = parsed.data;
  if (!routingKeys[e.routing_key] && !opts.acceptUnknownKey) {
    throw new UnauthenticatedError('unknown routing_key: list it in changes.pagerduty.routingKeys, send an editor token, or set changes.pagerduty.allowUnknownKeys');
  }
  const problems: Problem[] = [];
  const details = e.payload.custom_details ?? {};
  const entities = routingKeys[e.routing_key] ?? [];
  const startedAt = eventTimestamp(e.payload.timestamp, now, problems);
  const summary = e.payload.summary;
  const raw = {
    entities: [...entities],
    kind: detailKind(details),
    summary: truncate(summary, LIMITS.summary),
    description: describe(summary, e.payload.source, details),
    version: detail(details, DETAIL_KEYS.version),
    previousVersion: detail(details, DETAIL_KEYS.previousVersion),
    environment: detail(details, DETAIL_KEYS.environment),
    actor: detail(details, DETAIL_KEYS.actor),
    source: 'pagerduty',
    startedAt,
    finishedAt: startedAt,
    status: 'succeeded',
    automated: true,
    links: (e.links ?? []).filter((l) => /^https?:\/\//.test(l.href)).slice(0, LIMITS.links).map((l) => ({ url: l.href, ...(l.text ? { title: truncate(l.text, 200) } : {}) })),
    // The routing key is a credential for PagerDuty: keep only its tail, to help map it later.
    ...(entities.length === 0 ? { labels: { 'pagerduty.routing_key_suffix': e.routing_key.slice(-4) } } : {}),
  };
  const result = changeInputSchema.safeParse(raw);
  if (!result.success) throw InputError.fromProblems('PagerDuty change event does not make a valid change', zodProblems(result.error));
  return { input: result.data, problems };
}

function eventTimestamp(value: string | undefined, now: Date, problems: Problem[]): string {
  if (value === undefined) return now.toISOString();
  const parsed = parseTimestamp(value);
  if (parsed) return parsed;
  problems.push({ severity: 'warning', field: 'payload.timestamp', message: `"${value}" is not an ISO-8601 timestamp; the time of receipt was used` });
  return now.toISOString();
}

function detailKind(details: Record<string, unknown>): ChangeKind {
  const kind = details.kind ?? details.change_type;
  return typeof kind === 'string' && (CHANGE_KINDS as readonly string[]).includes(kind) ? (kind as ChangeKind) : 'deploy';
}

function detail(details: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) {
    const v = details[k];
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') return truncate(String(v).trim(), LIMITS.version);
  }
  return undefined;
}

/** The full summary (ours is shorter than PagerDuty's), the source and the custom details, readable. */
function describe(summary: string, source: string | undefined, details: Record<string, unknown>): string | undefined {
  const lines: string[] = [];
  if (summary.length > LIMITS.summary) lines.push(summary);
  if (source) lines.push(`source: ${source}`);
  for (const [k, v] of Object.entries(details)) lines.push(`${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return lines.length ? truncate(lines.join('\n'), LIMITS.description) : undefined;
}
