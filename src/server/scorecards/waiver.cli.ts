// `tally waiver request|approve|reject|list` and `tally attest`: the exceptions and manual
// checks of the scorecards, on the server (POST /api/v1/waivers, /api/v1/waivers/:id/approve|
// reject, /api/v1/attestations). A request needs any token; approving, rejecting and attesting an
// editor's. Approving and attesting re-grade the entity at once, and the new grade is printed.
import type { Command } from 'commander';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { choiceOption, expiryOption } from '../platform/cli/options.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';
import { runLine } from './evaluate.cli.ts';
import type { RunSummary } from './evaluation/run.ts';

interface Waiver {
  id: string;
  entity: string;
  scorecard: string;
  requirement: string;
  reason: string;
  status: string;
  requestedBy: string;
  decidedBy: string | null;
  expiresAt: string;
}
interface Target extends RemoteOptions {
  scorecard: string;
  requirement: string;
}

const waiverLine = (w: Waiver) => `${w.id}\t${w.status}\t${w.entity}\t${w.scorecard}/${w.requirement}\tuntil ${w.expiresAt}\t${w.requestedBy}${w.decidedBy ? ` → ${w.decidedBy}` : ''}\t${w.reason}`;

/** --scorecard and --requirement, both required: which requirement of which entity. */
const target = (cmd: Command): Command =>
  remoteOptions(cmd).requiredOption('--scorecard <name>', 'the scorecard').requiredOption('--requirement <id>', 'the requirement id');

export function waiverCommands(program: Command, io: CliIo): void {
  const waiver = program.command('waiver').description('exceptions to a requirement: request (any token), approve or reject (editor), list');
  target(waiver.command('request').description('ask for a waiver of one requirement for one entity; prints its id').argument('<ref>', 'the entity'))
    .requiredOption('--reason <text>', 'why (at least 3 characters; shown to whoever decides)')
    .requiredOption('--expires <when>', 'until when: a date-time or a duration from now (30d)', expiryOption('--expires'))
    .action(async (entity: string, o: Target & { reason: string; expires: string }) => {
      const w = await callServer<Waiver>(o, io, 'POST', '/api/v1/waivers', { entity, scorecard: o.scorecard, requirement: o.requirement, reason: o.reason, expiresAt: o.expires });
      io.stdout.write(`${w.id}\n`);
      io.stderr.write(`waiver requested for ${w.entity} ${w.scorecard}/${w.requirement} until ${w.expiresAt}; an editor decides with \`tally waiver approve ${w.id}\` (or reject)\n`);
    });
  for (const decision of ['approve', 'reject'] as const) {
    remoteOptions(waiver.command(decision).description(`${decision} a requested waiver (editor token)${decision === 'approve' ? '; the entity is re-graded' : ''}`).argument('<id>', 'the waiver id (tally waiver list)')).action(async (id: string, o: RemoteOptions) => {
      const w = await callServer<Waiver & { runs: RunSummary[] }>(o, io, 'POST', `/api/v1/waivers/${encodeURIComponent(id)}/${decision}`);
      io.stdout.write(`${w.status} ${w.id}: ${w.entity} ${w.scorecard}/${w.requirement} until ${w.expiresAt}\n`);
      for (const r of w.runs) io.stdout.write(`${runLine(r)}\n`);
    });
  }
  remoteOptions(waiver.command('list').description('waivers, newest first: id, status, entity, requirement, expiry, who, reason'))
    .option('--entity <ref>', 'only this entity')
    .option('--status <status>', 'requested, approved or rejected', choiceOption('--status', ['requested', 'approved', 'rejected']))
    .action(async (o: RemoteOptions & { entity?: string; status?: string }) => {
      const qs = new URLSearchParams({ ...(o.entity ? { entity: o.entity } : {}), ...(o.status ? { status: o.status } : {}) });
      const { items } = await callServer<{ items: Waiver[] }>(o, io, 'GET', `/api/v1/waivers${qs.size ? `?${qs}` : ''}`);
      for (const w of items) io.stdout.write(`${waiverLine(w)}\n`);
    });
}

export function attestCommands(program: Command, io: CliIo): void {
  target(program.command('attest').description('record the outcome of a manual check for an entity (editor token); the entity is re-graded').argument('<ref>', 'the entity'))
    .option('--passed', 'the check passed')
    .option('--failed', 'the check failed')
    .requiredOption('--expires <when>', 'until when it holds: a date-time or a duration from now (90d)', expiryOption('--expires'))
    .option('--note <text>', 'what was checked, a link to the evidence')
    .action(async (entity: string, o: Target & { passed?: boolean; failed?: boolean; expires: string; note?: string }) => {
      if (!!o.passed === !!o.failed) throw new UsageError('say --passed or --failed (one of them)');
      const body = { entity, scorecard: o.scorecard, requirement: o.requirement, passed: !!o.passed, expiresAt: o.expires, ...(o.note ? { note: o.note } : {}) };
      const a = await callServer<{ entity: string; attestedBy: string; runs: RunSummary[] }>(o, io, 'POST', '/api/v1/attestations', body);
      io.stdout.write(`attested ${a.entity} ${o.scorecard}/${o.requirement}: ${o.passed ? 'passed' : 'failed'} until ${o.expires} (by ${a.attestedBy})\n`);
      for (const r of a.runs) io.stdout.write(`${runLine(r)}\n`);
    });
}
