// The `tally` command. Each subcommand lives in cli/; this file only wires them up and maps
// domain errors to messages and exit codes.
import { Command, CommanderError } from 'commander';
import { VERSION } from './platform/bootstrap.ts';
import { catalogCommands } from './cli/catalog.ts';
import { changeCommands } from './cli/change.ts';
import { deployCommands } from './cli/deploy.ts';
import { graphCommands } from './cli/graph.ts';
import { scoreCommands } from './cli/score.ts';
import { serverCommands } from './cli/server.ts';
import { tokenCommands } from './cli/token.ts';
import { TallyError, formatProblem } from './platform/problems.ts';

const program = new Command('tally')
  .description('Tally grades every service from F to A+ against codified, weighted operational requirements.')
  .version(VERSION)
  .showHelpAfterError()
  .exitOverride();

serverCommands(program);
tokenCommands(program);
catalogCommands(program);
graphCommands(program);
scoreCommands(program);
changeCommands(program);
deployCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = reportError(err);
}

function reportError(err: unknown): number {
  // A usage error exits 2, never 1: `deploy-check` and `score --min-grade` answer with 1.
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (err instanceof TallyError) {
    process.stderr.write(`tally: ${err.message}\n`);
    for (const p of err.problems.slice(1)) process.stderr.write(`  ${formatProblem(p)}\n`);
    return err.kind === 'unavailable' ? 2 : 1;
  }
  process.stderr.write(`tally: ${(err as Error)?.stack ?? String(err)}\n`);
  return 1;
}
