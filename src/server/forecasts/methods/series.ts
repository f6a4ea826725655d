// A series as Prometheus stores it: timestamps in milliseconds, float values (NaN and ±Inf
// allowed), in time order. Held as two typed arrays so 10,000 series of 10,000 points stay cheap.
// `selectRange` picks the samples Prometheus 2.42 gives a range selector `x[range]` evaluated at
// `at`: timestamps in [at - range, at] — both ends included in 2.x (3.0 made the left end open;
// the system test against Prometheus 2.42 fails with a left-open range). Staleness markers are
// never part of a range, so readers drop them when they read a series (methods/csv.ts).

export interface Series {
  /** Milliseconds since the epoch, strictly increasing. */
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/** The first index whose timestamp is >= ms (binary search). */
export function lowerBound(t: Float64Array, ms: number, from = 0, to = t.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The samples of `x[rangeMs]` at `atMs`, as Prometheus 2.42 selects them (a view, not a copy). */
export function selectRange(s: Series, atMs: number, rangeMs: number): Series {
  const lo = lowerBound(s.t, atMs - rangeMs);
  const hi = lowerBound(s.t, atMs + 1, lo);
  return { t: s.t.subarray(lo, hi), v: s.v.subarray(lo, hi) };
}
