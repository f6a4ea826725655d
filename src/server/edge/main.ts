// The edge-only program: what `tally edge run` runs when `tally` is built (bin/tally.js loads
// dist/server/edge.cjs, which bin/build.js bundles from this file). It holds the edge and the few
// platform pieces it needs, not every domain: the whole `tally` starts at about 120 MB of RSS, this
// at about half that, which is what lets 2,000 tarpitted sockets fit under 100 MB (BENCHMARKS.md).
// What needs every module — tally.yaml's sections, the migrations — and the parsing of the Edge
// document (zod and YAML are a third of what this would load) the full CLI does first in a
// short-lived child (`tally edge prepare`, same options, same errors and exit codes), which has
// exited before the edge starts and hands over the parsed document. docs/edge.md, "The edge process".
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { CliIo } from '../platform/cli/io.ts';
import { reportError } from '../platform/cli/report.ts';
import { connectDatabase } from '../platform/db/connect.ts';
import type { EdgeDocument } from './document.ts';
import { runEdgeUntilStopped } from './serve/run.ts';

export { processIo } from '../platform/cli/io.ts';

/** Runs `tally ARGS` (the full CLI) to its end; its standard error goes to ours. */
export type RunTally = (args: readonly string[]) => Promise<{ code: number; stdout: string }>;

/** `tally` as a child process: `command` is how to start it (node and bin/tally.js). */
export function tallyChild(command: readonly string[], env: NodeJS.ProcessEnv = process.env): RunTally {
  return (args) => new Promise((resolve, reject) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code: code ?? 128 + (constants.signals[signal!] ?? 0), stdout }));
  });
}

/** `tally edge run ARGS` (the arguments after `edge run`) until `stopped`; returns the exit code. */
export async function run(argv: readonly string[], io: CliIo, tally: RunTally, stopped: Promise<void>): Promise<number> {
  const prepared = await tally(['edge', 'prepare', ...argv]);
  if (prepared.code !== 0) return prepared.code;
  try {
    const { doc, databaseUrl } = JSON.parse(prepared.stdout) as { doc: EdgeDocument; databaseUrl: string };
    const { pino } = await import('pino');
    const log = pino({ level: 'warn' });
    const handle = await connectDatabase(databaseUrl, { log });
    try {
      io.exitCode = 0;
      await runEdgeUntilStopped(doc, handle.db, io, (m) => log.warn(m), stopped);
    } finally {
      await handle.close();
    }
    return io.exitCode;
  } catch (err) {
    return reportError(err, io);
  }
}
