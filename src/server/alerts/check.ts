// The `alerts` context provider and check type. The provider gives each service the alerting
// rules of `alerts.ruleFiles` whose `service` (or `component`) label names it, with their lint,
// and the pages Tally sent for it over the last 28 days. The check has one rule per requirement:
//   { type: alerts, runbooks: {} }                  the service has alerting rules, each with a runbook_url
//   { type: alerts, pagesPerWeek: { max: 5 } }      at most 5 pages a week (28-day average)
//   { type: alerts, lintErrors: { max: 0 } }        the lint finds at most 0 errors in its rules
import { z } from 'zod';
import { factCheck, type CheckType, type ContextProvider, type Outcome } from '../checks/index.ts';
import { catalogSnapshot } from '../catalog/index.ts';
import { pagesForStats } from '../oncall/index.ts';
import { DEFAULT_LINT_OPTIONS, lintRules } from './lint.ts';
import { catalogTeams, configuredRules, serviceOf } from './rule-sources.ts';

export interface AlertFacts {
  rules: { name: string; file: string; line: number; runbook: boolean; errors: number; warnings: number }[];
  /** Pages for the service over the last `pageDays` days. */
  pages: number;
  pageDays: number;
}

const PAGE_DAYS = 28;
const empty = (): AlertFacts => ({ rules: [], pages: 0, pageDays: PAGE_DAYS });
const nameOf = (ref: string) => ref.replace(/^.*[:/]/, '').toLowerCase();

export const alertsContext: ContextProvider<AlertFacts> = {
  name: 'alerts',
  celType: 'map<string, dyn>',
  description: "The service's alerting rules (from alerts.ruleFiles, by their service or component label) with the lint's findings, and the pages Tally sent for it.",
  fields: {
    rules: 'each: name, file, line, runbook (has a runbook_url), errors and warnings (lint findings)',
    pages: 'pages sent for the service over the last pageDays days',
    pageDays: 'the window of pages, in days (28)',
  },
  empty: empty(),
  async load(deps, catalog, refs) {
    const read = await configuredRules(deps.config);
    const teams = catalogTeams(await catalogSnapshot(deps.db));
    const { findings } = lintRules(read.rules, { ...DEFAULT_LINT_OPTIONS, knownOwners: teams });
    const count = new Map<string, { errors: number; warnings: number }>();
    for (const f of findings) {
      const c = count.get(`${f.file}:${f.line}`) ?? count.set(`${f.file}:${f.line}`, { errors: 0, warnings: 0 }).get(`${f.file}:${f.line}`)!;
      c[f.level === 'error' ? 'errors' : 'warnings'] += 1;
    }
    const to = deps.now;
    const pages = await pagesForStats(deps.db, new Date(to.getTime() - PAGE_DAYS * 86_400_000).toISOString(), to.toISOString());
    const out = new Map<string, AlertFacts>();
    for (const ref of refs ?? catalog.entities.map((e) => e.ref)) {
      const rules = read.rules.filter((r) => r.alert && serviceOf(r)?.toLowerCase() === nameOf(ref));
      const paged = pages.filter((p) => p.origin !== 'shift-start' && p.service !== null && (p.service === ref || nameOf(p.service) === nameOf(ref))).length;
      if (rules.length === 0 && paged === 0) continue;
      out.set(ref, {
        rules: rules.map((r) => ({ name: r.alert!, file: r.file, line: r.line, runbook: Boolean(r.annotations.runbook_url?.trim()), ...(count.get(`${r.file}:${r.line}`) ?? { errors: 0, warnings: 0 }) })),
        pages: paged,
        pageDays: PAGE_DAYS,
      });
    }
    return out;
  },
  offlineReason: 'pages live in the server database, and the rule files are those of the server (alerts.ruleFiles)',
};

export const alertsCheckSchema = z
  .strictObject({
    type: z.literal('alerts'),
    runbooks: z.strictObject({}).optional(),
    pagesPerWeek: z.strictObject({ max: z.number().min(0).max(10_000) }).optional(),
    lintErrors: z.strictObject({ max: z.number().int().min(0).max(10_000).default(0) }).optional(),
    message: z.string().max(500).optional(),
  })
  .refine((c) => [c.runbooks, c.pagesPerWeek, c.lintErrors].filter(Boolean).length === 1, { message: 'give exactly one of runbooks, pagesPerWeek, lintErrors' });
export type AlertsCheckConfig = z.infer<typeof alertsCheckSchema>;

const where = (r: AlertFacts['rules'][number]) => `${r.name} (${r.file}:${r.line})`;
const NO_RULES = 'the service has no alerting rules (none in alerts.ruleFiles has a service label naming it)';

export function evaluateAlerts(config: AlertsCheckConfig, facts: AlertFacts): Outcome {
  if (config.pagesPerWeek) {
    const perWeek = Math.round((facts.pages / (facts.pageDays / 7)) * 100) / 100;
    const text = `${perWeek} page(s) a week (${facts.pages} in ${facts.pageDays} days)`;
    return perWeek <= config.pagesPerWeek.max ? { state: 'pass', message: `${text}, at most ${config.pagesPerWeek.max}` } : { state: 'fail', message: `${text}: more than ${config.pagesPerWeek.max}` };
  }
  if (facts.rules.length === 0) return { state: 'fail', message: NO_RULES };
  if (config.runbooks) {
    const missing = facts.rules.filter((r) => !r.runbook);
    return missing.length === 0 ? { state: 'pass', message: `all ${facts.rules.length} alerting rule(s) link a runbook` } : { state: 'fail', message: `${missing.length} of ${facts.rules.length} alerting rule(s) have no runbook_url: ${missing.slice(0, 10).map(where).join(', ')}` };
  }
  const max = config.lintErrors?.max ?? 0;
  const errors = facts.rules.reduce((n, r) => n + r.errors, 0);
  const bad = facts.rules.filter((r) => r.errors > 0);
  return errors <= max ? { state: 'pass', message: `${errors} lint error(s) in ${facts.rules.length} alerting rule(s), at most ${max}` } : { state: 'fail', message: `${errors} lint error(s), more than ${max}: ${bad.slice(0, 10).map(where).join(', ')} (tally alerts lint says which)` };
}

export const alertsCheck: CheckType<AlertsCheckConfig> = factCheck('alerts', alertsCheckSchema as unknown as z.ZodType<AlertsCheckConfig>, 'alerts', (config, facts: AlertFacts | undefined) => evaluateAlerts(config, facts ?? empty()));
