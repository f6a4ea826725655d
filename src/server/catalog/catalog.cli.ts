// `tally catalog validate|refresh`.
import type { Command } from 'commander';
import type { Host } from '../module.ts';
import type { CliIo } from '../platform/cli/io.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import type { StepOutcome } from '../platform/documents/refresh.ts';
import { formatProblem } from '../platform/problems.ts';
import { validatePaths } from './validate-command.ts';

export function catalogCommands(program: Command, io: CliIo, host: Host): void {
  const catalog = program.command('catalog').description('work with catalog files and the server\'s sources');
  catalog
    .command('validate')
    .description('check files without a database — catalog entities and every Tally document (Scorecard, Policy, Facts, HackDay, …): exit 0 when valid, 1 with one line per problem')
    .argument('<paths...>', 'files, folders or globs')
    .action(async (paths: string[]) => {
      const { lines, exitCode, summary } = await validatePaths(paths, host.documents, host);
      for (const line of lines) io.stdout.write(`${line}\n`);
      io.stderr.write(`${summary}\n`);
      io.exitCode = exitCode;
    });
  remoteOptions(catalog.command('refresh').description('make the server re-read every source now (editor token); exit 1 when a source failed')).action(async (o: RemoteOptions) => {
    const report = await callServer<{ sources: StepOutcome[] }>(o, io, 'POST', '/api/v1/catalog/refresh');
    for (const s of report.sources) {
      // A kind no source holds (e.g. no HackDay anywhere) is not news.
      if (s.status === 'ok' && s.count === 0 && s.problems.length === 0 && s.source.startsWith('documents: ')) continue;
      io.stdout.write(`${s.status === 'ok' ? 'ok    ' : 'FAILED'} ${s.source}: ${s.count} document${s.count === 1 ? '' : 's'}${s.added !== undefined ? `, +${s.added} ~${s.updated ?? 0} -${s.removed ?? 0}` : ''}\n`);
      for (const p of s.problems) io.stdout.write(`       ${formatProblem(p)}\n`);
    }
    io.exitCode = report.sources.some((s) => s.status !== 'ok') ? 1 : 0;
  });
}
