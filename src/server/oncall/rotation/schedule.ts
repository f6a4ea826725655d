// Who is on call, purely: a layer's shifts (handoffs at local wall-clock times, so a daily 09:00
// handoff stays at 09:00 across daylight-saving changes), clipped to its restrictions, the layers
// together, then the overrides on top. Instants are epoch milliseconds; time zones go through
// luxon. Everything here is a function of the rotation, the overrides and the window.
import { DateTime } from 'luxon';
import type { Layer, Override, Rotation } from './document.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export interface Segment {
  start: number;
  end: number;
  /** A user ref. */
  user: string;
  layer: string;
  /** Set when an override put this person here (the override's covered person, or null for "whoever"). */
  override?: { covers: string | null; by: string };
}

const MAX_SHIFTS = 100_000;

function at(d: DateTime, hhmm: string): DateTime {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return d.set({ hour: h, minute: m, second: 0, millisecond: 0 });
}

/** The layer's shifts that overlap [from, to): whole shifts, cut only by the layer's end and its restrictions. */
export function layerSegments(layer: Layer, from: number, to: number): Segment[] {
  const zone = layer.timeZone;
  const origin = at(DateTime.fromISO(layer.start, { zone }), layer.handoff);
  const endLimit = layer.end ? at(DateTime.fromISO(layer.end, { zone }), layer.handoff).toMillis() : Infinity;
  const boundary = (k: number) => (layer.shift.unit === 'days' ? origin.plus({ days: k * layer.shift.n }) : origin.plus({ hours: k * layer.shift.n }));
  const nominal = layer.shift.n * (layer.shift.unit === 'days' ? 86_400_000 : 3_600_000);
  const out: Segment[] = [];
  let k = Math.max(0, Math.floor((from - origin.toMillis()) / nominal) - 1);
  let s = boundary(k);
  for (let guard = 0; guard < MAX_SHIFTS; guard++, k++) {
    const next = boundary(k + 1);
    const sMs = s.toMillis();
    if (sMs >= to || sMs >= endLimit) break;
    const eMs = Math.min(next.toMillis(), endLimit);
    if (eMs <= from) {
      s = next;
      continue;
    }
    const user = layer.members[k % layer.members.length]!;
    const windows = layer.restrictions.length === 0 ? [[sMs, eMs] as const] : restricted(layer, s, sMs, eMs);
    for (const [a, b] of windows) out.push({ start: a, end: b, user, layer: layer.name });
    s = next;
  }
  return out;
}

/** [start, end) cut to the layer's restriction windows (local wall-clock times, per weekday). */
function restricted(layer: Layer, s: DateTime, sMs: number, eMs: number): [number, number][] {
  const pieces: [number, number][] = [];
  for (let d = s.startOf('day').minus({ days: 1 }); d.toMillis() < eMs; d = d.plus({ days: 1 })) {
    const weekday = WEEKDAYS[d.weekday - 1]!;
    for (const r of layer.restrictions) {
      if (!r.days.includes(weekday)) continue;
      const ws = at(d, r.from).toMillis();
      const we = (r.to <= r.from ? at(d.plus({ days: 1 }), r.to) : at(d, r.to)).toMillis();
      const a = Math.max(ws, sMs);
      const b = Math.min(we, eMs);
      if (a < b) pieces.push([a, b]);
    }
  }
  return merge(pieces);
}

function merge(pieces: [number, number][]): [number, number][] {
  pieces.sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last && p[0] <= last[1]) last[1] = Math.max(last[1], p[1]);
    else out.push([p[0], p[1]]);
  }
  return out;
}

const DAY = 86_400_000;
/** Short windows (who is on call now) are answered from a week of segments computed once per rotation object. */
const memo = new WeakMap<object, { from: number; to: number; segments: Segment[] }>();

function documentSegments(rotation: Pick<Rotation, 'layers' | 'overrides'>, from: number, to: number): Segment[] {
  if (to - from > 2 * DAY) return withOverrides(rotation.layers.flatMap((l) => layerSegments(l, from, to)), rotation.overrides, from, to);
  const hit = memo.get(rotation);
  if (hit && hit.from <= from && to <= hit.to) return hit.segments;
  const wf = Math.floor(from / DAY) * DAY - DAY;
  const wt = wf + 8 * DAY;
  const segments = withOverrides(rotation.layers.flatMap((l) => layerSegments(l, wf, wt)), rotation.overrides, wf, wt);
  memo.set(rotation, { from: wf, to: wt, segments });
  return segments;
}

/** Everyone's shifts overlapping [from, to), overrides applied, in time order. */
export function shiftsBetween(rotation: Pick<Rotation, 'layers' | 'overrides'>, extraOverrides: readonly Override[], from: number, to: number): Segment[] {
  return withOverrides(documentSegments(rotation, from, to), extraOverrides, from, to);
}

function withOverrides(base: Segment[], overrides: readonly Override[], from: number, to: number): Segment[] {
  let segments = base;
  for (const o of overrides) {
    const of = Date.parse(o.from);
    const ot = Date.parse(o.to);
    if (ot <= from || of >= to) continue;
    segments = applyOverride(segments, o, of, ot);
  }
  return segments.filter((s) => s.end > from && s.start < to).sort((a, b) => a.start - b.start || a.end - b.end);
}

function applyOverride(segments: Segment[], o: Override, of: number, ot: number): Segment[] {
  const out: Segment[] = [];
  const override = { covers: o.covers, by: o.by };
  for (const s of segments) {
    const hit = s.start < ot && of < s.end && (o.covers === null || s.user === o.covers);
    if (!hit) {
      out.push(s);
      continue;
    }
    if (s.start < of) out.push({ ...s, end: of });
    if (o.covers !== null) out.push({ ...s, start: Math.max(s.start, of), end: Math.min(s.end, ot), user: o.user, override });
    if (ot < s.end) out.push({ ...s, start: ot });
  }
  // "Whoever is on call": the override holds its whole window, gaps included.
  if (o.covers === null) out.push({ start: of, end: ot, user: o.user, layer: 'override', override });
  return out;
}

/** The person on call at `t`, with the shift that put them there; undefined in a gap. */
export function onCallAt(rotation: Pick<Rotation, 'layers' | 'overrides'>, extraOverrides: readonly Override[], t: number): Segment | undefined {
  return shiftsBetween(rotation, extraOverrides, t, t + 1).find((s) => s.start <= t && t < s.end);
}

/** The parts of [from, to) nobody covers. */
export function gapsIn(segments: readonly Segment[], from: number, to: number): { start: number; end: number }[] {
  const covered = merge(segments.map((s) => [Math.max(s.start, from), Math.min(s.end, to)] as [number, number]).filter(([a, b]) => a < b));
  const gaps: { start: number; end: number }[] = [];
  let cursor = from;
  for (const [a, b] of covered) {
    if (a > cursor) gaps.push({ start: cursor, end: a });
    cursor = Math.max(cursor, b);
  }
  if (cursor < to) gaps.push({ start: cursor, end: to });
  return gaps;
}
