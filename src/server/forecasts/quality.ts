// Why a series cannot carry a forecast of exhaustion: too few samples, NaN or infinite values,
// gaps, a constant value, counter resets. Each reason is a sentence a person acts on; a forecast
// with a reason has no date (never a made-up one).
import { formatDuration } from '../../common/duration.ts';
import type { Series } from './methods/series.ts';

export const MIN_SAMPLES = 10;
/** A step this many times the usual one is a gap. */
export const GAP_FACTOR = 5;

export type SeriesKind = 'gauge' | 'counter';

const iso = (ms: number) => new Date(ms).toISOString();

/** The usual step between samples (the median), in ms. */
export function usualStep(s: Series): number {
  const d = new Float64Array(s.t.length - 1);
  for (let i = 1; i < s.t.length; i++) d[i - 1] = s.t[i] - s.t[i - 1];
  d.sort();
  return d.length === 0 ? 0 : d[d.length >> 1];
}

/** The first reason the history cannot be forecast, or undefined when it can. */
export function seriesProblem(s: Series, kind: SeriesKind, min = MIN_SAMPLES, allowConstant = false): string | undefined {
  const n = s.t.length;
  if (n < min) return `too few samples: ${n} in the history, at least ${min} are needed`;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(s.v[i])) return `the history holds ${Number.isNaN(s.v[i]) ? 'NaN' : 'an infinite value'} at ${iso(s.t[i])}: fix the query or shorten the range`;
  }
  const step = usualStep(s);
  for (let i = 1; i < n; i++) {
    const d = s.t[i] - s.t[i - 1];
    if (d > GAP_FACTOR * step) return `a gap of ${formatDuration(d)} between ${iso(s.t[i - 1])} and ${iso(s.t[i])} (the usual step is ${formatDuration(step)})`;
  }
  if (kind === 'counter') {
    for (let i = 1; i < n; i++) {
      if (s.v[i] < s.v[i - 1]) return `counter reset at ${iso(s.t[i])} (${s.v[i - 1]} → ${s.v[i]}): the consumed quantity restarted, so its trend is unknown across the reset`;
    }
  }
  if (allowConstant) return undefined;
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = s.v[i] === s.v[0];
  if (constant) return `usage is constant (${s.v[0]}): there is no trend to extrapolate`;
  return undefined;
}
