// `tally oncall now|rotations|pages|ack|resolve|incident|override`: who is on call, the rotations, pages
// and their ACK, and overrides, against a running server (--server / TALLY_SERVER, --token / TALLY_TOKEN).
import type { Command } from 'commander';
import type { OncallNow, Page, PageDetail, RotationSummary, Shift } from '../../common/api/oncall.ts';
import type { CliIo } from '../platform/cli/io.ts';
import { callServer, remoteOptions, type RemoteOptions } from '../platform/cli/remote.ts';

type Remote = RemoteOptions & { json?: boolean };
const who = (s: Shift | null) => (s ? `${s.person.name} until ${s.end}` : 'nobody (a gap)');
const json = (io: CliIo, v: unknown) => io.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
const pageLine = (p: Page) => `P-${p.number}\t${p.status}\t${p.rotation}\t${p.assignees.map((a) => a.name).join(', ')}\t${p.title}`;

export function oncallCommands(program: Command, io: CliIo): void {
  const oncall = program.command('oncall').description('on-call: who is on call, rotations, pages, ACK, overrides');

  remoteOptions(oncall.command('now'))
    .description('who is on call now, per team')
    .option('--json')
    .action(async (o: Remote) => {
      const now = await callServer<OncallNow>(o, io, 'GET', '/api/v1/oncall/now');
      if (o.json) return void json(io, now);
      const lines = now.teams.flatMap((t) => t.rotations.map((r) => `${t.teamName}\t${r.title ?? r.name}\t${who(r.now)}${r.now?.person.email ? ` <${r.now.person.email}>` : ''}\tnext: ${r.next ? r.next.person.name : '-'}`));
      io.stdout.write(lines.length ? `${lines.join('\n')}\n` : 'no rotations\n');
    });

  remoteOptions(oncall.command('rotations'))
    .description('the rotations, their layers and who is on call')
    .option('--json')
    .action(async (o: Remote) => {
      const res = await callServer<{ items: RotationSummary[] }>(o, io, 'GET', '/api/v1/rotations');
      if (o.json) return void json(io, res.items);
      io.stdout.write(res.items.map((r) => `${r.name}\t${r.owner}\t${r.layers.map((l) => `${l.name} (${l.shift}, ${l.members.length} people)`).join('; ')}\tnow: ${who(r.now)}\n`).join(''));
    });

  remoteOptions(oncall.command('pages'))
    .description('pages, newest first')
    .option('--status <status>', 'triggered, acknowledged, resolved, open or all', 'open')
    .option('--json')
    .action(async (o: Remote & { status: string }) => {
      const res = await callServer<{ items: Page[] }>(o, io, 'GET', `/api/v1/pages?status=${encodeURIComponent(o.status)}`);
      if (o.json) return void json(io, res.items);
      io.stdout.write(res.items.length ? res.items.map((p) => `${pageLine(p)}\n`).join('') : 'no pages\n');
    });

  for (const [verb, what] of [['ack', 'acknowledge a page: its escalation stops'], ['resolve', 'resolve a page']] as const) {
    remoteOptions(oncall.command(verb).argument('<page>', 'P-42, 42 or its id'))
      .description(what)
      .option('--json')
      .action(async (key: string, o: Remote) => {
        const d = await callServer<PageDetail>(o, io, 'POST', `/api/v1/pages/${encodeURIComponent(key)}/${verb}`);
        if (o.json) return void json(io, d);
        io.stdout.write(`${pageLine(d.page)}\n`);
      });
  }

  remoteOptions(oncall.command('incident').argument('<page>', 'P-42, 42 or its id'))
    .description('declare an incident from a page (the incident links the page)')
    .option('--severity <level>', 'a level of incidents.severities (default: the second)')
    .option('--title <title>', "default: the page's title")
    .option('--json')
    .action(async (key: string, o: Remote & { severity?: string; title?: string }) => {
      const body = { ...(o.severity ? { severity: o.severity } : {}), ...(o.title ? { title: o.title } : {}) };
      const d = await callServer<PageDetail>(o, io, 'POST', `/api/v1/pages/${encodeURIComponent(key)}/incident`, body);
      if (o.json) return void json(io, d);
      io.stdout.write(`P-${d.page.number} is now incident ${d.page.incident}\n`);
    });

  remoteOptions(oncall.command('override').argument('<rotation>').argument('<user>', 'who is on call instead'))
    .description('put someone on call instead, from --from to --to')
    .requiredOption('--from <instant>', 'ISO-8601 with offset, e.g. 2026-12-24T18:00:00+01:00')
    .requiredOption('--to <instant>')
    .option('--covers <user>', 'only while this person would be on call')
    .option('--json')
    .action(async (rotation: string, user: string, o: Remote & { from: string; to: string; covers?: string }) => {
      const body = { user, from: o.from, to: o.to, ...(o.covers ? { covers: o.covers } : {}) };
      const res = await callServer<{ id: string; user: string; from: string; to: string }>(o, io, 'POST', `/api/v1/rotations/${encodeURIComponent(rotation)}/overrides`, body);
      if (o.json) return void json(io, res);
      io.stdout.write(`override ${res.id}: ${res.user} on call ${res.from} – ${res.to}\n`);
    });
}
