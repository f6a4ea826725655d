// OpenSLO v1 documents (`apiVersion: openslo/v1`), read unchanged from the catalog sources:
// SLO, SLI, AlertPolicy, AlertCondition, DataSource (and Service, AlertNotificationTarget, read
// and kept so the set's references resolve). parseOpenSlo turns one document into a value or
// problems naming the field; resolveSlos (slo-set.ts) ties the references together.
// Tally's rules on top of the standard: a time window is mandatory, the objective is inside
// (0, 100) %, and the SLI's queries are PromQL (checked by Prometheus's own parser, promql.ts).
import { z } from 'zod';
import { problem, zodProblems, type Problem } from '../platform/problems.ts';
import { DURATION_HINT, parseDuration } from './duration.ts';

export const OPENSLO_API_VERSION = 'openslo/v1';
export const OPENSLO_KINDS = ['SLO', 'SLI', 'AlertPolicy', 'AlertCondition', 'DataSource', 'Service', 'AlertNotificationTarget'] as const;
export type OpenSloKindName = (typeof OPENSLO_KINDS)[number];

/** Where a value came from: the file, the document, and the field path of the value's root. */
export interface At {
  file?: string;
  doc?: number;
}

/** A ratio SLI gives good (or bad) and total events as PromQL; a threshold SLI one series judged by the objective. */
export type Indicator =
  | { kind: 'ratio'; good?: string; bad?: string; total: string; counter: boolean; source?: string; field: string }
  | { kind: 'threshold'; query: string; source?: string; field: string };

/** A multi-window burn-rate condition: fire when the error rate over both windows exceeds factor × budget. */
export interface BurnCondition {
  name: string;
  severity: string;
  factor: number;
  longSeconds: number;
  shortSeconds: number;
}

export interface AlertPolicyValue {
  name: string;
  conditions: (BurnCondition | { ref: string; field: string })[];
}

export interface SloValue {
  name: string;
  displayName?: string;
  description?: string;
  service: string;
  window: { seconds: number; rolling: boolean; calendar?: { startTime: string; timeZone: string } };
  budgetingMethod: 'Occurrences' | 'Timeslices' | 'RatioTimeslices';
  indicator: Indicator | { ref: string; field: string };
  /** Objective as a ratio in (0, 1); `budget` is 1 − target computed the way people write it ((100 − 99.9) / 100). */
  target: number;
  targetPercent: number;
  budget: number;
  /** Threshold SLIs: a timeslice is good when `value op threshold`. */
  op?: 'lt' | 'lte' | 'gt' | 'gte';
  threshold?: number;
  timeSliceSeconds?: number;
  alertPolicies: (AlertPolicyValue | { ref: string; field: string })[];
  labels: Record<string, string>;
  runbook?: string;
  /** The histogram's bucket selector for the inverted curve (annotation tally.dev/histogram), when the SLI's queries do not name one. */
  histogram?: string;
}

export type OpenSloDoc =
  | { kind: 'SLO'; name: string; value: SloValue }
  | { kind: 'SLI'; name: string; value: Indicator }
  | { kind: 'AlertPolicy'; name: string; value: AlertPolicyValue }
  | { kind: 'AlertCondition'; name: string; value: BurnCondition }
  | { kind: 'DataSource'; name: string; value: { server: string } }
  | { kind: 'Service' | 'AlertNotificationTarget'; name: string; value: Record<string, never> };

