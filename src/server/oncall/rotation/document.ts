// The Rotation document (tally.dev/v1, kind Rotation): the owning team, layers of members taking
// shifts (start, length, handoff time, time zone, restrictions), overrides and the escalation
// policy. `parseRotation` checks one document (pure) and reports every problem, each naming the
// file, document and field; `checkRotationSet` checks rotations together and against the
// catalog's users and groups (two layers that make two primaries, unknown users, names taken).
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { problem, zodProblems, type Problem } from '../../platform/problems.ts';
import { layerSegments, WEEKDAYS } from './schedule.ts';

export const ROTATION_API_VERSION = 'tally.dev/v1';

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day, HH:MM (24 h)');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date');
const instant = z.string().max(40).refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), 'an ISO-8601 instant with its offset, e.g. 2026-12-24T18:00:00+01:00');
/** A catalog User: `priya.raman` or `user:default/priya.raman`. */
const userName = z.string().min(1).max(200);
const timeZone = z
  .string()
  .max(100)
  .superRefine((tz, ctx) => {
    if (!IANAZone.isValidZone(tz)) ctx.addIssue({ code: 'custom', message: `unknown time zone ${JSON.stringify(tz)}: use an IANA name such as Europe/Berlin` });
  });

const restriction = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)).min(1).max(7).default([...WEEKDAYS]),
  from: clock,
  /** Earlier than or equal to `from`: the window ends the next day. */
  to: clock,
});

const shift = z.union([z.enum(['daily', 'weekly']), z.strictObject({ days: z.number().int().min(1).max(28) }), z.strictObject({ hours: z.number().int().min(1).max(24 * 28) })], {
  error: "shift is 'daily', 'weekly', { days: N } or { hours: N }",
});

const layer = z.strictObject({
  name: z.string().regex(NAME, 'lower-case letters, digits and -').max(63),
  /** The first handoff's date, in the layer's time zone. */
  start: date,
  /** The time of day shifts change hands, in the layer's time zone. */
  handoff: clock.default('09:00'),
  shift: shift.default('weekly'),
  /** Defaults to the rotation's. */
  timeZone: timeZone.optional(),
  /** In order: shift k goes to members[k mod n]. */
  members: z.array(userName).min(1).max(100),
  /** When set, the layer is on call only inside these windows (its time zone), e.g. weekdays 09:00–17:00. */
  restrictions: z.array(restriction).max(21).default([]),
  /** The layer ends before this date (its time zone); absent: it goes on. */
  end: date.optional(),
});

const override = z.strictObject({
  user: userName,
  /** The person covered; absent: whoever is on call. */
  covers: userName.optional(),
  from: instant,
  to: instant,
});

/** `oncall`: this rotation's person on call; `rotation:NAME`: another's; `user:NAME` (or a bare name): a person. */
const target = z.string().min(1).max(200);
const level = z.strictObject({ notify: z.array(target).min(1).max(10), afterMinutes: z.number().int().min(1).max(24 * 60).default(15) });

export const rotationDocumentSchema = z.object({
  apiVersion: z.literal(ROTATION_API_VERSION),
  kind: z.literal('Rotation'),
  metadata: z.object({ name: z.string().regex(NAME, 'lower-case letters, digits and -').max(63), title: z.string().max(200).optional(), description: z.string().max(2000).optional() }),
  spec: z.strictObject({
    /** The owning team: a catalog Group (`team-payments` or `group:default/team-payments`). */
    owner: z.string().min(1).max(200),
    timeZone: timeZone,
    /** Services paged through this rotation besides those of its owner (component names or refs). */
    services: z.array(z.string().min(1).max(200)).max(500).default([]),
    layers: z.array(layer).min(1).max(10),
    overrides: z.array(override).max(500).default([]),
    escalation: z
      .strictObject({
        levels: z.array(level).min(1).max(10),
        /** How many times the whole policy runs again after its last level. */
        repeat: z.number().int().min(0).max(9).default(0),
      })
      .default({ levels: [{ notify: ['oncall'], afterMinutes: 15 }], repeat: 0 }),
  }),
});

