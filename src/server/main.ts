// The `tally` command. `run(argv, io)` builds the program from the platform's commands and every
// module's, runs it, and maps failures to messages and exit codes: 0 yes, 1 the answer is no
// (denied, below the bar, invalid files), 2 could not run (usage, unknown names, unreachable).
import { Command, CommanderError } from 'commander';
import { serverCommands } from './cli/server.ts';
import { tokenCommands } from './cli/token.ts';
import { createHost } from './host.ts';
import type { Host } from './module.ts';
import { modules } from './modules.ts';
import { VERSION } from './platform/bootstrap.ts';
import { UsageError, type CliIo } from './platform/cli/io.ts';

export { processIo } from './platform/cli/io.ts';
import { TallyError, formatProblem } from './platform/problems.ts';

let defaultHost: Host | undefined;

/**
 * The `tally` program: the core commands and every module's, writing to `io`. Exported so tests
 * can walk every command and option (test/cli/options.test.ts); `run` is what executes one.
 */
export function buildProgram(io: CliIo, host: Host): Command {
  const output = { writeOut: (s: string) => io.stdout.write(s), writeErr: (s: string) => io.stderr.write(s) };
  const program = new Command('tally')
    .description('Tally grades every service from F to A+ against codified, weighted operational requirements.')
    .version(VERSION, '-V, --version', 'print the version of tally')
    // The program's own options only before the command: otherwise `--version` would swallow
    // `tally change record --version 1.2.3` (and record nothing).
    .enablePositionalOptions()
    .showHelpAfterError()
    .exitOverride()
    .configureOutput(output);
  serverCommands(program, io, host);
  tokenCommands(program, io, host);
  for (const m of host.modules) m.commands?.(program, io, host);
  const configure = (cmd: Command): void => {
    cmd.exitOverride().configureOutput(output).showHelpAfterError();
    cmd.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/** Runs one `tally` invocation (`argv` without node and the script) and returns its exit code. */
export async function run(argv: readonly string[], io: CliIo, host: Host = (defaultHost ??= createHost(modules))): Promise<number> {
  const program = buildProgram(io, host);
  try {
    io.exitCode = 0;
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (err) {
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: CliIo): number {
  // Commander has printed its own usage errors already; help and --version exit 0.
  if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
  if (err instanceof UsageError) {
    io.stderr.write(`tally: ${err.message}\n`);
    return 2;
  }
  if (err instanceof TallyError) {
    io.stderr.write(`tally: ${err.message}\n`);
    for (const p of err.problems.slice(1)) io.stderr.write(`  ${formatProblem(p)}\n`);
    return 2;
  }
  io.stderr.write(`tally: ${(err as Error)?.stack ?? String(err)}\n`);
  return 2;
}