export const RUNBOOK_ANNOTATION = 'tally.dev/runbook';
export const HISTOGRAM_ANNOTATION = 'tally.dev/histogram';
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const nameSchema = z.string().regex(NAME, 'a lower-case DNS label: letters, digits and -, at most 63');
const query = z.string().min(1).max(8192);
const metadata = z.looseObject({
  name: nameSchema,
  displayName: z.string().max(200).optional(),
  labels: z.record(z.string(), z.union([z.string().max(200), z.array(z.string().max(200)).max(20)])).optional(),
  annotations: z.record(z.string(), z.string().max(2000)).optional(),
});
const metricSource = z.looseObject({
  metricSourceRef: z.string().max(200).optional(),
  type: z.string().max(100).optional(),
  spec: z.looseObject({ query }),
});
const metric = z.looseObject({ metricSource });
const sliSpec = z.looseObject({
  thresholdMetric: metric.optional(),
  ratioMetric: z
    .looseObject({
      counter: z.boolean().default(true),
      good: metric.optional(),
      bad: metric.optional(),
      total: metric,
    })
    .optional(),
});
const inlineSli = z.looseObject({ metadata: metadata.optional(), spec: sliSpec });
const conditionSpec = z.looseObject({
  severity: z.string().min(1).max(50),
  condition: z.looseObject({
    kind: z.literal('burnrate'),
    op: z.enum(['gt', 'gte']).default('gte'),
    threshold: z.number().positive().max(1_000_000),
    lookbackWindow: z.string(),
    alertAfter: z.string().optional(),
  }),
});
const policySpec = z.looseObject({
  conditions: z
    .array(z.union([z.looseObject({ conditionRef: nameSchema }), z.looseObject({ kind: z.literal('AlertCondition'), metadata, spec: conditionSpec })]))
    .min(1)
    .max(10),
});
const sloSpec = z.looseObject({
  description: z.string().max(2000).optional(),
  service: z.string().min(1).max(253),
  indicator: inlineSli.optional(),
  indicatorRef: nameSchema.optional(),
  timeWindow: z
    .array(
      z.looseObject({
        duration: z.string(),
        isRolling: z.boolean().default(true),
        calendar: z.looseObject({ startTime: z.string().min(1), timeZone: z.string().min(1) }).optional(),
      }),
    )
    .max(1, 'one time window per SLO'),
  budgetingMethod: z.enum(['Occurrences', 'Timeslices', 'RatioTimeslices']).default('Occurrences'),
  objectives: z
    .array(
      z.looseObject({
        displayName: z.string().max(200).optional(),
        op: z.enum(['lt', 'lte', 'gt', 'gte']).optional(),
        value: z.number().optional(),
        target: z.number().optional(),
        targetPercent: z.number().optional(),
        timeSliceWindow: z.string().optional(),
      }),
    )
    .min(1)
    .max(1, 'Tally reads one objective per SLO; write one SLO per objective'),
  alertPolicies: z
    .array(z.union([z.looseObject({ alertPolicyRef: nameSchema }), z.looseObject({ kind: z.literal('AlertPolicy'), metadata, spec: policySpec })]))
    .max(10)
    .default([]),
});
const dataSourceSpec = z.looseObject({ type: z.string().min(1).max(100), connectionDetails: z.looseObject({ server: z.string().max(100).optional() }).optional() });

/** One openslo/v1 document → its value, or problems naming the field. Pure. */
export function parseOpenSlo(body: Record<string, unknown>, at: At): { value?: OpenSloDoc; name?: string; problems: Problem[] } {
  const kind = body.kind as string;
  if (!(OPENSLO_KINDS as readonly string[]).includes(kind)) return { problems: [problem(`unknown OpenSLO kind "${kind}"; Tally reads ${OPENSLO_KINDS.join(', ')}`, { ...at, field: 'kind' })] };
  const meta = metadata.safeParse(body.metadata);
  if (!meta.success) return { problems: zodProblems(meta.error, at, 'metadata') };
  const name = meta.data.name;
  const problems: Problem[] = [];
  const spec = <T extends z.ZodType>(schema: T): z.infer<T> | undefined => {
    const r = schema.safeParse(body.spec);
    if (!r.success) problems.push(...zodProblems(r.error, at, 'spec'));
    return r.success ? r.data : undefined;
  };
  const done = (value: OpenSloDoc | undefined) => (value && problems.length === 0 ? { value, name, problems } : { name, problems });
  switch (kind as OpenSloKindName) {
    case 'SLO': {
      // The window first: an SLO without one is refused by name before anything else is judged.
      const raw = body.spec as { timeWindow?: unknown } | undefined;
      if (!raw || raw.timeWindow === undefined || (Array.isArray(raw.timeWindow) && raw.timeWindow.length === 0)) {
        problems.push(problem('an SLO needs a time window: add timeWindow: [{ duration: 28d, isRolling: true }] (rolling) or a calendar window', { ...at, field: 'spec.timeWindow' }));
        return { name, problems };
      }
      const s = spec(sloSpec);
      return done(s && sloValue(name, meta.data, s, at, problems));
    }
    case 'SLI': {
      const s = spec(sliSpec);
      const ind = s && indicatorOf(s, 'spec', at, problems);
      return done(ind && { kind: 'SLI', name, value: ind });
    }
    case 'AlertPolicy': {
      const s = spec(policySpec);
      return done(s && policyValue(name, s, 'spec', at, problems));
    }
    case 'AlertCondition': {
      const s = spec(conditionSpec);
      return done(s && conditionValue(name, s, 'spec', at, problems));
    }
    case 'DataSource': {
      const s = spec(dataSourceSpec);
      if (s && s.type.toLowerCase() !== 'prometheus') problems.push(problem(`Tally reads Prometheus data sources; "${s.type}" is not one`, { ...at, field: 'spec.type' }));
      return done(s && { kind: 'DataSource', name, value: { server: s.connectionDetails?.server ?? name } });
    }
    default:
      return { value: { kind: kind as 'Service', name, value: {} }, name, problems };
  }
}

