// `tally alerts lint FILES…`: alert hygiene for Prometheus rule files, printed like a compiler
// (`file:line  rule  problem  hint`), or as JSON or SARIF for CI. Exit 1 when there are errors
// (or unreadable files), 0 otherwise. Works on files alone.
import type { Command } from 'commander';
import type { CliIo } from '../platform/cli/io.ts';
import { formatOption } from '../platform/cli/options.ts';
import { readRuleFiles } from './files.ts';
import { DEFAULT_LINT_OPTIONS, lintRules } from './lint.ts';
import { jsonReport, sarifReport, textReport } from './report.ts';

interface LintCliOptions {
  format: 'text' | 'json' | 'sarif';
  severities?: string;
  ownerLabels?: string;
}

const list = (v: string | undefined) => v?.split(',').map((s) => s.trim()).filter(Boolean);

export function alertsCommands(program: Command, io: CliIo): void {
  const alerts = program.command('alerts').description('alert hygiene for Prometheus rule files');
  alerts
    .command('lint')
    .description('check alerting rules: runbook, summary, description, severity, name, for:, routing, disk time-to-full, rates of utilisation (exit 1 on errors)')
    .argument('<files...>', 'rule files, folders or globs')
    .option('--format <format>', 'text, json or sarif', formatOption(['text', 'json', 'sarif']), 'text')
    .option('--severities <list>', `known severities, comma-separated (default ${DEFAULT_LINT_OPTIONS.severities.join(',')})`)
    .option('--owner-labels <list>', `labels naming the owning team (default ${DEFAULT_LINT_OPTIONS.ownerLabels.join(',')})`)
    .action(async (files: string[], o: LintCliOptions) => {
      const read = await readRuleFiles(files);
      for (const p of read.problems) io.stderr.write(`${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}\n`);
      const opts = { ...DEFAULT_LINT_OPTIONS, severities: list(o.severities) ?? DEFAULT_LINT_OPTIONS.severities, ownerLabels: list(o.ownerLabels) ?? DEFAULT_LINT_OPTIONS.ownerLabels };
      const { findings, summary } = lintRules(read.rules, opts);
      io.stdout.write(o.format === 'json' ? jsonReport(findings, summary) : o.format === 'sarif' ? sarifReport(findings) : textReport(findings, summary));
      io.exitCode = summary.errors > 0 || read.problems.length > 0 ? 1 : 0;
    });
}
