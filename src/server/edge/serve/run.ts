// Runs one edge until told to stop and says where it listens: `tally edge run`, whether the full
// CLI runs it (from the sources; stopped by SIGINT or SIGTERM) or the edge-only program does
// (edge/main.ts in a worker thread, the build; stopped by a message from the main thread).
import type { Db } from '../../platform/db/connect.ts';
import type { CliIo } from '../../platform/cli/io.ts';
import type { EdgeDocument } from '../document.ts';
import { startEdge } from './start.ts';

/** Resolves at the first SIGINT or SIGTERM (Ctrl-C, a service manager's stop). */
export function untilSignalled(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export async function runEdgeUntilStopped(doc: EdgeDocument, db: Db, io: CliIo, log: (msg: string) => void, stopped: Promise<void>): Promise<void> {
  const running = await startEdge(doc, { db, log, defaultMetrics: true });
  const spec = doc.spec;
  io.stdout.write(`edge ${doc.metadata.name}: ${spec.listen.tls ? 'https (HTTP/2 and HTTP/1.1)' : 'http (HTTP/1.1)'} on ${spec.listen.host}:${running.proxy.port} → ${spec.upstream}; decisions (auth_request, /metrics, /healthz) on ${spec.decision.host}:${running.decision.port}\n`);
  const counts = Object.entries(running.ranges.counts).map(([p, n]) => `${p} ${n}`).join(', ');
  io.stdout.write(running.ranges.isExample ? `cloud ranges: only the built-in EXAMPLE (${counts}; no real provider) — run \`tally edge update-ranges\` and name the file in spec.ranges\n` : `cloud ranges: ${counts}\n`);
  await stopped;
  await running.close();
}
