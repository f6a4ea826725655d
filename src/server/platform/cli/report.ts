// How a failed `tally` command is told: the one mapping of errors to messages and exit codes,
// shared by the full CLI (main.ts) and the edge-only entry (edge/main.ts).
import { CommanderError } from 'commander';
import { TallyError, formatProblem } from '../problems.ts';
import { UsageError, type CliIo } from './io.ts';

/** Writes why the command failed and returns its exit code: 0 for help and --version, else 2. */
export function reportError(err: unknown, io: CliIo): number {
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
