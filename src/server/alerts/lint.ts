// Alert hygiene: what every alerting rule owes the person it wakes. Each check is a small pure
// function over one rule; a finding names the check, the problem and what to do instead.
// The expression is only looked at for names and range windows (is there a predict_linear, a
// rate of a percentage, a window of 5 minutes or more) — its validity is promtool's business.
import type { PromRule } from './rule-file.ts';

export type Level = 'error' | 'warning';

export interface Finding {
  file: string;
  line: number;
  rule: string;
  check: LintCheckId;
  level: Level;
  problem: string;
  hint: string;
}

export interface LintOptions {
  severities: readonly string[];
  /** Labels that name who the alert goes to. */
  ownerLabels: readonly string[];
  /** When given, the owner label's value must be one of these (catalog teams). */
  knownOwners?: ReadonlySet<string>;
}

export const DEFAULT_LINT_OPTIONS: LintOptions = {
  severities: ['critical', 'warning', 'info', 'page', 'ticket'],
  ownerLabels: ['team', 'owner'],
};

export const LINT_CHECKS = {
  runbook: { level: 'error', title: 'Every alert links a runbook (annotations.runbook_url)' },
  summary: { level: 'error', title: 'Every alert has a summary annotation' },
  description: { level: 'error', title: 'Every alert has a description annotation' },
  severity: { level: 'error', title: 'Every alert has a severity from the known set' },
  name: { level: 'warning', title: 'An alert name explains itself in words' },
  for: { level: 'warning', title: 'A noisy expression waits (`for:`) before it fires' },
  routing: { level: 'warning', title: 'An alert routes to someone: an owner label naming a team' },
  'disk-time-to-full': { level: 'error', title: 'Disk alerts are about time to full, not a static free-space threshold' },
  'rate-of-utilisation': { level: 'warning', title: 'Rates are taken of quantities (bytes, CPU seconds), not of utilisation percentages' },
} as const satisfies Record<string, { level: Level; title: string }>;
export type LintCheckId = keyof typeof LINT_CHECKS;

const DISK_METRIC = /\b(node_filesystem_(avail|free|size|files_free|files)_bytes|node_filesystem_files_free|node_filesystem_files|kubelet_volume_stats_(available|capacity|used)_bytes|kubelet_volume_stats_inodes(_free|_used)?|windows_logical_disk_(free|size)_bytes|[a-z_]*disk_(free|avail|available|used)[a-z_]*)\b/;
const TIME_TO_FULL = /\b(predict_linear|deriv|holt_winters|double_exponential_smoothing)\s*\(/;
const RATE_OF_PERCENT = /\b(rate|irate|increase|deriv|delta|idelta)\s*\(\s*[a-zA-Z_:]*(utili[sz]ation|percent|pct|_ratio)\b/;
const RANGE = /\[\s*(\d+)([smhdwy])\s*(?::[^\]]*)?\]/g;
const SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };
const VAGUE = new Set(['alert', 'alerts', 'rule', 'test', 'foo', 'bar', 'thing', 'stuff', 'misc', 'problem', 'issue', 'high', 'low']);
const ABBREVIATED = new Set(['err', 'errs', 'lat', 'cnt', 'tmp', 'mem', 'proc', 'req', 'reqs', 'resp', 'conn', 'svc']);