function sloValue(name: string, meta: z.infer<typeof metadata>, s: z.infer<typeof sloSpec>, at: At, problems: Problem[]): OpenSloDoc | undefined {
  const w = s.timeWindow[0];
  const seconds = parseDuration(w.duration);
  if (seconds === undefined) problems.push(problem(`"${w.duration}" is not a window Tally reads; ${DURATION_HINT}`, { ...at, field: 'spec.timeWindow[0].duration' }));
  else if (seconds < 3600 || seconds > 400 * 86_400) problems.push(problem(`a window of ${w.duration} is out of range: 1h to 400d`, { ...at, field: 'spec.timeWindow[0].duration' }));
  if (!w.isRolling && !w.calendar) problems.push(problem('a calendar window (isRolling: false) needs calendar: { startTime, timeZone }', { ...at, field: 'spec.timeWindow[0].calendar' }));
  if (w.calendar && Number.isNaN(Date.parse(w.calendar.startTime.replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(w.calendar.startTime) ? '' : 'Z')))) {
    problems.push(problem(`"${w.calendar.startTime}" is not a time; write YYYY-MM-DD HH:MM:SS`, { ...at, field: 'spec.timeWindow[0].calendar.startTime' }));
  }
  if (!s.indicator && !s.indicatorRef) problems.push(problem('an SLO needs an indicator: inline `indicator:` or `indicatorRef:` naming an SLI', { ...at, field: 'spec.indicator' }));
  if (s.indicator && s.indicatorRef) problems.push(problem('give either indicator or indicatorRef, not both', { ...at, field: 'spec.indicatorRef' }));
  const o = s.objectives[0];
  const of = 'spec.objectives[0]';
  let targetPercent: number | undefined;
  if (o.targetPercent !== undefined && o.target !== undefined) problems.push(problem('give either target (a ratio) or targetPercent, not both', { ...at, field: `${of}.targetPercent` }));
  else if (o.targetPercent !== undefined) {
    if (!(o.targetPercent > 0 && o.targetPercent < 100)) problems.push(problem(`targetPercent ${o.targetPercent} is outside (0, 100)`, { ...at, field: `${of}.targetPercent` }));
    else targetPercent = o.targetPercent;
  } else if (o.target !== undefined) {
    if (!(o.target > 0 && o.target < 1)) problems.push(problem(`target ${o.target} is outside (0, 1) — write 0.999 for 99.9 %, or use targetPercent`, { ...at, field: `${of}.target` }));
    else targetPercent = Number((o.target * 100).toPrecision(12));
  } else problems.push(problem('an objective needs target (0–1) or targetPercent (0–100)', { ...at, field: of }));
  const indicator = s.indicator ? indicatorOf(s.indicator.spec, 'spec.indicator.spec', at, problems) : s.indicatorRef ? { ref: s.indicatorRef, field: 'spec.indicatorRef' } : undefined;
  let timeSliceSeconds: number | undefined;
  if (o.timeSliceWindow !== undefined) {
    timeSliceSeconds = parseDuration(o.timeSliceWindow);
    if (timeSliceSeconds === undefined) problems.push(problem(`"${o.timeSliceWindow}" is not a duration; ${DURATION_HINT}`, { ...at, field: `${of}.timeSliceWindow` }));
  }
  if ((o.op === undefined) !== (o.value === undefined)) problems.push(problem('a threshold objective needs both op and value', { ...at, field: `${of}.${o.op === undefined ? 'op' : 'value'}` }));
  const policies = s.alertPolicies.map((p, i) =>
    'alertPolicyRef' in p ? { ref: p.alertPolicyRef as string, field: `spec.alertPolicies[${i}].alertPolicyRef` } : policyValue(p.metadata.name, p.spec as z.infer<typeof policySpec>, `spec.alertPolicies[${i}].spec`, at, problems).value,
  );
  if (seconds === undefined || targetPercent === undefined || !indicator) return undefined;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta.labels ?? {})) labels[k] = Array.isArray(v) ? v.join(',') : v;
  return {
    kind: 'SLO',
    name,
    value: {
      name,
      displayName: meta.displayName ?? o.displayName,
      description: s.description,
      service: s.service,
      window: { seconds, rolling: w.isRolling, calendar: w.calendar ? { startTime: w.calendar.startTime, timeZone: w.calendar.timeZone } : undefined },
      budgetingMethod: s.budgetingMethod,
      indicator,
      targetPercent,
      target: targetPercent / 100,
      budget: (100 - targetPercent) / 100,
      op: o.op,
      threshold: o.value,
      timeSliceSeconds: timeSliceSeconds ?? (o.op ? 60 : undefined),
      alertPolicies: policies,
      labels,
      runbook: meta.annotations?.[RUNBOOK_ANNOTATION],
      histogram: meta.annotations?.[HISTOGRAM_ANNOTATION],
    },
  };
}

