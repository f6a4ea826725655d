// The `tally` command. `run(argv, io)` builds the program from the platform's commands and every
// module's, runs it, and maps failures to messages and exit codes: 0 yes, 1 the answer is no
// (denied, below the bar, invalid files), 2 could not run (usage, unknown names, unreachable).
import { Command } from 'commander';
import { serverCommands } from './cli/server.ts';
import { tokenCommands } from './cli/token.ts';
import { createHost } from './host.ts';
import type { Host } from './module.ts';
import { modules } from './modules.ts';
import { VERSION } from './platform/bootstrap.ts';
import type { CliIo } from './platform/cli/io.ts';
import { reportError } from './platform/cli/report.ts';

export { processIo } from './platform/cli/io.ts';

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
