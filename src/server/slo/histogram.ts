// Inverted SLOs over a Prometheus histogram, with Prometheus's own bucket interpolation (the
// semantics of `histogram_quantile`): observations are spread evenly inside a bucket, the first
// bucket starts at 0 (unless its upper bound is ≤ 0), buckets with the same bound are added up,
// a count lower than the one before it is raised to it, and a quantile that falls in the +Inf
// bucket is the highest finite bound. Pure.
//   quantileOf(0.99, b)  "what latency did 99 % of requests stay under?"
//   shareUnder(0.01, b)  "what share of requests finished under 10 ms?" (the reverse)
//   curveOf(b)           threshold → share under it, exact at every bucket bound

/** One cumulative bucket: observations ≤ `le`. */
export interface Bucket {
  le: number;
  count: number;
}

/** Sorted, same bounds added up, counts made monotonic; undefined without a +Inf bucket or observations. */
export function normalise(buckets: readonly Bucket[]): Bucket[] | undefined {
  const sorted = buckets.filter((b) => !Number.isNaN(b.le) && Number.isFinite(b.count)).sort((a, b) => a.le - b.le);
  const out: Bucket[] = [];
  for (const b of sorted) {
    const last = out[out.length - 1];
    if (last && last.le === b.le) last.count += b.count;
    else out.push({ le: b.le, count: b.count });
  }
  for (let i = 1; i < out.length; i++) if (out[i].count < out[i - 1].count) out[i].count = out[i - 1].count;
  const top = out[out.length - 1];
  if (out.length < 2 || !top || top.le !== Infinity || top.count <= 0) return undefined;
  return out;
}

/** The φ-quantile as histogram_quantile(φ, …) computes it; NaN when there is nothing to interpolate. */
export function quantileOf(q: number, buckets: readonly Bucket[]): number {
  const b = normalise(buckets);
  if (!b || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const total = b[b.length - 1].count;
  let rank = q * total;
  let i = b.findIndex((x, k) => k < b.length - 1 && x.count >= rank);
  if (i === -1) i = b.length - 1;
  if (i === b.length - 1) return b[b.length - 2].le;
  if (i === 0 && b[0].le <= 0) return b[0].le;
  let start = 0;
  let count = b[i].count;
  if (i > 0) {
    start = b[i - 1].le;
    count -= b[i - 1].count;
    rank -= b[i - 1].count;
  }
  return start + (b[i].le - start) * (rank / count);
}

/** The share of observations ≤ `threshold`, interpolated the same way (the inverse of quantileOf). */
export function shareUnder(threshold: number, buckets: readonly Bucket[]): number {
  const b = normalise(buckets);
  if (!b || Number.isNaN(threshold)) return NaN;
  const total = b[b.length - 1].count;
  const finite = b.slice(0, -1);
  if (threshold >= finite[finite.length - 1].le) return finite[finite.length - 1].count / total;
  const i = finite.findIndex((x) => threshold <= x.le);
  const start = i === 0 ? Math.min(0, finite[0].le) : finite[i - 1].le;
  const below = i === 0 ? 0 : finite[i - 1].count;
  if (threshold < start) return 0;
  const width = finite[i].le - start;
  const inside = width > 0 ? (finite[i].count - below) * ((threshold - start) / width) : finite[i].count - below;
  return (below + inside) / total;
}

/** The curve: every finite bucket bound with the share of observations at or under it (exact there). */
export function curveOf(buckets: readonly Bucket[]): { le: number; share: number }[] {
  const b = normalise(buckets);
  if (!b) return [];
  const total = b[b.length - 1].count;
  return b.slice(0, -1).map((x) => ({ le: x.le, share: x.count / total }));
}

/** The smallest finite bound at which at least `q` of the observations lie (undefined: only +Inf holds them). */
export function boundMeeting(q: number, buckets: readonly Bucket[]): number | undefined {
  return curveOf(buckets).find((p) => p.share >= q - 1e-12)?.le;
}

/** Buckets from `sum by (le)` samples: the `le` label read as Prometheus writes it ("+Inf", "0.1"). */
export function bucketsFrom(samples: readonly { labels: Record<string, string>; value: number }[]): Bucket[] {
  const out: Bucket[] = [];
  for (const s of samples) {
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    if (s.labels.le !== undefined && !Number.isNaN(le)) out.push({ le, count: s.value });
  }
  return out;
}
