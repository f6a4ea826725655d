// The `slo` context provider and check type. The provider gives each service its SLOs (from the
// stored OpenSLO documents: an SLO belongs to the entity its spec.service names); the check has
// one rule per requirement:
//   { type: slo, hasSlo: {} }                         an SLO with a window exists
//   { type: slo, budgetRemaining: { min: 0.25 } }     every SLO keeps ≥ 25 % of its error budget
//                                                     (read now from Prometheus; down → error)
//   { type: slo, alertsRouted: {} }                   burn-rate alerts exist and route to a rotation
//                                                     (the on-call domain's routing of their labels)
import { z } from 'zod';
import type { SloBudget } from '../../common/api/slo.ts';
import { withRequirementMessage, type CheckType, type ContextProvider, type Outcome } from '../checks/index.ts';
import { routeAlertLabels } from '../oncall/index.ts';
import { fetchBudgets } from './budget.ts';
import { configuredWindows } from './config.ts';
import { loadSlos } from './kind.ts';
import { alertName, sloLabels } from './rules.ts';
import type { ResolvedSlo } from './slo-set.ts';

export interface SloFacts {
  count: number;
  slos: { name: string; windowDays: number; targetPercent: number; burnRateAlerts: number; team: string | null; route: SloRoute }[];
  /** The resolved SLOs themselves, for the check's budget query. */
  resolved: ResolvedSlo[];
}

/** Where the SLO's first burn-rate alert pages: the rotation, or why nobody. */
export interface SloRoute {
  alert: string | null;
  rotation: string | null;
  reason: string | null;
}

const empty = (): SloFacts => ({ count: 0, slos: [], resolved: [] });
const nameOf = (ref: string) => ref.replace(/^.*[:/]/, '').toLowerCase();

export const sloContext: ContextProvider<SloFacts> = {
  name: 'slo',
  celType: 'map<string, dyn>',
  description: "The service's SLOs (OpenSLO documents whose spec.service names it): window, objective, burn-rate alerts and the team their alerts are labelled with.",
  fields: {
    count: 'how many SLOs the service has',
    slos: 'each: name, windowDays, targetPercent, burnRateAlerts (alerting rules `tally slo rules` writes), team (its team or owner label, or null), route (alert, rotation: where its page alert routes, or null with reason)',
  },
  empty: empty(),
  async load(deps, catalog, refs) {
    const all = await loadSlos(deps.db, { windows: configuredWindows(deps.config.slo), defaultServer: deps.config.slo.server });
    const wanted = refs ?? catalog.entities.map((e) => e.ref);
    const out = new Map<string, SloFacts>();
    const mineOf = new Map<string, ResolvedSlo[]>();
    for (const ref of wanted) {
      const mine = all.filter((s) => s.service.toLowerCase() === ref || nameOf(s.service) === nameOf(ref));
      if (mine.length > 0) mineOf.set(ref, mine);
    }
    const routes = await sloRoutes(deps.db, deps.now, [...new Set([...mineOf.values()].flat())]);
    for (const [ref, mine] of mineOf) {
      out.set(ref, {
        count: mine.length,
        slos: mine.map((s) => ({ name: s.name, windowDays: s.window.seconds / 86_400, targetPercent: s.targetPercent, burnRateAlerts: new Set(s.conditions.map((c) => c.severity)).size, team: s.labels.team ?? s.labels.owner ?? null, route: routes.get(s.name)! })),
        resolved: mine,
      });
    }
    return out;
  },
  offlineReason: "SLO documents live in the server's database",
};

/** Routes each SLO's first (most urgent) burn-rate alert, with the labels `tally slo rules` gives it, as on-call would. */
async function sloRoutes(db: Parameters<typeof routeAlertLabels>[0], now: Date, slos: readonly ResolvedSlo[]): Promise<Map<string, SloRoute>> {
  const alerts = slos.map((s) => {
    const severity = s.conditions[0]?.severity;
    return severity ? { name: alertName(s, severity), labels: { ...sloLabels(s), severity, alertname: alertName(s, severity) } } : undefined;
  });
  const routed = await routeAlertLabels(db, now, alerts.filter((a) => a !== undefined).map((a) => a.labels));
  const out = new Map<string, SloRoute>();
  let k = 0;
  slos.forEach((s, i) => {
    const a = alerts[i];
    if (!a) return void out.set(s.name, { alert: null, rotation: null, reason: 'no burn-rate alerts' });
    const r = routed[k++];
    out.set(s.name, 'rotation' in r ? { alert: a.name, rotation: r.rotation, reason: null } : { alert: a.name, rotation: null, reason: r.reason });
  });
  return out;
}

