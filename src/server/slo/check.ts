// The `slo` context provider and check type. The provider gives each service its SLOs (from the
// stored OpenSLO documents: an SLO belongs to the entity its spec.service names); the check has
// one rule per requirement:
//   { type: slo, hasSlo: {} }                         an SLO with a window exists
//   { type: slo, budgetRemaining: { min: 0.25 } }     every SLO keeps ≥ 25 % of its error budget
//                                                     (read now from Prometheus; down → error)
//   { type: slo, alertsRouted: {} }                   burn-rate alerts exist and carry a team/owner
//                                                     label naming the service's owning team
import { z } from 'zod';
import type { SloBudget } from '../../common/api/slo.ts';
import type { CheckType, ContextProvider, Outcome } from '../checks/index.ts';
import { fetchBudgets } from './budget.ts';
import { configuredWindows } from './config.ts';
import { loadSlos } from './kind.ts';
import type { ResolvedSlo } from './slo-set.ts';

export interface SloFacts {
  count: number;
  slos: { name: string; windowDays: number; targetPercent: number; burnRateAlerts: number; team: string | null }[];
  /** The resolved SLOs themselves, for the check's budget query. */
  resolved: ResolvedSlo[];
}

const empty = (): SloFacts => ({ count: 0, slos: [], resolved: [] });
const nameOf = (ref: string) => ref.replace(/^.*[:/]/, '').toLowerCase();

export const sloContext: ContextProvider<SloFacts> = {
  name: 'slo',
  celType: 'map<string, dyn>',
  description: "The service's SLOs (OpenSLO documents whose spec.service names it): window, objective, burn-rate alerts and the team their alerts are labelled with.",
  fields: {
    count: 'how many SLOs the service has',
    slos: 'each: name, windowDays, targetPercent, burnRateAlerts (alerting rules `tally slo rules` writes), team (its team or owner label, or null)',
  },
  empty: empty(),
  async load(deps, catalog, refs) {
    const all = await loadSlos(deps.db, { windows: configuredWindows(deps.config.slo), defaultServer: deps.config.slo.server });
    const wanted = refs ?? catalog.entities.map((e) => e.ref);
    const out = new Map<string, SloFacts>();
    for (const ref of wanted) {
      const mine = all.filter((s) => s.service.toLowerCase() === ref || nameOf(s.service) === nameOf(ref));
      if (mine.length === 0) continue;
      out.set(ref, {
        count: mine.length,
        slos: mine.map((s) => ({ name: s.name, windowDays: s.window.seconds / 86_400, targetPercent: s.targetPercent, burnRateAlerts: new Set(s.conditions.map((c) => c.severity)).size, team: s.labels.team ?? s.labels.owner ?? null })),
        resolved: mine,
      });
    }
    return out;
  },
  offlineReason: "SLO documents live in the server's database",
};

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

function routedOutcome(facts: SloFacts, owner: string | undefined): Outcome {
  if (facts.count === 0) return { state: 'fail', message: 'the service has no SLO, so no burn-rate alerts' };
  const team = owner ? nameOf(owner) : undefined;
  const bad = facts.slos.filter((s) => s.burnRateAlerts === 0 || !s.team || (team !== undefined && s.team.toLowerCase() !== team));
  if (bad.length === 0) return { state: 'pass', message: `burn-rate alerts of ${facts.count} SLO(s) are labelled for ${facts.slos.map((s) => s.team).join(', ')}` };
  const why = bad.map((s) => (s.burnRateAlerts === 0 ? `${s.name}: no burn-rate alerts` : !s.team ? `${s.name}: no team or owner label, nobody is paged` : `${s.name}: labelled ${s.team}, not the owner ${team}`));
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
    const budgets = new Map((await fetchBudgets({ fetch: deps.fetch, prometheus: deps.config.prometheus, timeoutMs: deps.timeoutMs }, [...unique.values()], deps.now())).map((b) => [b.slo, b]));
    for (const i of wanted) out.set(i.key, ((i.ctx.data.slo as SloFacts | undefined)?.resolved ?? []).map((s) => budgets.get(s.name)!));
    return out;
  },
  evaluate(config, ctx, observation): Outcome {
    const facts = (ctx.data.slo as SloFacts | undefined) ?? empty();
    let outcome: Outcome;
    if (config.hasSlo) outcome = facts.count > 0 ? { state: 'pass', message: `${facts.count} SLO(s): ${facts.slos.map((s) => `${s.name} (${s.targetPercent} % over ${s.windowDays} d)`).join(', ')}` } : { state: 'fail', message: 'the service has no SLO (an OpenSLO document with a window naming it as spec.service)' };
    else if (config.budgetRemaining) outcome = budgetOutcome(config.budgetRemaining.min, facts, observation as SloBudget[] | undefined);
    else outcome = routedOutcome(facts, ctx.owner?.ref);
    return outcome.state === 'fail' && config.message ? { ...outcome, message: `${config.message} (${outcome.message})` } : outcome;
  },
};
