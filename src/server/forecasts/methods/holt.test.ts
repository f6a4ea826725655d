// holtWintersMany answers exactly what holtWinters answers for each series (the system test
// compares holtWinters with Prometheus itself): bit for bit, for runs of equal-length series
// smoothed four at a time and for the rest (other lengths, fewer than two samples, NaN and ±Inf).
import { expect, it } from 'vitest';
import { holtWinters, holtWintersMany } from './holt.ts';
import type { Series } from './series.ts';

function series(n: number, seed: number, special?: number): Series {
  let x = seed;
  const next = () => ((x = (x * 16807) % 2147483647) / 2147483647 - 0.5) * 1000;
  const v = Float64Array.from({ length: n }, (_, i) => 1e6 + i * seed + next());
  if (special !== undefined && n > 3) v[Math.floor(n / 2)] = special;
  return { t: Float64Array.from({ length: n }, (_, i) => i * 15_000), v };
}

it('answers as holtWinters does for each series, four at a time or one by one', () => {
  const list = [
    ...Array.from({ length: 9 }, (_, i) => series(500, i + 1)),
    series(0, 1), series(1, 2), series(2, 3), series(2, 4), series(2, 5), series(2, 6),
    series(300, 7, NaN), series(300, 8, Infinity), series(300, 9, -Infinity), series(300, 10),
    series(301, 11),
  ];
  for (const [sf, tf] of [[0.5, 0.5], [0.1, 0.9], [0.9, 0.01]]) {
    const many = holtWintersMany(list, sf, tf);
    expect(many).toHaveLength(list.length);
    list.forEach((s, i) => expect(Object.is(many[i], holtWinters(s, sf, tf)), `series ${i}`).toBe(true));
  }
  expect(holtWintersMany([series(1, 1), series(0, 1)], 0.5, 0.5)).toEqual([undefined, undefined]);
});
