// Runs one executable for the `command` check: no shell, a restricted environment, its own
// process group (so a timeout kills everything it started), output kept up to a cap and the
// rest read and discarded (a chatty program neither blocks on a full pipe nor fills memory).
import { spawn } from 'node:child_process';

export const OUTPUT_CAP = 64 * 1024;

export interface RunSpec {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
}

export interface RunResult {
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timedOut: boolean;
  /** Set when the program could not be started (ENOENT, EACCES, …). */
  spawnError?: string;
  durationMs: number;
}

class CappedBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly cap: number) {}
  push(chunk: Buffer): void {
    const room = this.cap - this.size;
    if (chunk.length > room) this.truncated = true;
    if (room <= 0) return;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.chunks.push(part);
    this.size += part.length;
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

/** Runs `spec`; never throws. */
export function runCommand(spec: RunSpec): Promise<RunResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const out = new CappedBuffer(OUTPUT_CAP);
    const err = new CappedBuffer(OUTPUT_CAP);
    const state: { timedOut: boolean; spawnError?: string; exit?: { code: number | null; signal: string | null } } = { timedOut: false };
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    const timer = setTimeout(() => {
      state.timedOut = true;
      killGroup(child.pid);
    }, spec.timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e: NodeJS.ErrnoException) => (state.spawnError = e.code ?? e.message));
    // Once the program exits, whatever it left running in its group goes too.
    child.on('exit', (code, signal) => {
      state.exit = { code, signal };
      killGroup(child.pid);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const e = state.exit ?? { code, signal };
      const durationMs = Math.round(performance.now() - started);
      resolve({ exitCode: state.spawnError ? null : e.code, signal: e.signal, stdout: out.text(), stderr: err.text(), truncated: out.truncated || err.truncated, timedOut: state.timedOut, spawnError: state.spawnError, durationMs });
    });
  });
}
