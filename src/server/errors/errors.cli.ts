// `tally errors …`: `fingerprint` groups one event locally (no server): the hashes Tally — and
// Sentry — would file it under, primary first. The other subcommands talk to a running server.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ErrorProject, IssueSummary } from '../../common/api/errors.ts';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import { groupEvent } from './grouping/grouping.ts';

const MAX_EVENT_BYTES = 20 * 1024 * 1024;

function readInput(file: string | undefined): string {
  const source = !file || file === '-' ? 0 : file;
  let buf: Buffer;
  try {
    buf = readFileSync(source);
  } catch (e) {
    throw new UsageError(`cannot read ${source === 0 ? 'standard input' : file}: ${(e as Error).message}`);
  }
  if (buf.length > MAX_EVENT_BYTES) throw new UsageError(`${source === 0 ? 'standard input' : file} is over ${MAX_EVENT_BYTES} bytes`);
  return buf.toString('utf8');
}

export function fingerprintCommand(errors: Command, io: CliIo): void {
  errors
    .command('fingerprint')
    .argument('[file]', 'one event as JSON (Sentry\'s event payload); - or nothing reads standard input')
    .description('the group hashes of one event (primary first), as Sentry computes them')
    .option('--format <format>', 'text or json', 'text')
    .option('--explain', 'with --format text: the values each variant hashed')
    .action((file: string | undefined, o: { format: string; explain?: boolean }) => {
      if (o.format !== 'text' && o.format !== 'json') throw new UsageError(`--format must be text or json, got "${o.format}"`);
      const text = readInput(file);
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (e) {
        throw new UsageError(`${file && file !== '-' ? file : 'standard input'} is not JSON: ${(e as Error).message}`);
      }
      let result;
      try {
        result = groupEvent(raw);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      if (o.format === 'json') {
        const variants = Object.fromEntries(result.variants.map((v) => [v.name, { hash: v.hash, values: v.values }]));
        io.stdout.write(`${JSON.stringify({ hashes: result.hashes, config: result.config, variants })}\n`);
        return;
      }
      for (const v of result.variants) {
        io.stdout.write(`${v.hash ?? '-'}\t${v.name}\n`);
        if (o.explain) for (const value of v.values) io.stdout.write(`\t\t${JSON.stringify(value)}\n`);
      }
    });
}

type Remote = RemoteOptions & { json?: boolean };

function remoteCommands(errors: Command, io: CliIo): void {
  remoteOptions(errors.command('projects'))
    .description('Sentry projects and the DSN each SDK is configured with')
    .option('--entity <ref>', 'only this service (e.g. checkout)')
    .option('--json')
    .action(async (o: Remote & { entity?: string }) => {
      const qs = new URLSearchParams(o.entity ? { entity: o.entity } : {});
      const res = await callServer<{ items: ErrorProject[] }>(o, io, 'GET', `/api/v1/errors/projects?${qs}`);
      io.stdout.write(o.json ? `${JSON.stringify(res.items, null, 2)}\n` : res.items.map((p) => `${p.id}\t${p.entity}\t${p.dsn}\n`).join(''));
    });
  remoteOptions(errors.command('issues'))
    .description('issues, most recently seen first')
    .option('--entity <ref>', 'only this service')
    .option('--status <list>', 'unresolved, resolved, resolved-next-release, ignored (comma-separated)')
    .option('--limit <n>', 'at most this many (default 50)', '50')
    .option('--json')
    .action(async (o: Remote & { entity?: string; status?: string; limit: string }) => {
      const qs = new URLSearchParams({ limit: o.limit, ...(o.entity ? { entity: o.entity } : {}), ...(o.status ? { status: o.status } : {}) });
      const res = await callServer<{ items: IssueSummary[] }>(o, io, 'GET', `/api/v1/errors/issues?${qs}`);
      if (o.json) return void io.stdout.write(`${JSON.stringify(res.items, null, 2)}\n`);
      for (const i of res.items) io.stdout.write(`${i.id}\t${i.status}\t${i.events} events\t${i.users} users\t${i.lastSeen}\t${i.title}\n`);
    });
}

function decryptCommand(errors: Command, io: CliIo): void {
  remoteOptions(errors.command('decrypt').argument('<blob>', 'the debug blob from an error page (tdb1.…)'))
    .description('decrypts a debug blob (admin token): trace id, event id, time, host, and the events found')
    .option('--json')
    .action(async (blob: string, o: Remote) => {
      const res = await callServer<{ entity: string; keyId: string; data: Record<string, string>; events: Array<{ issueId: string; eventId: string; occurredAt: string }> }>(o, io, 'POST', '/api/v1/errors/debug-blobs/decrypt', { blob });
      if (o.json) return void io.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
      const d = res.data;
      io.stdout.write(`entity:   ${res.entity} (key ${res.keyId})\ntrace id: ${d.traceId}\nevent id: ${d.eventId ?? '-'}\ntime:     ${d.time}\nhost:     ${d.host ?? '-'}\n`);
      for (const e of res.events) io.stdout.write(`event:    ${e.eventId} at ${e.occurredAt} (issue ${e.issueId})\n`);
    });
}

export function errorCommands(program: Command, io: CliIo): void {
  const errors = program.command('errors').description('error tracking: Sentry-compatible ingest, issues, grouping');
  fingerprintCommand(errors, io);
  remoteCommands(errors, io);
  decryptCommand(errors, io);
}
