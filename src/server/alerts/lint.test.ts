// The alert lint: each check on a rule file written for it (testdata/), the CLI's three formats
// and exit codes, and the findings on real public rule files (../shared/corpora, provenance in
// PROVENANCE-prometheus.md): kube-prometheus's 139 alerts all link runbooks and only a few
// break the rules; awesome-prometheus-alerts's 954 link none.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedPath } from '../testing/shared.ts';
import { run } from '../main.ts';
import { bufferIo } from '../platform/cli/io.ts';
import { readRuleFiles } from './files.ts';
import { isNoisy, lintRules, nameWords } from './lint.ts';

const DATA = join(import.meta.dirname, 'testdata');
const HYGIENE = join(DATA, 'hygiene.rules.yaml');
const corpus = (...p: string[]) => sharedPath('corpora', 'prometheus-rules', ...p);

async function lint(...paths: string[]) {
  const read = await readRuleFiles(paths);
  return { ...lintRules(read.rules), problems: read.problems };
}
const checksOf = (findings: { rule: string; check: string }[], rule: string) => findings.filter((f) => f.rule === rule).map((f) => f.check).sort();

describe('alerts lint: the checks', () => {
  it('passes a humane alert and skips recording rules', async () => {
    const { findings, summary } = await lint(HYGIENE);
    expect(checksOf(findings, 'CheckoutErrorsAboveOnePercent')).toEqual([]);
    expect(summary).toMatchObject({ files: 1, alerts: 6, recordings: 1, withRunbook: 5 });
  });

  it('names each fault with its line, problem and hint', async () => {
    const { findings } = await lint(HYGIENE);
    expect(checksOf(findings, 'Alert1')).toEqual(['description', 'for', 'name', 'routing', 'runbook', 'severity', 'summary']);
    expect(findings.find((f) => f.rule === 'Alert1' && f.check === 'severity')).toMatchObject({ line: 17, level: 'error', problem: expect.stringContaining('"sev9" is not one of') });
    expect(checksOf(findings, 'HighErr')).toEqual(['name']);
    expect(findings.find((f) => f.rule === 'HighErr')).toMatchObject({ check: 'name', problem: expect.stringContaining('err is an abbreviation') });
    expect(checksOf(findings, 'node_filesystem_avail_bytes')).toEqual(['disk-time-to-full', 'name']);
    expect(findings.find((f) => f.check === 'disk-time-to-full')).toMatchObject({ line: 31, level: 'error', hint: expect.stringContaining('predict_linear') });
    expect(checksOf(findings, 'NodeDiskWillFillWithinFourHours')).toEqual([]);
    expect(checksOf(findings, 'DatabaseCpuUtilisationClimbing')).toEqual(['rate-of-utilisation']);
  });

  it('reads the shape of names and expressions', () => {
    expect(nameWords('NodeFilesystemAlmostOutOfSpace')).toEqual(['node', 'filesystem', 'almost', 'out', 'of', 'space']);
    expect(nameWords('KubeAPIErrorBudgetBurn')).toEqual(['kube', 'api', 'error', 'budget', 'burn']);
    expect(isNoisy('up == 0')).toBe(true);
    expect(isNoisy('rate(x[1m]) > 1')).toBe(true);
    expect(isNoisy('rate(x[5m]) > 1')).toBe(false);
    expect(isNoisy('tally:slo_error_ratio:rate5m{slo="a"} > 0.1')).toBe(false);
  });

  it('reports a file that is not YAML or not a rule file with its line', async () => {
    const { problems } = await lint(join(DATA, 'broken.rules.yaml'), join(DATA, 'missing.yaml'));
    expect(problems).toEqual([expect.objectContaining({ file: expect.stringContaining('broken.rules.yaml'), line: 5, message: expect.stringContaining('not valid YAML') }), expect.objectContaining({ message: 'no such file or folder' })]);
  });
});

