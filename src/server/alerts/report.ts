// The lint's findings as a compiler prints them (`file:line  rule  problem  hint`), as JSON, and
// as SARIF 2.1.0 for CI code-scanning annotations.
import { LINT_CHECKS, type Finding, type LintSummary } from './lint.ts';

export function textReport(findings: readonly Finding[], summary: LintSummary): string {
  const lines = findings.map((f) => `${f.file}:${f.line}  ${f.rule}  ${f.level} [${f.check}]: ${f.problem}  hint: ${f.hint}`);
  lines.push(`${summary.alerts} alerting rule(s) in ${summary.files} file(s), ${summary.withRunbook} with a runbook: ${summary.errors} error(s), ${summary.warnings} warning(s)`);
  return `${lines.join('\n')}\n`;
}

export function jsonReport(findings: readonly Finding[], summary: LintSummary): string {
  return `${JSON.stringify({ summary, findings }, null, 2)}\n`;
}

export function sarifReport(findings: readonly Finding[]): string {
  const rules = Object.entries(LINT_CHECKS).map(([id, c]) => ({ id, shortDescription: { text: c.title }, defaultConfiguration: { level: c.level } }));
  const results = findings.map((f) => ({
    ruleId: f.check,
    level: f.level,
    message: { text: `${f.rule}: ${f.problem}. ${f.hint}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: f.file.split('\\').join('/') }, region: { startLine: f.line } } }],
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'tally alerts lint', rules } }, results }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
