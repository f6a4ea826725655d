// SLO → Prometheus rules: one recording rule per error-ratio window, the period's ratio and the
// budget left, and one multi-window, multi-burn-rate alert per severity (page, ticket, …) whose
// name, summary, description, runbook_url and labels tell a person at 3 AM what burns and how fast.
// Pure: the same SLOs give the same text.
import { batched, yamlChunks } from './yaml-out.ts';
import { promDuration } from './duration.ts';
import type { BurnCondition } from './openslo.ts';
import type { ResolvedSlo } from './slo-set.ts';

export interface RecordingRule {
  record: string;
  expr: string;
  labels: Record<string, string>;
}
export interface AlertingRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: (RecordingRule | AlertingRule)[];
}

export const ERROR_RATIO = 'tally:slo_error_ratio';
export const recordName = (seconds: number) => `${ERROR_RATIO}:rate${promDuration(seconds)}`;
const OPS = { lt: '<', lte: '<=', gt: '>', gte: '>=' } as const;
const SHORTEST = 300;

/** The labels every rule of the SLO carries: its name, its service, and its own metadata labels. */
export function sloLabels(slo: ResolvedSlo): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(slo.labels)) if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(k) && !k.startsWith('__')) labels[k] = v;
  return { ...labels, slo: slo.name, service: slo.service };
}

/** The error ratio over `seconds`, from the SLI's own PromQL (what Prometheus will be asked). */
export function errorRatioExpr(slo: ResolvedSlo, seconds: number): string {
  const w = promDuration(seconds);
  const i = slo.indicator;
  if (i.kind === 'threshold') {
    const slice = promDuration(Math.min(slo.timeSliceSeconds ?? 60, Math.max(60, seconds / 5)));
    return `1 - avg_over_time(((${i.query}) ${OPS[slo.op ?? 'lte']} bool ${slo.threshold})[${w}:${slice}])`;
  }
  const q = (query: string) => windowed(query, w, i.counter);
  return i.bad !== undefined ? `(${q(i.bad)})\n/\n(${q(i.total)})` : `1 - ((${q(i.good!)})\n/\n(${q(i.total)}))`;
}

/** A query with `{{window}}` gets the window put in; a counter selector is rated over it. */
export function windowed(query: string, window: string, counter: boolean): string {
  if (/\{\{\s*\.?window\s*\}\}/.test(query)) return query.replace(/\{\{\s*\.?window\s*\}\}/g, window);
  return counter ? `sum(rate(${query.trim()}[${window}]))` : query;
}

/** The windows the SLO's rules need: 5m (the period's base), every condition's short and long. */
export function ruleWindows(slo: ResolvedSlo): number[] {
  const set = new Set<number>([SHORTEST]);
  for (const c of slo.conditions) set.add(c.shortSeconds).add(c.longSeconds);
  return [...set].sort((a, b) => a - b);
}

const selector = (labels: Record<string, string>) => `{${Object.entries({ slo: labels.slo, service: labels.service }).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}}`;

export function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** `checkout` + `checkout-availability` → `CheckoutAvailability`; `payments` + `latency` → `PaymentsLatency`. */
export function alertStem(slo: ResolvedSlo): string {
  const service = slo.service.replace(/^.*[:/]/, '');
  return pascal(slo.name.startsWith(service) ? slo.name : `${service}-${slo.name}`);
}

const SEVERITY_WORDS: Record<string, string> = { page: 'ErrorBudgetBurningFast', ticket: 'ErrorBudgetBurningSteadily' };
export const alertName = (slo: ResolvedSlo, severity: string) => `${alertStem(slo)}${SEVERITY_WORDS[severity] ?? `ErrorBudgetBurn${pascal(severity)}`}`;

const pct = (n: number) => `${Number((n * 100).toPrecision(4))} %`;
function humanSeconds(s: number): string {
  if (s % 86_400 === 0) return s === 86_400 ? '1 day' : `${s / 86_400} days`;
  if (s % 3600 === 0) return s === 3600 ? '1 hour' : `${s / 3600} hours`;
  if (s >= 86_400) return `${(s / 86_400).toFixed(1)} days`;
  if (s >= 3600) return `${(s / 3600).toFixed(1)} hours`;
  return `${Math.round(s / 60)} minutes`;
}

