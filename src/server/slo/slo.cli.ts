// `tally slo rules FILES… > rules.yaml`: OpenSLO documents → Prometheus recording rules and
// multi-window, multi-burn-rate alerts on stdout; `--tests FILE` writes their promtool unit tests.
// Works on files alone (no server, no database). Exit 0 written, 1 invalid documents.
// `tally slo curve NAME` asks a running server for the inverted SLO (curve.cli.ts).
import { open } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Host } from '../module.ts';
import type { CliIo } from '../platform/cli/io.ts';
import { formatProblem } from '../platform/problems.ts';
import { configuredWindows } from './config.ts';
import { curveCommand } from './curve.cli.ts';
import { generateRules } from './generate.ts';

interface RulesOptions {
  tests?: string;
  ruleFile?: string;
  runbookBase?: string;
  config?: string;
}

export function sloCommands(program: Command, io: CliIo, host: Host): void {
  const slo = program.command('slo').description('service level objectives: Prometheus rules from OpenSLO documents, inverted latency curves');
  curveCommand(slo, io);
  slo
    .command('rules')
    .description('print Prometheus recording rules and burn-rate alerts for the OpenSLO documents in FILES (exit 1 when a document is invalid)')
    .argument('<files...>', 'OpenSLO YAML files or folders')
    .option('--tests <file>', 'also write promtool unit tests for the alerts to this file')
    .option('--rule-file <name>', 'the rule file name the unit tests load (default: rules.yaml)')
    .option('--runbook-base <url>', 'alerts link <url>/<slo> unless the SLO names its own runbook')
    .option('-c, --config <file>', 'tally.yaml whose slo section (windows, runbookBase) applies')
    .action(async (files: string[], o: RulesOptions) => {
      const config = o.config ? host.loadConfig(o.config, io.env).slo : undefined;
      const out = await generateRules(files, { windows: config ? configuredWindows(config) : undefined, runbookBase: o.runbookBase ?? config?.runbookBase, ruleFile: o.ruleFile });
      for (const p of out.problems) io.stderr.write(`${formatProblem(p)}\n`);
      if (!out.rules) {
        io.exitCode = 1;
        return;
      }
      // Streamed a chunk at a time: for 1,000 SLOs the two files are 15 MB of text.
      for (const chunk of out.rules) io.stdout.write(chunk);
      if (o.tests) {
        const file = await open(o.tests, 'w');
        try {
          for (const chunk of out.tests!) await file.write(chunk);
        } finally {
          await file.close();
        }
      }
      io.stderr.write(`${out.slos.length} SLO(s): ${out.slos.map((s) => s.name).join(', ')}\n`);
    });
}