describe('alerts lint: the command', () => {
  it('prints file:line  rule  problem  hint and exits 1 on errors', async () => {
    const io = bufferIo();
    expect(await run(['alerts', 'lint', HYGIENE], io)).toBe(1);
    expect(io.out()).toContain(`${HYGIENE}:31  node_filesystem_avail_bytes  error [disk-time-to-full]: disk alert on a static free-space threshold  hint: alert on time to full`);
    expect(io.out()).toMatch(/6 alerting rule\(s\) in 1 file\(s\), 5 with a runbook: \d+ error\(s\), \d+ warning\(s\)\n$/);
  });

  it('exits 0 when only warnings remain, and writes JSON and SARIF', async () => {
    const io = bufferIo();
    expect(await run(['alerts', 'lint', corpus('kube-prometheus', 'prometheusOperator.rules.yaml'), '--format', 'json'], io)).toBe(0);
    const json = JSON.parse(io.out());
    expect(json.summary).toMatchObject({ alerts: 9, withRunbook: 9, errors: 0 });
    const sarif = bufferIo();
    await run(['alerts', 'lint', HYGIENE, '--format', 'sarif'], sarif);
    const doc = JSON.parse(sarif.out());
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('disk-time-to-full');
    expect(doc.runs[0].results).toContainEqual(expect.objectContaining({ ruleId: 'disk-time-to-full', level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: HYGIENE }, region: { startLine: 31 } } }] }));
  });
});

describe('alerts lint: real public rule files', () => {
  it('kube-prometheus: 139 alerts, every one with a runbook; static disk thresholds and unowned alerts found', async () => {
    const { findings, summary } = await lint(corpus('kube-prometheus'));
    expect(summary).toMatchObject({ files: 8, alerts: 139, withRunbook: 139 });
    expect(summary.byCheck.runbook).toBeUndefined();
    expect(summary.byCheck.routing).toBe(139);
    const disk = findings.filter((f) => f.check === 'disk-time-to-full').map((f) => `${f.rule}:${f.line}`);
    expect(disk).toEqual(expect.arrayContaining(['NodeFilesystemAlmostOutOfSpace:38', 'NodeFilesystemAlmostOutOfSpace:52', 'NodeFilesystemAlmostOutOfFiles:98']));
    // The predict_linear alerts are about time to full and pass.
    expect(findings.filter((f) => f.rule === 'NodeFilesystemSpaceFillingUp' && f.check === 'disk-time-to-full')).toEqual([]);
    expect(findings.filter((f) => f.rule === 'GrafanaRequestsFailing').map((f) => f.check).sort()).toEqual(['description', 'routing', 'summary']);
    expect(findings.filter((f) => f.rule === 'Watchdog' && f.check === 'severity')).toHaveLength(1);
  });

  it('awesome-prometheus-alerts: 954 alerts, none with a runbook; its static disk-space alerts are flagged', async () => {
    const { findings, summary } = await lint(corpus('awesome-prometheus-alerts'));
    expect(summary).toMatchObject({ alerts: 954, withRunbook: 0 });
    expect(summary.byCheck.runbook).toBe(954);
    const disk = findings.filter((f) => f.check === 'disk-time-to-full').map((f) => f.rule);
    expect(disk).toEqual(expect.arrayContaining(['HostOutOfDiskSpace', 'HostOutOfInodes']));
    expect(disk).not.toContain('HostInodesMayFillIn24Hours');
  });

  it("Sloth's generated SLO alerts: runbook missing, names, severities and windows fine", async () => {
    const { findings, summary } = await lint(corpus('sloth', 'getting-started.generated.yml'));
    expect(summary).toMatchObject({ alerts: 2, withRunbook: 0 });
    expect(checksOf(findings, 'MyServiceHighErrorRate')).toEqual(['description', 'description', 'routing', 'routing', 'runbook', 'runbook', 'severity', 'severity']);
  });
});