/** The threshold the error ratio is compared with, written out: `(14.4 * 0.001)`. */
export const thresholdText = (c: BurnCondition, budget: number) => `(${c.factor} * ${budget})`;

export function alertRule(slo: ResolvedSlo, severity: string, conditions: BurnCondition[], runbook: string): AlertingRule {
  const labels = sloLabels(slo);
  const sel = selector(labels);
  const expr = conditions
    .map((c) => `(\n  ${recordName(c.shortSeconds)}${sel} > ${thresholdText(c, slo.budget)}\n  and\n  ${recordName(c.longSeconds)}${sel} > ${thresholdText(c, slo.budget)}\n)`)
    .join('\nor\n');
  const title = slo.displayName ?? slo.name;
  const windowText = humanSeconds(slo.window.seconds);
  const parts = conditions.map((c) => `${pct((c.factor * c.longSeconds) / slo.window.seconds)} of the error budget is spent within ${humanSeconds(c.longSeconds)} and still burning over the last ${humanSeconds(c.shortSeconds)} (${c.factor}× the sustainable rate: the budget would be gone in ${humanSeconds(Math.round(slo.window.seconds / c.factor))})`);
  return {
    alert: alertName(slo, severity),
    expr,
    labels: { severity },
    annotations: {
      summary: `${title} (${slo.service}) is burning its error budget ${severity === 'page' ? 'fast' : 'steadily'}: ${severity === 'page' ? 'users are affected now' : 'look at it within working hours'}`,
      description: `SLO ${slo.name} of ${slo.service} promises ${slo.targetPercent} % over ${windowText}. Fires when ${parts.join('; or ')}.`,
      runbook_url: runbook,
    },
  };
}

export function runbookFor(slo: ResolvedSlo, runbookBase: string | undefined): string | undefined {
  return slo.runbook ?? (runbookBase ? `${runbookBase.replace(/\/+$/, '')}/${encodeURIComponent(slo.name)}` : undefined);
}

export function sloRuleGroups(slo: ResolvedSlo, runbook: string): RuleGroup[] {
  const labels = sloLabels(slo);
  const sel = selector(labels);
  const recordings: RecordingRule[] = ruleWindows(slo).map((s) => ({ record: recordName(s), expr: errorRatioExpr(slo, s), labels }));
  const period = promDuration(slo.window.seconds);
  const meta: RecordingRule[] = [
    { record: `${ERROR_RATIO}:avg${period}`, expr: `avg_over_time(${recordName(SHORTEST)}${sel}[${period}])`, labels },
    { record: 'tally:slo_objective:ratio', expr: `vector(${slo.target})`, labels },
    { record: 'tally:slo_budget_remaining:ratio', expr: `1 - ${ERROR_RATIO}:avg${period}${sel} / ${slo.budget}`, labels },
  ];
  const bySeverity = new Map<string, BurnCondition[]>();
  for (const c of slo.conditions) bySeverity.set(c.severity, [...(bySeverity.get(c.severity) ?? []), c]);
  const alerts = [...bySeverity].map(([severity, cs]) => alertRule(slo, severity, cs, runbook));
  return [
    { name: `tally-slo-${slo.name}-error-ratios`, rules: recordings },
    { name: `tally-slo-${slo.name}-budget`, rules: meta },
    { name: `tally-slo-${slo.name}-alerts`, rules: alerts },
  ];
}

/** SLOs whose text makes one chunk of the streamed files: big enough to write few times, small enough to be short-lived. */
export const SLOS_PER_CHUNK = 25;

/** The rule file for the SLOs (`header` as comment lines on top), as chunks to write one after the other. */
export function* rulesYamlChunks(slos: readonly ResolvedSlo[], runbookOf: (slo: ResolvedSlo) => string, header: string): Generator<string> {
  yield `${header
    .split('\n')
    .map((l) => `# ${l}`)
    .join('\n')}\n`;
  yield* yamlChunks({}, 'groups', batched(slos, SLOS_PER_CHUNK, (s) => sloRuleGroups(s, runbookOf(s))));
}
