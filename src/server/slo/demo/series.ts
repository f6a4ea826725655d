// The demo's metrics for its SLOs (examples/acme/slos/): 29 days of a payments service answering
// 20 requests/s, with two incidents (errors) and two slow spells (latency; a histogram of ten
// buckets, for the budget of the p99 SLO and the inverted curve), written as OpenMetrics
// for `promtool tsdb create-blocks-from openmetrics`. Deterministic for a given end time.
const STEP = 120;
const HOUR = 3600;
const DAY = 86_400;

interface Spell {
  from: number;
  to: number;
}
const inside = (t: number, spells: Spell[]) => spells.some((s) => t >= s.from && t < s.to);

/** OpenMetrics text of counters that grow by `rate(t)` per second, sampled every two minutes up to `end`. */
export function demoOpenMetrics(end: number, days = 29): string {
  return [...demoOpenMetricsChunks(end, days)].join('');
}

/** The same text in chunks of a few thousand lines, so a server can write it without blocking its event loop. */
export function* demoOpenMetricsChunks(end: number, days = 29): Generator<string> {
  const start = end - days * DAY;
  const incidents: Spell[] = [
    { from: end - 4 * DAY, to: end - 4 * DAY + HOUR },
    { from: end - DAY, to: end - DAY + 20 * 60 },
  ];
  const slow: Spell[] = [
    { from: end - 9 * DAY, to: end - 9 * DAY + 5 * HOUR },
    { from: end - 2 * DAY, to: end - 2 * DAY + 4 * HOUR },
  ];
  const errorRate = (t: number) => (inside(t, incidents) ? 2 : 0.01);
  // Cumulative requests/s under each bound, normally and in a slow spell: most answers take
  // 10–50 ms, 99.5 % are under 100 ms, and a slow spell pushes a quarter past 300 ms. The bounds of
  // the SLOs' objectives (0.1, 0.3) are buckets, so they are measured rather than interpolated.
  const buckets: [string, number, number][] = [
    ['0.005', 1, 0.5],
    ['0.01', 4, 1.5],
    ['0.025', 10, 4],
    ['0.05', 16, 8],
    ['0.1', 19.9, 12],
    ['0.25', 19.97, 14],
    ['0.3', 20, 15],
    ['0.5', 20, 17],
    ['1', 20, 20],
    ['+Inf', 20, 20],
  ];
  function* series(head: string, rate: (t: number) => number): Generator<string> {
    let value = 0;
    let chunk: string[] = [];
    for (let t = start; t <= end; t += STEP) {
      chunk.push(`${head} ${Math.round(value * 1000) / 1000} ${t}\n`);
      value += rate(t) * STEP;
      if (chunk.length === 2000) {
        yield chunk.join('');
        chunk = [];
      }
    }
    yield chunk.join('');
  }
  yield '# TYPE http_requests counter\n';
  yield* series('http_requests_total{job="payments",code="200"}', (t) => 20 - errorRate(t));
  yield* series('http_requests_total{job="payments",code="500"}', errorRate);
  yield '# TYPE http_request_duration_seconds histogram\n';
  for (const [le, normal, slowly] of buckets) yield* series(`http_request_duration_seconds_bucket{job="payments",le="${le}"}`, (t) => (inside(t, slow) ? slowly : normal));
  yield* series('http_request_duration_seconds_count{job="payments"}', () => 20);
  yield* series('http_request_duration_seconds_sum{job="payments"}', () => 1.2);
  yield '# EOF\n';
}
