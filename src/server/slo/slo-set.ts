// The set of OpenSLO documents as a whole: names unique per kind, and every reference
// (indicatorRef, alertPolicyRef, conditionRef, metricSourceRef) resolved. What comes out is one
// self-contained ResolvedSlo per SLO: its indicator, its Prometheus server, its burn-rate
// conditions (the SLO's alert policies, else the configured defaults scaled to its window).
import { problem, type Problem } from '../platform/problems.ts';
import type { At, BurnCondition, Indicator, OpenSloDoc, SloValue } from './openslo.ts';

export interface ResolvedSlo extends Omit<SloValue, 'indicator' | 'alertPolicies'> {
  indicator: Indicator;
  /** The tally.yaml Prometheus server the SLI is read from. */
  server: string;
  conditions: BurnCondition[];
  /** True when the conditions came from the SLO's own alert policies. */
  ownConditions: boolean;
  file?: string;
  doc?: number;
}

/** A default multi-window pair: fire when `budgetPercent` % of the window's budget burns within `long`. */
export interface DefaultWindow {
  severity: string;
  budgetPercent: number;
  long: number;
  short: number;
}

/** The Google SRE workbook's pairs: page at 2 % in 1 h and 5 % in 6 h; ticket at 10 % in 1 d and 3 d. */
export const DEFAULT_WINDOWS: DefaultWindow[] = [
  { severity: 'page', budgetPercent: 2, long: 3600, short: 300 },
  { severity: 'page', budgetPercent: 5, long: 6 * 3600, short: 1800 },
  { severity: 'ticket', budgetPercent: 10, long: 86_400, short: 2 * 3600 },
  { severity: 'ticket', budgetPercent: 10, long: 3 * 86_400, short: 6 * 3600 },
];

/** Burn factor for a window: the share of the budget allowed to burn within `long`, scaled to the SLO window (30 d → 14.4, 6, 3, 1). */
export function burnFactor(w: DefaultWindow, windowSeconds: number): number {
  return Number(((w.budgetPercent / 100) * (windowSeconds / w.long)).toPrecision(12));
}

export function defaultConditions(windowSeconds: number, windows: readonly DefaultWindow[] = DEFAULT_WINDOWS): BurnCondition[] {
  return windows.map((w) => ({ name: `${w.severity}-${w.long}`, severity: w.severity, factor: burnFactor(w, windowSeconds), longSeconds: w.long, shortSeconds: w.short }));
}

export interface SetItem {
  value: OpenSloDoc;
  at: At;
}

export function resolveSlos(items: readonly SetItem[], opts: { windows?: readonly DefaultWindow[]; defaultServer?: string } = {}): { slos: ResolvedSlo[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const byKind = new Map<string, Map<string, SetItem>>();
  for (const item of items) {
    const m = byKind.get(item.value.kind) ?? new Map<string, SetItem>();
    const seen = m.get(item.value.name);
    if (seen) problems.push(problem(`${item.value.kind} "${item.value.name}" is defined twice (also in ${seen.at.file ?? 'another document'})`, { ...item.at, field: 'metadata.name' }));
    else m.set(item.value.name, item);
    byKind.set(item.value.kind, m);
  }
  const find = <K extends OpenSloDoc['kind']>(kind: K, name: string) => byKind.get(kind)?.get(name)?.value as Extract<OpenSloDoc, { kind: K }> | undefined;
  const slos: ResolvedSlo[] = [];
  for (const item of byKind.get('SLO')?.values() ?? []) {
    const slo = (item.value as Extract<OpenSloDoc, { kind: 'SLO' }>).value;
    const at = item.at;
    const before = problems.length;
    let indicator: Indicator | undefined;
    if ('ref' in slo.indicator) {
      indicator = find('SLI', slo.indicator.ref)?.value;
      if (!indicator) problems.push(problem(`no SLI named "${slo.indicator.ref}" in the sources`, { ...at, field: slo.indicator.field }));
    } else indicator = slo.indicator;
    if (indicator?.kind === 'threshold' && slo.op === undefined) problems.push(problem('a threshold SLI needs an objective with op and value (e.g. op: lte, value: 0.25)', { ...at, field: 'spec.objectives[0].op' }));
    if (indicator?.kind === 'ratio' && slo.op !== undefined) problems.push(problem('op and value belong to threshold SLIs; a ratio SLI has a target only', { ...at, field: 'spec.objectives[0].op' }));
    const conditions: BurnCondition[] = [];
    for (const p of slo.alertPolicies) {
      const policy = 'ref' in p ? find('AlertPolicy', p.ref)?.value : p;
      if (!policy) {
        problems.push(problem(`no AlertPolicy named "${(p as { ref: string }).ref}" in the sources`, { ...at, field: (p as { field: string }).field }));
        continue;
      }
      for (const c of policy.conditions) {
        const cond = 'ref' in c ? find('AlertCondition', c.ref)?.value : c;
        if (cond) conditions.push(cond);
        else problems.push(problem(`no AlertCondition named "${(c as { ref: string }).ref}" (used by AlertPolicy ${policy.name})`, { ...at, field: 'spec.alertPolicies' }));
      }
    }
    let server = opts.defaultServer ?? 'default';
    if (indicator?.source) server = find('DataSource', indicator.source)?.value.server ?? indicator.source;
    if (problems.length > before || !indicator) continue;
    const own = conditions.length > 0;
    const { indicator: _i, alertPolicies: _p, ...rest } = slo;
    slos.push({ ...rest, indicator, server, conditions: own ? conditions : defaultConditions(slo.window.seconds, opts.windows), ownConditions: own, file: at.file, doc: at.doc });
  }
  return { slos, problems };
}