/** `NodeFilesystemAlmostOutOfSpace` → node, filesystem, almost, out, of, space. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function nameProblem(name: string, expr: string): string | undefined {
  if (/^[a-z_:][a-z0-9_:]*$/.test(name) && name.includes('_') && expr.includes(name)) return `"${name}" is a bare metric name`;
  const words = nameWords(name).filter((w) => !/^\d+$/.test(w));
  if (words.length === 0 || words.every((w) => VAGUE.has(w))) return `"${name}" says nothing about what is wrong`;
  const cryptic = words.filter((w) => ABBREVIATED.has(w));
  if (cryptic.length > 0 && words.length <= 3) return `"${name}" is cryptic (${cryptic.join(', ')} is an abbreviation)`;
  if (words.length < 2) return `"${name}" is a single word`;
  return undefined;
}

/** Noisy: an instant comparison with no window of 5 minutes or more to smooth it, and no recorded (already aggregated) series. */
export function isNoisy(expr: string): boolean {
  if (/[a-zA-Z_]+:[a-zA-Z_:]+/.test(expr.replace(/\[[^\]]*\]/g, '').replace(/"[^"]*"/g, ''))) return false;
  let longest = 0;
  for (const m of expr.matchAll(RANGE)) longest = Math.max(longest, Number(m[1]) * SECONDS[m[2]]);
  return longest < 300;
}

const hasFor = (f: string | undefined) => f !== undefined && !/^0+[smhdwy]?$/.test(f.trim());

export function lintRule(rule: PromRule, opts: LintOptions = DEFAULT_LINT_OPTIONS): Finding[] {
  if (!rule.alert) return [];
  const out: Finding[] = [];
  const add = (check: LintCheckId, problem: string, hint: string) => out.push({ file: rule.file, line: rule.line, rule: rule.alert!, check, level: LINT_CHECKS[check].level, problem, hint });
  const a = rule.annotations;
  if (!a.runbook_url?.trim()) add('runbook', 'no runbook_url annotation', 'link the page that says what to do when this fires');
  if (!a.summary?.trim()) add('summary', 'no summary annotation', 'one line a person understands at 3 AM: what is broken, for whom');
  if (!a.description?.trim()) add('description', 'no description annotation', 'say what the alert measures, the threshold, and the likely impact');
  const sev = rule.labels.severity;
  if (!sev) add('severity', 'no severity label', `add labels.severity: one of ${opts.severities.join(', ')}`);
  else if (!opts.severities.includes(sev)) add('severity', `severity "${sev}" is not one of ${opts.severities.join(', ')}`, 'use a known severity so routing and paging policies apply');
  const nameIssue = nameProblem(rule.alert, rule.expr);
  if (nameIssue) add('name', `${nameIssue}`, 'name the symptom in words, e.g. CheckoutErrorBudgetBurningFast or NodeDiskWillFillIn4Hours');
  if (!hasFor(rule.for) && isNoisy(rule.expr)) add('for', 'fires on a single evaluation of an unsmoothed expression', 'add for: 5m (or compare over a window of 5 minutes or more)');
  const owner = opts.ownerLabels.map((l) => rule.labels[l]).find((v) => v);
  if (!owner) add('routing', `no ${opts.ownerLabels.join(' or ')} label: nobody in particular is told`, `add labels.${opts.ownerLabels[0]} naming the owning team`);
  else if (opts.knownOwners && !opts.knownOwners.has(owner.toLowerCase())) add('routing', `owner "${owner}" is not a team in the catalog`, 'use the name of a catalog Group (team)');
  if (DISK_METRIC.test(rule.expr) && !TIME_TO_FULL.test(rule.expr)) add('disk-time-to-full', 'disk alert on a static free-space threshold', 'alert on time to full: predict_linear(node_filesystem_avail_bytes[6h], 4 * 3600) < 0');
  if (RATE_OF_PERCENT.test(rule.expr)) add('rate-of-utilisation', 'takes a rate of a utilisation percentage', 'take the rate of the underlying quantity (bytes, CPU seconds) and divide afterwards');
  return out;
}

export interface LintSummary {
  files: number;
  alerts: number;
  recordings: number;
  withRunbook: number;
  errors: number;
  warnings: number;
  byCheck: Partial<Record<LintCheckId, number>>;
}

export function lintRules(rules: readonly PromRule[], opts: LintOptions = DEFAULT_LINT_OPTIONS): { findings: Finding[]; summary: LintSummary } {
  const findings = rules.flatMap((r) => lintRule(r, opts));
  const alerts = rules.filter((r) => r.alert);
  const byCheck: Partial<Record<LintCheckId, number>> = {};
  for (const f of findings) byCheck[f.check] = (byCheck[f.check] ?? 0) + 1;
  return {
    findings,
    summary: {
      files: new Set(rules.map((r) => r.file)).size,
      alerts: alerts.length,
      recordings: rules.length - alerts.length,
      withRunbook: alerts.filter((r) => r.annotations.runbook_url?.trim()).length,
      errors: findings.filter((f) => f.level === 'error').length,
      warnings: findings.filter((f) => f.level === 'warning').length,
      byCheck,
    },
  };
}