export type RawRotation = z.infer<typeof rotationDocumentSchema>;
export type Restriction = z.infer<typeof restriction>;

export interface Layer {
  name: string;
  start: string;
  handoff: string;
  shift: { unit: 'days' | 'hours'; n: number };
  timeZone: string;
  /** User refs. */
  members: string[];
  restrictions: Restriction[];
  end?: string;
}

export interface Override {
  id?: string;
  user: string;
  covers: string | null;
  from: string;
  to: string;
  /** `document` or the API's creator. */
  by: string;
}

export type EscalationTarget = { kind: 'oncall' } | { kind: 'rotation'; name: string } | { kind: 'user'; ref: string };

export interface Rotation {
  name: string;
  title: string | null;
  description: string | null;
  owner: string;
  timeZone: string;
  services: string[];
  layers: Layer[];
  overrides: Override[];
  escalation: { levels: { notify: EscalationTarget[]; afterMinutes: number }[]; repeat: number };
}

export const userRef = (name: string) => (name.includes(':') ? name.toLowerCase() : `user:default/${name.toLowerCase()}`);
export const groupRef = (name: string) => (name.includes(':') ? name.toLowerCase() : `group:default/${name.toLowerCase()}`);
export const componentRef = (name: string) => (name.includes(':') ? name.toLowerCase() : `component:default/${name.toLowerCase()}`);

interface At {
  file?: string;
  doc?: number;
}

/** One document → a Rotation, or every problem found. Pure. */
export function parseRotation(body: unknown, at: At = {}): { rotation?: Rotation; name?: string; problems: Problem[] } {
  const parsed = rotationDocumentSchema.safeParse(body);
  const claimed = (body as { metadata?: { name?: unknown } } | null)?.metadata?.name;
  const name = typeof claimed === 'string' ? claimed : undefined;
  if (!parsed.success) return { name, problems: zodProblems(parsed.error, at) };
  const { metadata, spec } = parsed.data;
  const problems: Problem[] = [];
  const layers: Layer[] = spec.layers.map((l) => ({
    name: l.name,
    start: l.start,
    handoff: l.handoff,
    shift: l.shift === 'daily' ? { unit: 'days', n: 1 } : l.shift === 'weekly' ? { unit: 'days', n: 7 } : 'days' in l.shift ? { unit: 'days', n: l.shift.days } : { unit: 'hours', n: l.shift.hours },
    timeZone: l.timeZone ?? spec.timeZone,
    members: l.members.map(userRef),
    restrictions: l.restrictions,
    ...(l.end ? { end: l.end } : {}),
  }));
  spec.layers.forEach((l, i) => {
    if (l.end && l.end <= l.start) problems.push(problem('end must be after start', { ...at, field: `spec.layers[${i}].end` }));
    if (spec.layers.findIndex((o) => o.name === l.name) !== i) problems.push(problem(`layer name ${l.name} is used twice`, { ...at, field: `spec.layers[${i}].name` }));
  });
  problems.push(...layerOverlaps(layers, at));
  const overrides: Override[] = spec.overrides.map((o) => ({ user: userRef(o.user), covers: o.covers ? userRef(o.covers) : null, from: new Date(o.from).toISOString(), to: new Date(o.to).toISOString(), by: 'document' }));
  overrides.forEach((o, i) => {
    if (o.to <= o.from) problems.push(problem('to must be after from', { ...at, field: `spec.overrides[${i}].to` }));
    const j = overrides.findIndex((p, k) => k < i && p.from < o.to && o.from < p.to);
    if (j >= 0) problems.push(problem(`overlaps spec.overrides[${j}] (${overrides[j]!.from} – ${overrides[j]!.to})`, { ...at, field: `spec.overrides[${i}]` }));
  });
  const levels = spec.escalation.levels.map((l, i) => ({
    afterMinutes: l.afterMinutes,
    notify: l.notify.map((t, k): EscalationTarget => {
      if (t === 'oncall') return { kind: 'oncall' };
      if (t.startsWith('rotation:')) {
        const n = t.slice('rotation:'.length);
        if (!NAME.test(n)) problems.push(problem(`not a rotation name: ${n}`, { ...at, field: `spec.escalation.levels[${i}].notify[${k}]` }));
        return { kind: 'rotation', name: n };
      }
      return { kind: 'user', ref: userRef(t.startsWith('user:') && !t.includes('/') ? t.slice('user:'.length) : t) };
    }),
  }));
  if (problems.length > 0) return { name: metadata.name, problems };
  return {
    name: metadata.name,
    problems,
    rotation: {
      name: metadata.name,
      title: metadata.title ?? null,
      description: metadata.description ?? null,
      owner: groupRef(spec.owner),
      timeZone: spec.timeZone,
      services: spec.services.map(componentRef),
      layers,
      overrides,
      escalation: { levels, repeat: spec.escalation.repeat },
    },
  };
}

