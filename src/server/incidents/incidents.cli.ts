// `tally incident …`: declare, list, show, and run an incident from a terminal, against a running
// server (--server / TALLY_SERVER, --token / TALLY_TOKEN). Edits read the incident's version
// first and send it, so a concurrent edit is refused (409) rather than overwritten.
import type { Command } from 'commander';
import type { IncidentPage } from '../../common/api/incidents-learning.ts';
import type { IncidentView } from '../../common/api/incidents.ts';
import { UsageError, type CliIo } from '../platform/cli/io.ts';
import { collect } from '../platform/cli/options.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';

type Remote = RemoteOptions & { json?: boolean };
const path = (key: string, rest = '') => `/api/v1/incidents/${encodeURIComponent(key)}${rest}`;

function line(i: IncidentView): string {
  const manager = i.roles.manager?.person ?? 'no manager';
  return `${i.ref}\t${i.severity}\t${i.state}\t${manager}\t${i.durations.elapsedMinutes} min\t${i.title}`;
}

function show(io: CliIo, page: IncidentPage, json?: boolean): void {
  if (json) return void io.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
  const i = page.incident;
  const impact = i.impact ? `${i.impact.users.count ?? `${i.impact.users.percent}%`} users (${i.impact.users.source}); ${i.impact.capabilities.map((c) => `${c.name} ${c.level}`).join(', ')}` : 'not assessed';
  const rows = [
    `${i.ref} ${i.severity} ${i.state}: ${i.title}`,
    `impact:     ${impact}`,
    `manager:    ${i.roles.manager?.person ?? '-'}    comms: ${i.roles.comms?.person ?? '-'}    responders: ${i.roles.responders.map((r) => r.person).join(', ') || '-'}`,
    `services:   ${i.services.join(', ') || '-'}`,
    `times:      impact ${i.times.impactStartedAt ?? '?'}  detected ${i.times.detectedAt}  declared ${i.times.declaredAt}  mitigated ${i.times.mitigatedAt ?? '-'}  resolved ${i.times.resolvedAt ?? '-'}`,
    `minutes:    to detect ${i.durations.toDetectMinutes ?? '-'}  to mitigate ${i.durations.toMitigateMinutes ?? '-'}  to resolve ${i.durations.toResolveMinutes ?? '-'}`,
    ...page.prompts.map((p) => `note:       ${p}`),
    i.url,
  ];
  io.stdout.write(`${rows.join('\n')}\n`);
}

/** `name=level` → a capability; a usage error otherwise. */
function capability(value: string): { name: string; level: string } {
  const i = value.lastIndexOf('=');
  if (i <= 0) throw new UsageError(`--capability must be name=degraded|partly-down|down, got "${value}"`);
  return { name: value.slice(0, i), level: value.slice(i + 1) };
}

async function version(o: Remote, io: CliIo, key: string): Promise<number> {
  return (await callServer<IncidentPage>(o, io, 'GET', path(key))).incident.version;
}

function readCommands(incident: Command, io: CliIo): void {
  remoteOptions(incident.command('list'))
    .description('incidents, active first')
    .option('--state <state>', 'active, resolved, closed or all (default all)')
    .option('--service <ref>')
    .option('--json')
    .action(async (o: Remote & { state?: string; service?: string }) => {
      const qs = new URLSearchParams({ limit: '50', ...(o.state ? { state: o.state } : {}), ...(o.service ? { service: o.service } : {}) });
      const res = await callServer<{ items: IncidentView[] }>(o, io, 'GET', `/api/v1/incidents?${qs}`);
      io.stdout.write(o.json ? `${JSON.stringify(res.items, null, 2)}\n` : res.items.map((i) => `${line(i)}\n`).join(''));
    });
  remoteOptions(incident.command('show').argument('<incident>', '42, INC-42 or its id'))
    .description('the incident: impact, roles, times and durations')
    .option('--json')
    .action(async (key: string, o: Remote) => show(io, await callServer<IncidentPage>(o, io, 'GET', path(key)), o.json));
}

