// The rules the server lints: the rule files of `alerts.ruleFiles` (relative to tally.yaml, named
// relative to it in findings) or what a Prometheus has loaded. Owner labels must name a catalog
// team. Each rule belongs to the service its `service` (or `component`) label names.
import path from 'node:path';
import type { LintReport } from '../../common/api/alerts.ts';
import type { CatalogSnapshot } from '../catalog/index.ts';
import type { Config } from '../platform/config.ts';
import { readRuleFiles } from './files.ts';
import { DEFAULT_LINT_OPTIONS, lintRules, type Finding } from './lint.ts';
import type { PromRule } from './rule-file.ts';

export const serviceOf = (r: PromRule): string | null => r.labels.service ?? r.labels.component ?? null;

export async function configuredRules(config: Pick<Config, 'alerts' | 'baseDir'>): Promise<{ rules: PromRule[]; problems: { file: string; line: number; message: string }[] }> {
  if (config.alerts.ruleFiles.length === 0) return { rules: [], problems: [] };
  const read = await readRuleFiles(config.alerts.ruleFiles.map((p) => path.resolve(config.baseDir, p)));
  const rel = (f: string) => path.relative(config.baseDir, path.resolve(f));
  return { rules: read.rules.map((r) => ({ ...r, file: rel(r.file) })), problems: read.problems.map((p) => ({ ...p, file: rel(p.file) })) };
}

export function catalogTeams(catalog: CatalogSnapshot): Set<string> {
  return new Set(catalog.entities.filter((e) => e.kind === 'group').flatMap((e) => [e.name.toLowerCase(), e.ref.toLowerCase()]));
}

/** The lint with a per-service count, as the routes and the web page show it. */
export function lintReport(rules: readonly PromRule[], teams: ReadonlySet<string>, source: string, problems: LintReport['problems'] = []): LintReport {
  const { findings, summary } = lintRules(rules, { ...DEFAULT_LINT_OPTIONS, knownOwners: teams });
  const services = new Map<string | null, LintReport['services'][number]>();
  const ruleService = new Map<string, string | null>();
  for (const r of rules) {
    if (!r.alert) continue;
    const service = serviceOf(r);
    ruleService.set(`${r.file}:${r.line}:${r.alert}`, service);
    const s = services.get(service) ?? services.set(service, { service, alerts: 0, withRunbook: 0, errors: 0, warnings: 0 }).get(service)!;
    s.alerts += 1;
    if (r.annotations.runbook_url?.trim()) s.withRunbook += 1;
  }
  const withService = findings.map((f: Finding) => ({ ...f, service: ruleService.get(`${f.file}:${f.line}:${f.rule}`) ?? null }));
  for (const f of withService) {
    const s = services.get(f.service);
    if (s) s[f.level === 'error' ? 'errors' : 'warnings'] += 1;
  }
  return { server: source, summary, findings: withService, problems, services: [...services.values()].sort((x, y) => (x.service ?? '\uffff').localeCompare(y.service ?? '\uffff')) };
}