/**
 * Two layers on call at the same moment would make two primaries. Restrictions repeat weekly, so
 * comparing the layers over the two weeks after the later one starts finds any overlap.
 */
function layerOverlaps(layers: readonly Layer[], at: At): Problem[] {
  const out: Problem[] = [];
  for (let i = 0; i < layers.length; i++) {
    for (let j = 0; j < i; j++) {
      const from = Math.max(Date.parse(`${layers[i]!.start}T00:00:00Z`), Date.parse(`${layers[j]!.start}T00:00:00Z`)) - 86_400_000;
      const to = from + 16 * 86_400_000;
      const a = layerSegments(layers[i]!, from, to);
      const b = layerSegments(layers[j]!, from, to);
      const clash = a.find((s) => b.some((t) => s.start < t.end && t.start < s.end));
      if (clash) {
        out.push(problem(`layer ${layers[i]!.name} is on call at the same time as layer ${layers[j]!.name} (from ${new Date(clash.start).toISOString()}), which would make two primaries: give them restrictions that do not overlap`, { ...at, field: `spec.layers[${i}].restrictions` }));
      }
    }
  }
  return out;
}

export interface Directory {
  users: ReadonlySet<string>;
  groups: ReadonlySet<string>;
}

/** Problems of rotations together and against the catalog: names used twice, unknown users and groups, unknown rotations in escalations. */
export function checkRotationSet(items: readonly { rotation: Rotation; at: At }[], dir: Directory): Problem[] {
  const out: Problem[] = [];
  const names = new Set(items.map((i) => i.rotation.name));
  const seen = new Map<string, At>();
  for (const { rotation: r, at } of items) {
    const first = seen.get(r.name);
    if (first) out.push(problem(`rotation ${r.name} is also defined in ${first.file ?? 'the API'}${first.doc !== undefined ? ` (document ${first.doc + 1})` : ''}`, { ...at, field: 'metadata.name' }));
    else seen.set(r.name, at);
    if (!dir.groups.has(r.owner)) out.push(problem(`unknown team ${r.owner}: no such Group in the catalog`, { ...at, field: 'spec.owner' }));
    r.layers.forEach((l, i) =>
      l.members.forEach((m, k) => {
        if (!dir.users.has(m)) out.push(problem(`unknown user ${m}: no such User in the catalog`, { ...at, field: `spec.layers[${i}].members[${k}]` }));
      }),
    );
    r.overrides.forEach((o, i) => {
      if (!dir.users.has(o.user)) out.push(problem(`unknown user ${o.user}: no such User in the catalog`, { ...at, field: `spec.overrides[${i}].user` }));
      if (o.covers && !dir.users.has(o.covers)) out.push(problem(`unknown user ${o.covers}: no such User in the catalog`, { ...at, field: `spec.overrides[${i}].covers` }));
    });
    r.escalation.levels.forEach((l, i) =>
      l.notify.forEach((t, k) => {
        const field = `spec.escalation.levels[${i}].notify[${k}]`;
        if (t.kind === 'user' && !dir.users.has(t.ref)) out.push(problem(`unknown user ${t.ref}: no such User in the catalog`, { ...at, field }));
        if (t.kind === 'rotation' && !names.has(t.name)) out.push(problem(`unknown rotation ${t.name}`, { ...at, field }));
      }),
    );
  }
  return out;
}