function declareCommand(incident: Command, io: CliIo): void {
  remoteOptions(incident.command('declare'))
    .description('declare an incident; prints INC-n and its page')
    .requiredOption('--title <text>')
    .requiredOption('--severity <level>', 'e.g. SEV2 (incidents.severities)')
    .option('--service <ref>', 'an affected service (repeatable)', collect, [])
    .option('--impact-started-at <iso>', 'when users were first hurt')
    .option('--detected-at <iso>')
    .option('--alert-url <url>', 'the firing alert or page this comes from (kept as its source)')
    .option('--channel <id>', 'chat channel for its announcements')
    .option('--json')
    .action(async (o: Remote & { title: string; severity: string; service: string[]; impactStartedAt?: string; detectedAt?: string; alertUrl?: string; channel?: string }) => {
      const body = {
        title: o.title, severity: o.severity, services: o.service, source: o.alertUrl ? { via: 'alert', url: o.alertUrl } : { via: 'cli' },
        ...(o.impactStartedAt ? { impactStartedAt: o.impactStartedAt } : {}), ...(o.detectedAt ? { detectedAt: o.detectedAt } : {}), ...(o.channel ? { chatChannel: o.channel } : {}),
      };
      const page = await callServer<IncidentPage>(o, io, 'POST', '/api/v1/incidents', body);
      io.stdout.write(o.json ? `${JSON.stringify(page, null, 2)}\n` : `${page.incident.ref}\t${page.incident.url}\n`);
    });
}

function runCommands(incident: Command, io: CliIo): void {
  remoteOptions(incident.command('status').argument('<incident>').argument('<state>', 'investigating, identified, mitigating, monitoring, resolved or closed'))
    .description('move the incident (resolved needs --how and --evidence)')
    .option('--how <method>', 'resolving: metric, status-page or customer-report')
    .option('--evidence <text>', 'resolving: what showed user impact is gone')
    .option('--note <text>')
    .action(async (key: string, state: string, o: Remote & { how?: string; evidence?: string; note?: string }) => {
      const confirmation = o.how || o.evidence ? { how: o.how, evidence: o.evidence } : undefined;
      const page = await callServer<IncidentPage>(o, io, 'POST', path(key, '/state'), { version: await version(o, io, key), state, ...(confirmation ? { confirmation } : {}), ...(o.note ? { note: o.note } : {}) });
      io.stdout.write(`${line(page.incident)}\n`);
    });
  remoteOptions(incident.command('impact').argument('<incident>'))
    .description('assess the impact: users (a count or a percent, and the source) and capabilities')
    .option('--users <n>', 'how many users are affected')
    .option('--percent <p>', 'what share of users is affected')
    .requiredOption('--source <text>', 'where the figure comes from')
    .option('--capability <name=level>', 'degraded, partly-down or down (repeatable)', collect, [])
    .action(async (key: string, o: Remote & { users?: string; percent?: string; source: string; capability: string[] }) => {
      const users = { ...(o.users !== undefined ? { count: Number(o.users) } : {}), ...(o.percent !== undefined ? { percent: Number(o.percent) } : {}), source: o.source };
      await callServer(o, io, 'PUT', path(key, '/impact'), { version: await version(o, io, key), impact: { users, capabilities: o.capability.map(capability) } });
      io.stdout.write('impact recorded\n');
    });
  remoteOptions(incident.command('role').argument('<incident>').argument('<role>', 'manager, comms or responder').argument('<person>'))
    .description('assign a role; for manager and comms, a handoff')
    .action(async (key: string, role: string, person: string, o: Remote) => {
      const page = await callServer<IncidentPage>(o, io, 'POST', path(key, '/roles'), { role, person });
      io.stdout.write(`${line(page.incident)}\n`);
    });
  remoteOptions(incident.command('note').argument('<incident>').argument('<text>'))
    .description('add a note to the timeline')
    .option('--at <iso>', 'when it happened, if earlier')
    .action(async (key: string, text: string, o: Remote & { at?: string }) => {
      await callServer(o, io, 'POST', path(key, '/notes'), { text, ...(o.at ? { happenedAt: o.at } : {}) });
      io.stdout.write('noted\n');
    });
  remoteOptions(incident.command('update').argument('<incident>').argument('<text>'))
    .description('send a status update to the channels and subscribers')
    .action(async (key: string, text: string, o: Remote) => {
      await callServer(o, io, 'POST', path(key, '/updates'), { text });
      io.stdout.write('update sent\n');
    });
}

export function incidentCommands(program: Command, io: CliIo): void {
  const incident = program.command('incident').description('declare and run incidents');
  declareCommand(incident, io);
  readCommands(incident, io);
  runCommands(incident, io);
}