const PLACEHOLDER = /\{\{\s*\.?window\s*\}\}/;

function indicatorOf(s: z.infer<typeof sliSpec>, field: string, at: At, problems: Problem[]): Indicator | undefined {
  if (!!s.thresholdMetric === !!s.ratioMetric) {
    problems.push(problem('an SLI is either a ratioMetric (good or bad, and total) or a thresholdMetric', { ...at, field }));
    return undefined;
  }
  if (s.thresholdMetric) {
    const m = s.thresholdMetric.metricSource;
    return { kind: 'threshold', query: m.spec.query, source: m.metricSourceRef, field: `${field}.thresholdMetric.metricSource.spec.query` };
  }
  const r = s.ratioMetric!;
  if (!!r.good === !!r.bad) {
    problems.push(problem('a ratioMetric needs good or bad (one of them) beside total', { ...at, field: `${field}.ratioMetric` }));
    return undefined;
  }
  const rf = `${field}.ratioMetric`;
  const queries = { good: r.good?.metricSource.spec.query, bad: r.bad?.metricSource.spec.query, total: r.total.metricSource.spec.query };
  if (!r.counter) {
    for (const [k, q] of Object.entries(queries)) {
      if (q !== undefined && !PLACEHOLDER.test(q)) problems.push(problem('counter: false needs a {{window}} placeholder in the query (e.g. sum(rate(x[{{window}}]))); Tally cannot rate a gauge', { ...at, field: `${rf}.${k}.metricSource.spec.query` }));
    }
  }
  const source = r.total.metricSource.metricSourceRef;
  return { kind: 'ratio', good: queries.good, bad: queries.bad, total: queries.total, counter: r.counter, source, field: rf };
}

function policyValue(name: string, s: z.infer<typeof policySpec>, field: string, at: At, problems: Problem[]): { kind: 'AlertPolicy'; name: string; value: AlertPolicyValue } {
  const conditions = s.conditions.map((c, i) => {
    const f = `${field}.conditions[${i}]`;
    if ('conditionRef' in c) return { ref: c.conditionRef as string, field: `${f}.conditionRef` };
    const inline = c as { metadata: { name: string }; spec: z.infer<typeof conditionSpec> };
    return conditionValue(inline.metadata.name, inline.spec, `${f}.spec`, at, problems)?.value;
  });
  return { kind: 'AlertPolicy', name, value: { name, conditions: conditions.filter((c): c is NonNullable<typeof c> => !!c) } };
}

function conditionValue(name: string, s: z.infer<typeof conditionSpec>, field: string, at: At, problems: Problem[]): { kind: 'AlertCondition'; name: string; value: BurnCondition } | undefined {
  const long = parseDuration(s.condition.lookbackWindow);
  if (long === undefined) problems.push(problem(`"${s.condition.lookbackWindow}" is not a duration; ${DURATION_HINT}`, { ...at, field: `${field}.condition.lookbackWindow` }));
  const short = s.condition.alertAfter !== undefined ? parseDuration(s.condition.alertAfter) : long !== undefined ? Math.max(60, Math.round(long / 12 / 60) * 60) : undefined;
  if (s.condition.alertAfter !== undefined && short === undefined) problems.push(problem(`"${s.condition.alertAfter}" is not a duration; ${DURATION_HINT}`, { ...at, field: `${field}.condition.alertAfter` }));
  if (long !== undefined && short !== undefined && short >= long) problems.push(problem('the short window (alertAfter) must be shorter than lookbackWindow', { ...at, field: `${field}.condition.alertAfter` }));
  if (long === undefined || short === undefined) return undefined;
  return { kind: 'AlertCondition', name, value: { name, severity: s.severity, factor: s.condition.threshold, longSeconds: long, shortSeconds: short } };
}
