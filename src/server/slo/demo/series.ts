// The demo's metrics for its SLOs (examples/acme/slos/): 29 days of a payments service answering
// 20 requests/s, with two incidents (errors) and two slow spells (latency), written as OpenMetrics
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
  const buckets: [string, (t: number) => number][] = [
    ['0.1', (t) => (inside(t, slow) ? 12 : 19.9)],
    ['0.3', (t) => (inside(t, slow) ? 15 : 20)],
    ['1', () => 20],
    ['+Inf', () => 20],
  ];
  const lines: string[] = [];
  const series = (head: string, rate: (t: number) => number) => {
    let value = 0;
    for (let t = start; t <= end; t += STEP) {
      lines.push(`${head} ${Math.round(value * 1000) / 1000} ${t}`);
      value += rate(t) * STEP;
    }
  };
  lines.push('# TYPE http_requests counter');
  series('http_requests_total{job="payments",code="200"}', (t) => 20 - errorRate(t));
  series('http_requests_total{job="payments",code="500"}', errorRate);
  lines.push('# TYPE http_request_duration_seconds histogram');
  for (const [le, rate] of buckets) series(`http_request_duration_seconds_bucket{job="payments",le="${le}"}`, rate);
  series('http_request_duration_seconds_count{job="payments"}', () => 20);
  series('http_request_duration_seconds_sum{job="payments"}', () => 1.2);
  lines.push('# EOF', '');
  return lines.join('\n');
}
