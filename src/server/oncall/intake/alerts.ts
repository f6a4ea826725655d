// The two alert shapes existing tools send, read into one: Prometheus Alertmanager's webhook
// (payload version 4: one page per alert group, its grouping key the dedup key; the group's
// status resolves it) and the PagerDuty Events API v2 (`trigger`, `acknowledge`, `resolve`,
// `dedup_key`). Pure; a malformed payload is one InputError naming every bad field, and nothing is stored.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { InputError, zodProblems } from '../../platform/problems.ts';

export interface IncomingAlert {
  origin: 'alertmanager' | 'events';
  action: 'trigger' | 'acknowledge' | 'resolve';
  dedupKey: string;
  title: string;
  details: string;
  labels: Record<string, string>;
  /** A service named by the sender's routing key (Events API), before any label. */
  service?: string;
}

const labels = z.record(z.string().max(200), z.string().max(4000)).refine((r) => Object.keys(r).length <= 100, 'at most 100 labels');
const amAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels.default({}),
  startsAt: z.string().max(60).optional(),
  endsAt: z.string().max(60).optional(),
  generatorURL: z.string().max(4000).optional(),
  fingerprint: z.string().max(200).optional(),
});
export const alertmanagerSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1).max(4000),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(500),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels.default({}),
  externalURL: z.string().max(4000).optional(),
  alerts: z.array(amAlert).min(1).max(1000),
});

export function readAlertmanager(body: unknown): IncomingAlert {
  const p = alertmanagerSchema.safeParse(body);
  if (!p.success) throw InputError.fromProblems('not an Alertmanager webhook payload (version 4)', zodProblems(p.error, {}, 'body'));
  const am = p.data;
  const firing = am.alerts.filter((a) => a.status === 'firing');
  const first = (firing[0] ?? am.alerts[0])!;
  const name = am.commonLabels.alertname ?? am.groupLabels.alertname ?? first.labels.alertname ?? 'alert';
  const summary = am.commonAnnotations.summary ?? first.annotations.summary ?? name;
  const lines = (firing.length > 0 ? firing : am.alerts).slice(0, 20).map((a) => `- ${a.annotations.summary ?? a.labels.alertname ?? 'alert'} (${Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(', ')})${a.generatorURL ? ` ${a.generatorURL}` : ''}`);
  const details = [am.commonAnnotations.description ?? first.annotations.description, `${firing.length} firing of ${am.alerts.length}${am.truncatedAlerts ? ` (+${am.truncatedAlerts} not sent)` : ''}:`, ...lines].filter(Boolean).join('\n');
  return {
    origin: 'alertmanager',
    action: am.status === 'resolved' ? 'resolve' : 'trigger',
    dedupKey: `alertmanager:${hash(`${am.receiver}|${am.groupKey}`)}`,
    title: `${name}: ${summary}`.slice(0, 500),
    details: details.slice(0, 8000),
    labels: { ...first.labels, ...am.commonLabels },
  };
}

const eventsSchema = z.object({
  routing_key: z.string().min(1).max(64),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: z.string().min(1).max(255).optional(),
  payload: z
    .object({
      summary: z.string().min(1).max(1024),
      source: z.string().min(1).max(255),
      severity: z.enum(['critical', 'error', 'warning', 'info']),
      timestamp: z.string().max(60).optional(),
      component: z.string().max(255).optional(),
      group: z.string().max(255).optional(),
      class: z.string().max(255).optional(),
      custom_details: z.unknown().optional(),
    })
    .optional(),
  client: z.string().max(255).optional(),
  client_url: z.string().max(4000).optional(),
  links: z.array(z.object({ href: z.string().max(4000), text: z.string().max(500).optional() })).max(50).optional(),
  images: z.array(z.unknown()).max(50).optional(),
});

export function readEvent(body: unknown, routingKeys: Readonly<Record<string, string | null>>): IncomingAlert & { routingKey: string } {
  const p = eventsSchema.safeParse(body);
  if (!p.success) throw InputError.fromProblems('not a PagerDuty Events API v2 event', zodProblems(p.error, {}, 'body'));
  const e = p.data;
  const problems = [];
  if (e.event_action === 'trigger' && !e.payload) problems.push({ severity: 'error' as const, message: 'a trigger needs a payload (summary, source, severity)', field: 'body.payload' });
  if (e.event_action !== 'trigger' && !e.dedup_key) problems.push({ severity: 'error' as const, message: `${e.event_action} needs the dedup_key of the alert`, field: 'body.dedup_key' });
  if (problems.length > 0) throw InputError.fromProblems('not a PagerDuty Events API v2 event', problems);
  const details = e.payload?.custom_details;
  const custom = details && typeof details === 'object' && !Array.isArray(details) ? Object.fromEntries(Object.entries(details as Record<string, unknown>).filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').slice(0, 100).map(([k, v]) => [k.slice(0, 200), String(v).slice(0, 4000)])) : {};
  const pl = e.payload;
  const labels: Record<string, string> = { ...custom, ...(pl ? { source: pl.source, severity: pl.severity } : {}), ...(pl?.component ? { component: pl.component } : {}), ...(pl?.group ? { group: pl.group } : {}), ...(pl?.class ? { class: pl.class } : {}) };
  if (!labels.service && pl?.component) labels.service = pl.component;
  const mapped = routingKeys[e.routing_key];
  const text = typeof details === 'string' ? details : details !== undefined ? JSON.stringify(details, null, 2) : '';
  return {
    origin: 'events',
    action: e.event_action,
    routingKey: e.routing_key,
    dedupKey: e.dedup_key ?? `events:${hash(`${e.routing_key}|${pl?.source}|${pl?.summary}`)}`,
    title: (pl?.summary ?? '').slice(0, 500),
    details: [text.slice(0, 6000), ...(e.links ?? []).map((l) => `${l.text ?? 'link'}: ${l.href}`)].filter(Boolean).join('\n').slice(0, 8000),
    labels,
    ...(mapped ? { service: mapped } : {}),
  };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
