// Where a command writes and what it reads: passed in, so the CLI runs in-process in tests
// (`run(argv, io)` in main.ts) exactly as it runs from a shell.
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** What the command answers: 0 yes/ok, 1 no (denied, below the bar, invalid files), 2 could not run. */
  exitCode: number;
  /** How commands reach a Tally server (default: the global fetch); tests pass one into app.inject(). */
  fetch?: typeof fetch;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 };
}

/** An io that keeps what is written, for tests and for commands that call other commands. */
export function bufferIo(env: Record<string, string | undefined> = {}): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    env,
    exitCode: 0,
    out: () => out,
    err: () => err,
  };
}

/** A command was called wrongly (missing or bad arguments): exit 2 with the message. */
export class UsageError extends Error {
  override name = 'UsageError';
}
