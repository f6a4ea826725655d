// `tally evaluate [REF…] [--scorecard N]`: grade now instead of waiting for the schedule
// (POST /api/v1/evaluations, editor token). Prints one line per scorecard run; exit 0 when every
// run finished, 1 when one failed (its reason is printed), 2 when it could not ask.
import type { Command } from 'commander';
import type { CliIo } from '../platform/cli/io.ts';
import { formatOption } from '../platform/cli/options.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import type { RunSummary } from './evaluation/run.ts';

interface EvaluateOptions extends RemoteOptions {
  scorecard?: string;
  format: string;
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One line per scorecard run: `ok     prod: 2 entities, 14 changed, 2 errors, 2 grade changes`. */
export function runLine(r: RunSummary): string {
  if (r.status !== 'ok') return `FAILED ${r.scorecard}: ${r.failure ?? 'the run failed'}`;
  return `ok     ${r.scorecard}: ${count(r.entities, 'entity', 'entities')}, ${r.changed} changed, ${count(r.errors, 'error')}, ${count(r.gradeChanges, 'grade change')}`;
}

export function evaluateCommands(program: Command, io: CliIo): void {
  remoteOptions(
    program
      .command('evaluate')
      .description('grade now (editor token): every scorecard, or --scorecard N, for every entity or the REFs given; exit 1 when a run failed')
      .argument('[refs...]', 'entity refs (a bare name is a Component); default: every entity'),
  )
    .option('--scorecard <name>', 'only this scorecard')
    .option('--format <format>', 'text or json', formatOption(['text', 'json']), 'text')
    .action(async (refs: string[], o: EvaluateOptions) => {
      const body = { ...(o.scorecard ? { scorecard: o.scorecard } : {}), ...(refs.length ? { entities: refs } : {}) };
      const { runs } = await callServer<{ runs: RunSummary[] }>(o, io, 'POST', '/api/v1/evaluations', body);
      if (o.format === 'json') io.stdout.write(`${JSON.stringify({ runs }, null, 2)}\n`);
      else if (runs.length === 0) io.stdout.write('no scorecard to evaluate (add a Scorecard document to a source in tally.yaml)\n');
      else for (const r of runs) io.stdout.write(`${runLine(r)}\n`);
      io.exitCode = runs.some((r) => r.status !== 'ok') ? 1 : 0;
    });
}