export const sloCheckSchema = z
  .strictObject({
    type: z.literal('slo'),
    hasSlo: z.strictObject({}).optional(),
    budgetRemaining: z.strictObject({ min: z.number().min(-10).max(1).default(0) }).optional(),
    alertsRouted: z.strictObject({}).optional(),
    message: z.string().max(500).optional(),
  })
  .refine((c) => [c.hasSlo, c.budgetRemaining, c.alertsRouted].filter(Boolean).length === 1, { message: 'give exactly one of hasSlo, budgetRemaining, alertsRouted' });
export type SloCheckConfig = z.infer<typeof sloCheckSchema>;

const pct = (r: number) => `${Number((r * 100).toPrecision(4))} %`;

function budgetOutcome(min: number, facts: SloFacts, budgets: SloBudget[] | undefined): Outcome {
  if (facts.count === 0) return { state: 'fail', message: 'the service has no SLO' };
  if (!budgets) return { state: 'n/a', message: 'not evaluated offline: budgets are read from Prometheus' };
  const objects = budgets.map((b) => ({ kind: 'url' as const, label: `${b.slo}: ${b.message}`, url: `/slo/${encodeURIComponent(b.slo)}` }));
  const evidence = { budgets: budgets.map((b) => ({ slo: b.slo, state: b.state, budgetRemaining: b.budgetRemaining })), objects };
  const failed = budgets.filter((b) => b.state !== 'ok');
  if (failed.length > 0) return { state: 'error', message: `could not evaluate ${failed.map((b) => `${b.slo} (${b.message})`).join('; ')}`, evidence };
  const low = budgets.filter((b) => b.budgetRemaining! < min);
  if (low.length > 0) return { state: 'fail', message: `error budget below ${pct(min)}: ${low.map((b) => `${b.slo} ${pct(b.budgetRemaining!)}`).join(', ')}`, evidence };
  return { state: 'pass', message: `every SLO keeps at least ${pct(min)} of its error budget (${budgets.map((b) => `${b.slo} ${pct(b.budgetRemaining!)}`).join(', ')})`, evidence };
}

function routedOutcome(facts: SloFacts): Outcome {
  if (facts.count === 0) return { state: 'fail', message: 'the service has no SLO, so no burn-rate alerts' };
  const bad = facts.slos.filter((s) => s.burnRateAlerts === 0 || !s.route.rotation);
  if (bad.length === 0) return { state: 'pass', message: `burn-rate alerts of ${facts.count} SLO(s) page rotation ${[...new Set(facts.slos.map((s) => s.route.rotation))].join(', ')}` };
  const why = bad.map((s) => (s.burnRateAlerts === 0 ? `${s.name}: no burn-rate alerts` : `${s.name}: ${s.route.alert} would page nobody (${s.route.reason})`));
  return { state: 'fail', message: why.join('; ') };
}

export const sloCheck: CheckType<SloCheckConfig> = {
  type: 'slo',
  schema: sloCheckSchema as unknown as z.ZodType<SloCheckConfig>,
  allowedFromApi: true,
  reads: () => ['slo'],
  async collect(items, deps) {
    const out = new Map<string, unknown>();
    if (deps.offline) return out;
    const wanted = items.filter((i) => i.config.budgetRemaining);
    const unique = new Map<string, ResolvedSlo>();
    for (const i of wanted) for (const s of (i.ctx.data.slo as SloFacts | undefined)?.resolved ?? []) unique.set(s.name, s);
    const budgets = new Map((await fetchBudgets({ fetch: deps.fetch, prometheus: deps.config.prometheus, timeoutMs: deps.timeoutMs }, [...unique.values()], deps.now(), undefined, { samples: false })).map((b) => [b.slo, b]));
    for (const i of wanted) out.set(i.key, ((i.ctx.data.slo as SloFacts | undefined)?.resolved ?? []).map((s) => budgets.get(s.name)!));
    return out;
  },
  evaluate(config, ctx, observation): Outcome {
    const facts = (ctx.data.slo as SloFacts | undefined) ?? empty();
    let outcome: Outcome;
    if (config.hasSlo) outcome = facts.count > 0 ? { state: 'pass', message: `${facts.count} SLO(s): ${facts.slos.map((s) => `${s.name} (${s.targetPercent} % over ${s.windowDays} d)`).join(', ')}` } : { state: 'fail', message: 'the service has no SLO (an OpenSLO document with a window naming it as spec.service)' };
    else if (config.budgetRemaining) outcome = budgetOutcome(config.budgetRemaining.min, facts, observation as SloBudget[] | undefined);
    else outcome = routedOutcome(facts);
    return withRequirementMessage(config.message, outcome);
  },
};
