// Running slash commands and button presses: each is one transaction acting as the chat user
// (`slack:<name>`), through the same functions as the API, and answers with a Slack message.
// Chat acts on the incident's current version: a command is an explicit instruction, not an edit
// of something the user read earlier.
import type { IncidentState } from '../../../common/api/incidents.ts';
import { normalizeRef } from '../../../common/refs.ts';
import { NotFoundError } from '../../platform/problems.ts';
import { assignRole } from '../coordination/roles.ts';
import type { WriteCtx } from '../record/context.ts';
import { declareIncident } from '../record/declare.ts';
import { changeState } from '../record/edit.ts';
import { loadIncident } from '../record/load.ts';
import { addNote } from '../record/notes.ts';
import { activeIncidentInChannel } from '../record/repository.ts';
import type { IncidentRow } from '../tables.ts';
import { USAGE, type ChatCommand } from './parse.ts';

export interface ChatReply {
  response_type: 'in_channel' | 'ephemeral';
  text: string;
  blocks?: Record<string, unknown>[];
}

export interface ChatCaller {
  user: string;
  channel: string;
}

const button = (text: string, actionId: string, value: string) => ({ type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value });
const say = (text: string, blocks?: Record<string, unknown>[]): ChatReply => ({ response_type: 'in_channel', text, ...(blocks ? { blocks } : {}) });

async function target(ctx: WriteCtx, incident: string | undefined, channel: string): Promise<IncidentRow> {
  if (incident) return loadIncident(ctx.db, incident);
  const row = await activeIncidentInChannel(ctx.db, channel);
  if (!row) throw new NotFoundError('no active incident was declared in this channel: name one, e.g. INC-12');
  return row;
}

function summary(row: IncidentRow): string {
  return `INC-${row.number} · ${row.severity} · ${row.state} · ${row.title}`;
}

export async function runChatCommand(ctx: WriteCtx, cmd: ChatCommand, caller: ChatCaller): Promise<ChatReply> {
  switch (cmd.verb) {
    case 'help':
      return { response_type: 'ephemeral', text: USAGE };
    case 'invalid':
      return { response_type: 'ephemeral', text: `${cmd.reason}\n${USAGE}` };
    case 'declare':
      return declareFromChat(ctx, cmd, caller);
    case 'status': {
      const row = await target(ctx, cmd.incident, caller.channel);
      if (!cmd.state) return { response_type: 'ephemeral', text: summary(row) };
      await changeState(ctx, row, { version: row.version, state: cmd.state as IncidentState, note: cmd.note });
      return say(`INC-${row.number} is now ${cmd.state}${cmd.note ? `: ${cmd.note}` : ''}`);
    }
    case 'role': {
      const row = await target(ctx, cmd.incident, caller.channel);
      const person = cmd.person === 'me' ? ctx.actor : cmd.person;
      await assignRole(ctx, row, { role: cmd.role as 'manager', person });
      return say(`INC-${row.number}: ${person} is now ${cmd.role === 'comms' ? 'the communications lead' : cmd.role === 'manager' ? 'the incident manager' : 'a responder'}`);
    }
    case 'note': {
      const row = await target(ctx, cmd.incident, caller.channel);
      await addNote(ctx, row, { text: cmd.text });
      return { response_type: 'ephemeral', text: `Noted in INC-${row.number}'s timeline.` };
    }
    case 'resolve':
      return resolveCommand(ctx, cmd, caller);
  }
}

/** Declares in the caller's channel (its announcements go there); the default severity is the second level. */
async function declareFromChat(ctx: WriteCtx, cmd: Extract<ChatCommand, { verb: 'declare' }>, caller: ChatCaller): Promise<ChatReply> {
  const levels = ctx.config.incidents.severities;
  const services = cmd.services.map((s) => normalizeRef(s, { defaultKind: 'component' }) ?? s);
  const row = await declareIncident(ctx, { title: cmd.title, severity: cmd.severity ?? (levels[1] ?? levels[0]).level, services, source: { via: 'chat' }, chatChannel: caller.channel, takeManager: true });
  const actions = { type: 'actions', elements: [button('Join as responder', 'role:responder', row.id), button('Take over as incident manager', 'role:manager', row.id)] };
  return say(`Declared ${summary(row)}. Incident manager: ${ctx.actor}.`, [{ type: 'section', text: { type: 'mrkdwn', text: `:rotating_light: *Declared ${summary(row)}*\nIncident manager: ${ctx.actor}` } }, actions]);
}

/** With a method and evidence, resolves; otherwise asks how impact was confirmed, with buttons. */
async function resolveCommand(ctx: WriteCtx, cmd: Extract<ChatCommand, { verb: 'resolve' }>, caller: ChatCaller): Promise<ChatReply> {
  const row = await target(ctx, cmd.incident, caller.channel);
  if (cmd.how && cmd.evidence) {
    await changeState(ctx, row, { version: row.version, state: 'resolved', confirmation: { how: cmd.how as 'metric', evidence: cmd.evidence } });
    return say(`INC-${row.number} resolved: user impact is gone (${cmd.how}: ${cmd.evidence}).`);
  }
  const ask = `Before INC-${row.number} is resolved: how was it confirmed that user impact is gone?`;
  return {
    response_type: 'ephemeral',
    text: ask,
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ask } }, { type: 'actions', elements: [button('A metric shows it', 'resolve:metric', row.id), button('The status page shows it', 'resolve:status-page', row.id), button('A customer confirmed it', 'resolve:customer-report', row.id)] }],
  };
}

/** A button press: `role:<role>` or `resolve:<method>`, with the incident's id as the value. */
export async function runChatAction(ctx: WriteCtx, action: { id: string; value: string }, caller: ChatCaller): Promise<ChatReply> {
  const row = await loadIncident(ctx.db, action.value);
  const [kind, arg] = action.id.split(':');
  if (kind === 'role' && (arg === 'manager' || arg === 'responder' || arg === 'comms')) {
    await assignRole(ctx, row, { role: arg, person: ctx.actor });
    return say(`INC-${row.number}: ${ctx.actor} is now ${arg === 'manager' ? 'the incident manager' : arg === 'comms' ? 'the communications lead' : 'a responder'}`);
  }
  if (kind === 'resolve' && arg) {
    await changeState(ctx, row, { version: row.version, state: 'resolved', confirmation: { how: arg as 'metric', evidence: `confirmed in chat by ${ctx.actor} (channel ${caller.channel})` } });
    return say(`INC-${row.number} resolved: user impact is gone (${arg}, confirmed by ${ctx.actor}).`);
  }
  return { response_type: 'ephemeral', text: `unknown action ${action.id}` };
}
