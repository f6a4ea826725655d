// Prometheus's bucket interpolation both ways, on hand-made buckets whose answers are worked out
// by hand (curve.system.test.ts compares the same functions with Prometheus itself).
import { describe, expect, it } from 'vitest';
import { boundMeeting, curveOf, quantileOf, shareUnder, type Bucket } from './histogram.ts';
import { bucketSelector } from './histogram-source.ts';
import { suggestionOf } from './curve.ts';

// 100 observations: 50 ≤ 0.1, 90 ≤ 0.5, 99 ≤ 1, one beyond.
const B: Bucket[] = [
  { le: Infinity, count: 100 },
  { le: 0.1, count: 50 },
  { le: 1, count: 99 },
  { le: 0.5, count: 90 },
];

describe('histogram interpolation', () => {
  it('quantiles as histogram_quantile computes them', () => {
    expect(quantileOf(0.5, B)).toBeCloseTo(0.1, 12);
    expect(quantileOf(0.25, B)).toBeCloseTo(0.05, 12); // half-way through the first bucket, from 0
    expect(quantileOf(0.7, B)).toBeCloseTo(0.3, 12); // 20 of the 40 in (0.1, 0.5]
    expect(quantileOf(0.995, B)).toBe(1); // in the +Inf bucket: the highest finite bound
    expect(quantileOf(1.5, B)).toBe(Infinity);
    expect(quantileOf(0.5, [{ le: 0.1, count: 5 }])).toBeNaN(); // no +Inf bucket
    expect(quantileOf(0.5, [{ le: 0.1, count: 0 }, { le: Infinity, count: 0 }])).toBeNaN();
  });

  it('the share under a threshold is the inverse', () => {
    expect(shareUnder(0.05, B)).toBeCloseTo(0.25, 12);
    expect(shareUnder(0.3, B)).toBeCloseTo(0.7, 12);
    expect(shareUnder(0.5, B)).toBeCloseTo(0.9, 12);
    expect(shareUnder(5, B)).toBeCloseTo(0.99, 12); // past the highest bound: what is known to be under it
    for (const q of [0.1, 0.33, 0.6, 0.93]) expect(shareUnder(quantileOf(q, B), B)).toBeCloseTo(q, 12);
  });

  it('adds buckets with the same bound, and raises a count lower than the one before it', () => {
    const odd = [{ le: 0.1, count: 30 }, { le: 0.1, count: 20 }, { le: 0.5, count: 40 }, { le: Infinity, count: 100 }];
    expect(curveOf(odd)).toEqual([{ le: 0.1, share: 0.5 }, { le: 0.5, share: 0.5 }]);
  });

  it('the curve is exact at every bound; the smallest bound meeting a share', () => {
    expect(curveOf(B)).toEqual([{ le: 0.1, share: 0.5 }, { le: 0.5, share: 0.9 }, { le: 1, share: 0.99 }]);
    expect(boundMeeting(0.9, B)).toBe(0.5);
    expect(boundMeeting(0.995, B)).toBeUndefined();
  });
});

describe('the histogram behind an SLO', () => {
  it('finds the bucket selector, drops its le matcher and keeps the bound it asked for', () => {
    expect(bucketSelector('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="payments"}[5m])))')).toEqual({ selector: 'http_request_duration_seconds_bucket{job="payments"}' });
    expect(bucketSelector('http_request_duration_seconds_bucket{job="payments", le="0.1", path=~"/a,b}"}')).toEqual({ selector: 'http_request_duration_seconds_bucket{job="payments",path=~"/a,b}"}', le: 0.1 });
    expect(bucketSelector('sum(rate(http_requests_total[5m]))')).toBeUndefined();
  });
});

describe('the suggested objective', () => {
  const day = (under10ms: number, under50ms: number): Bucket[] => [{ le: 0.01, count: under10ms }, { le: 0.05, count: under50ms }, { le: 0.1, count: 1000 }, { le: Infinity, count: 1000 }];
  const days: [number, Bucket[]][] = Array.from({ length: 28 }, (_, i) => [86_400 * (i + 1), i < 3 ? day(995, 1000) : day(900, 995)]);

  it('asks whether a too-tight objective is needed, and names a bound the 28 days met', () => {
    const s = suggestionOf({ selector: 'x_bucket', threshold: 0.01, quantile: 0.99 }, days)!;
    expect(s.threshold).toBe(0.05);
    expect(s.objectiveDaysMet).toBe(3);
    expect(s.daysMet).toBe(28);
    expect(s.days).toHaveLength(28);
    expect(s.message).toContain('Do you really need 10 ms, or is 50 ms fine?');
  });

  it('without a threshold of its own, proposes one; a looser objective is kept', () => {
    expect(suggestionOf({ selector: 'x_bucket', threshold: null, quantile: 0.99 }, days)!.message).toContain('A realistic objective: 99 % under 50 ms');
    expect(suggestionOf({ selector: 'x_bucket', threshold: 0.1, quantile: 0.99 }, days)!.message).toContain('The objective of 100 ms holds (met on 28 of 28 days); even 50 ms');
  });
});
