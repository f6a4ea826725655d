// The Acme demo's last 120 days, as a list of what happened when. The history seed
// (history.ts) grades the catalog as it looked at each day: every event after that day is
// undone (an annotation not yet added, a cycle not yet closed). Facts age on their own: each
// reported fact is the latest of a series (restores weekly, drills quarterly), so an old
// restore turns stale on the day it passes 30 days, and a failed one was preceded by good ones.
// Change statistics need no story: the seed loads them as of each day, so the week of seeded
// changes counts from the day each was made. Deterministic: the same story, relative to now, on
// every first start (examples/acme/README.md).
import type { Entity } from '../../common/catalog.ts';
import type { CheckContext } from '../checks/index.ts';

export const HISTORY_DAYS = 120;
const DAY_MS = 86_400_000;
const C = 'component:default/';

export type StoryEvent =
  /** An annotation was added to the entity that day (absent before). */
  | { daysAgo: number; kind: 'annotation'; entity: string; key: string; why: string }
  /** The team's on-call rotation grew to what it is now; before, only its first `before` people. */
  | { daysAgo: number; kind: 'rotation'; team: string; before: number; why: string }
  /** The team's annotation was added that day. */
  | { daysAgo: number; kind: 'team-annotation'; team: string; key: string; why: string }
  /** The dependency that breaks a rule was added that day (no violation before). */
  | { daysAgo: number; kind: 'violation'; entity: string; why: string }
  /** The cycle among `entities` closed that day. */
  | { daysAgo: number; kind: 'cycle'; entities: string[]; why: string };

const RUNBOOK = 'tally.dev/runbook-url';
const DASHBOARD = 'tally.dev/dashboard-url';
const STATUS = 'tally.dev/status-url';

/** What happened, oldest first. `why` is what examples/acme/README.md tells. */
export const STORY: readonly StoryEvent[] = [
  { daysAgo: 110, kind: 'annotation', entity: 'payments', key: DASHBOARD, why: 'payments gets its dashboard' },
  { daysAgo: 105, kind: 'annotation', entity: 'ledger', key: DASHBOARD, why: 'ledger gets a dashboard' },
  { daysAgo: 100, kind: 'rotation', team: 'team-payments', before: 4, why: "team-payments' rotation grows from 4 to 6 people" },
  { daysAgo: 95, kind: 'annotation', entity: 'api-gateway', key: RUNBOOK, why: 'api-gateway gets a runbook' },
  { daysAgo: 90, kind: 'annotation', entity: 'checkout', key: RUNBOOK, why: 'checkout gets a runbook' },
  { daysAgo: 88, kind: 'annotation', entity: 'notifications', key: RUNBOOK, why: 'notifications gets a runbook' },
  { daysAgo: 80, kind: 'annotation', entity: 'fraud-detection', key: DASHBOARD, why: 'fraud-detection gets a dashboard' },
  { daysAgo: 75, kind: 'annotation', entity: 'orders', key: DASHBOARD, why: 'orders gets a dashboard' },
  { daysAgo: 70, kind: 'annotation', entity: 'cart', key: STATUS, why: 'cart gets a status page' },
  { daysAgo: 64, kind: 'annotation', entity: 'job-scheduler', key: RUNBOOK, why: 'job-scheduler gets a runbook' },
  { daysAgo: 58, kind: 'rotation', team: 'team-platform', before: 5, why: 'Ingrid from SRE joins team-platform’s rotation: 6 people' },
  { daysAgo: 56, kind: 'annotation', entity: 'refunds', key: RUNBOOK, why: 'refunds gets a runbook' },
  { daysAgo: 52, kind: 'team-annotation', team: 'team-platform', key: 'tally.dev/webhook-url', why: 'team-platform connects its webhook' },
  { daysAgo: 48, kind: 'annotation', entity: 'product-catalog', key: DASHBOARD, why: 'product-catalog gets a dashboard' },
  { daysAgo: 45, kind: 'annotation', entity: 'feature-flags', key: RUNBOOK, why: 'feature-flags gets a runbook' },
  { daysAgo: 43, kind: 'annotation', entity: 'accounts', key: RUNBOOK, why: 'accounts gets a runbook' },
  { daysAgo: 40, kind: 'annotation', entity: 'tax', key: DASHBOARD, why: 'tax gets a dashboard' },
  { daysAgo: 36, kind: 'annotation', entity: 'web-storefront', key: RUNBOOK, why: 'web-storefront gets a runbook' },
  { daysAgo: 33, kind: 'annotation', entity: 'image-resizer', key: DASHBOARD, why: 'image-resizer gets a dashboard' },
  { daysAgo: 29, kind: 'annotation', entity: 'psp-adapter', key: RUNBOOK, why: 'psp-adapter gets a runbook' },
  { daysAgo: 27, kind: 'cycle', entities: ['pricing', 'promotions'], why: 'promotions starts calling pricing: the cycle closes' },
  { daysAgo: 25, kind: 'annotation', entity: 'admin-console', key: STATUS, why: 'admin-console gets a status page' },
  { daysAgo: 25, kind: 'annotation', entity: 'mobile-bff', key: STATUS, why: 'mobile-bff gets a status page' },
  { daysAgo: 21, kind: 'violation', entity: 'checkout', why: 'checkout starts depending on tier-3 recommendations' },
  { daysAgo: 18, kind: 'annotation', entity: 'inventory', key: RUNBOOK, why: 'inventory gets a runbook' },
  { daysAgo: 16, kind: 'annotation', entity: 'gift-cards', key: RUNBOOK, why: 'gift-cards gets a runbook' },
  { daysAgo: 12, kind: 'rotation', team: 'team-checkout', before: 5, why: "team-checkout's rotation reaches 6 people" },
  { daysAgo: 9, kind: 'annotation', entity: 'payouts', key: DASHBOARD, why: 'payouts gets a dashboard' },
  { daysAgo: 6, kind: 'annotation', entity: 'auth', key: DASHBOARD, why: 'auth gets a dashboard' },
  { daysAgo: 3, kind: 'annotation', entity: 'reviews', key: STATUS, why: 'reviews gets a status page' },
];

