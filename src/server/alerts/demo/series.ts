// 28 days of demo `ALERTS{alertstate="firing"}` samples (one a minute while firing), drawn from a
// seeded generator so every demo start shows the same story: a checkout page about once a week,
// a search-indexer alert that flaps in bursts, gateway latency twice a week, a rare disk alert.
import { seededRandom } from '../../../common/random.ts';

export interface DemoAlert {
  labels: Record<string, string>;
  /** Firings per day on average, and how long each lasts (minutes, min–max). */
  perDay: number;
  minutes: [number, number];
  /** Extra firings right after each one (a flapping alert), 15–25 minutes apart. */
  flaps?: number;
}

export const DEMO_ALERTS: DemoAlert[] = [
  { labels: { alertname: 'CheckoutErrorBudgetBurningFast', service: 'checkout', team: 'team-checkout', severity: 'page' }, perDay: 1 / 6, minutes: [20, 45] },
  { labels: { alertname: 'SearchIndexerLagAboveFiveMinutes', service: 'search-indexer', team: 'team-catalog', severity: 'ticket' }, perDay: 0.6, minutes: [5, 12], flaps: 3 },
  { labels: { alertname: 'ApiGatewayLatencyAboveOneSecond', service: 'api-gateway', team: 'team-platform', severity: 'page' }, perDay: 2 / 7, minutes: [30, 90] },
  { labels: { alertname: 'NodeDiskWillFillWithinFourHours', team: 'team-platform', severity: 'warning' }, perDay: 1 / 14, minutes: [120, 240] },
  { labels: { alertname: 'PaymentsPspTimeouts', service: 'psp-adapter', team: 'team-payments', severity: 'page' }, perDay: 1 / 4, minutes: [10, 30] },
];


/** OpenMetrics text (ending `# EOF`) for the 28 days before `end` (unix seconds, whole minutes). */
export function demoAlertsOpenMetrics(end: number, days = 28): string {
  const rnd = seededRandom(16); // the same demo on every start
  let out = '';
  for (const a of DEMO_ALERTS) {
    const head = `ALERTS{${Object.entries({ ...a.labels, alertstate: 'firing' }).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
    let t = end - days * 86_400 + Math.floor(rnd() * 86_400 / a.perDay / 60) * 60;
    while (t < end - 3600) {
      let at = t;
      for (let f = 0; f <= (a.flaps ?? 0) && at < end - 3600; f++) {
        const length = Math.round(a.minutes[0] + rnd() * (a.minutes[1] - a.minutes[0]));
        for (let m = 0; m < length; m++) out += `${head} 1 ${at + m * 60}\n`;
        at += (length + 15 + Math.floor(rnd() * 10)) * 60;
      }
      t = at + Math.max(3600, Math.floor((rnd() * 2 * 86_400) / a.perDay / 60) * 60);
    }
  }
  return `${out}# EOF\n`;
}