/** The day the rubric changed: before it, `oncall-rotation` weighed 5 and there was no `bus-factor` requirement. */
export const RUBRIC_CHANGED_DAYS_AGO = 60;

/** How often each fact is reported; a fact newer than the instant stands for the one before it in its series. */
const CADENCE_DAYS: Record<string, number> = { 'backup-restored': 7, 'outage-drill': 90, 'incident-follow-ups': 7 };
const DEFAULT_CADENCE_DAYS = 30;

interface Fact {
  name: string;
  value: unknown;
  observedAt: string;
}

/** The rubric at `age` days ago: today's, or the one before the change. */
export function rubricBefore(body: Record<string, unknown>, age: number): Record<string, unknown> | undefined {
  if (age <= RUBRIC_CHANGED_DAYS_AGO) return undefined;
  const spec = body.spec as { requirements: { id: string; weight: number }[] };
  const requirements = spec.requirements.filter((r) => r.id !== 'bus-factor').map((r) => (r.id === 'oncall-rotation' ? { ...r, weight: 5 } : r));
  return { ...body, spec: { ...spec, requirements } };
}

/** How `ctx` looked `age` days before `now`. */
export function contextAt(ctx: CheckContext, age: number, now: Date): CheckContext {
  const name = ctx.ref.startsWith(C) ? ctx.ref.slice(C.length) : undefined;
  const team = ctx.owner?.ref.replace(/^group:default\//, '');
  const later = STORY.filter((e) => e.daysAgo < age);
  let entity = ctx.entity;
  let ownerEntity = ctx.owner?.entity;
  const data: Record<string, unknown> = { ...ctx.data };
  for (const e of later) {
    if (e.kind === 'annotation' && e.entity === name) entity = withoutAnnotation(entity, e.key);
    else if (e.kind === 'team-annotation' && e.team === team && ownerEntity) ownerEntity = withoutAnnotation(ownerEntity, e.key);
    else if (e.kind === 'rotation' && e.team === team && ownerEntity) ownerEntity = shorterRotation(ownerEntity, e.before);
    else if (e.kind === 'violation' && e.entity === name && data.graph) data.graph = { ...(data.graph as object), violations: [] };
    else if (e.kind === 'cycle' && name && e.entities.includes(name) && data.graph) data.graph = { ...(data.graph as object), inCycle: false, cycle: [], cyclePath: [], blocked: false };
  }
  if (data.facts) data.facts = factsAt(data.facts as Record<string, Fact>, now.getTime() - age * DAY_MS);
  const owner = ctx.owner && ownerEntity !== ctx.owner.entity ? { ...ctx.owner, entity: ownerEntity } : ctx.owner;
  return { ...ctx, entity, owner, data };
}

function withoutAnnotation(e: Entity, key: string): Entity {
  const annotations = { ...(e.metadata.annotations ?? {}) };
  if (!(key in annotations)) return e;
  delete annotations[key];
  return { ...e, metadata: { ...e.metadata, annotations } };
}

function shorterRotation(e: Entity, keep: number): Entity {
  const rotation = e.metadata.annotations?.['tally.dev/oncall-rotation'];
  if (!rotation) return e;
  const people = rotation.split(',').slice(0, keep).join(',');
  return { ...e, metadata: { ...e.metadata, annotations: { ...e.metadata.annotations, 'tally.dev/oncall-rotation': people } } };
}

/** Each fact as it stood at `atMs`: a later report stands for the one a cadence (or more) before it. */
function factsAt(facts: Record<string, Fact>, atMs: number): Record<string, Fact> {
  const out: Record<string, Fact> = {};
  for (const [name, f] of Object.entries(facts)) {
    const observed = Date.parse(f.observedAt);
    if (observed <= atMs) {
      out[name] = f;
      continue;
    }
    const cadence = (CADENCE_DAYS[name] ?? DEFAULT_CADENCE_DAYS) * DAY_MS;
    const earlier = observed - Math.ceil((observed - atMs) / cadence) * cadence;
    out[name] = { name, value: predecessor(f.value), observedAt: new Date(earlier).toISOString() };
  }
  return out;
}

/** A failed report (`ok: false`) was preceded by a good one; anything else repeats. */
function predecessor(value: unknown): unknown {
  const failed = typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
  return failed ? { ok: true } : value;
}
