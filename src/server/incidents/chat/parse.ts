// The `/incident` slash command's grammar, pure:
//   declare [SEV1..] [services=a,b] <title>
//   status [INC-n] [<state> [note…]]
//   role [INC-n] <manager|comms|responder> <@user|name|me>
//   note [INC-n] <text>
//   resolve [INC-n] [metric|status-page|customer-report <evidence…>]
//   help
// `INC-n` may be left out in the incident's own channel (its latest active incident).
import { CONFIRMATION_METHODS, INCIDENT_STATES, ROLES } from '../../../common/api/incidents.ts';

export type ChatCommand =
  | { verb: 'declare'; severity?: string; services: string[]; title: string }
  | { verb: 'status'; incident?: string; state?: string; note?: string }
  | { verb: 'role'; incident?: string; role: string; person: string }
  | { verb: 'note'; incident?: string; text: string }
  | { verb: 'resolve'; incident?: string; how?: string; evidence?: string }
  | { verb: 'help' }
  | { verb: 'invalid'; reason: string };

export const USAGE = [
  '`/incident declare [SEV1-4] [services=checkout,payments] <title>` — declare an incident in this channel',
  '`/incident status [INC-n] [investigating|identified|mitigating|monitoring] [note]` — show or move it',
  '`/incident role [INC-n] manager|comms|responder @someone` — assign a role (manager: a handoff)',
  '`/incident note [INC-n] <text>` — add a note to the timeline',
  '`/incident resolve [INC-n] [metric|status-page|customer-report <evidence>]` — resolve, confirming impact is gone',
].join('\n');

const INC = /^INC-?\d+$/i;

/** `<@U123|alice>` (Slack's escaped mention) → `alice`; `@alice` → `alice`. */
export function personOf(word: string): string {
  const m = /^<@([A-Z0-9]+)(?:\|([^>]+))?>$/.exec(word);
  return m ? (m[2] ?? m[1]) : word.replace(/^@/, '');
}

function takeIncident(words: string[]): string | undefined {
  return words[0] && INC.test(words[0]) ? words.shift()!.toUpperCase() : undefined;
}

function declare(words: string[]): ChatCommand {
  const severity = words[0] && /^SEV\d+$/i.test(words[0]) ? words.shift()!.toUpperCase() : undefined;
  const services = words[0]?.startsWith('services=') ? words.shift()!.slice('services='.length).split(',').filter(Boolean) : [];
  const title = words.join(' ').trim();
  return title ? { verb: 'declare', severity, services, title } : { verb: 'invalid', reason: 'declare needs a title, e.g. `/incident declare SEV2 Checkout is failing`' };
}

export function parseCommand(text: string): ChatCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const verb = (words.shift() ?? 'help').toLowerCase();
  if (verb === 'declare') return declare(words);
  if (verb === 'help') return { verb: 'help' };
  const incident = takeIncident(words);
  if (verb === 'status') {
    const state = words[0] && (INCIDENT_STATES as readonly string[]).includes(words[0].toLowerCase()) ? words.shift()!.toLowerCase() : undefined;
    return { verb: 'status', incident, state, note: words.join(' ') || undefined };
  }
  if (verb === 'role') {
    const role = words.shift()?.toLowerCase();
    if (!role || !(ROLES as readonly string[]).includes(role) || !words[0]) return { verb: 'invalid', reason: 'usage: `/incident role [INC-n] manager|comms|responder @someone`' };
    return { verb: 'role', incident, role, person: personOf(words[0]) };
  }
  if (verb === 'note') return words.length ? { verb: 'note', incident, text: words.join(' ') } : { verb: 'invalid', reason: 'a note needs text' };
  if (verb === 'resolve') {
    const how = words[0] && (CONFIRMATION_METHODS as readonly string[]).includes(words[0].toLowerCase()) ? words.shift()!.toLowerCase() : undefined;
    return { verb: 'resolve', incident, how, evidence: words.join(' ') || undefined };
  }
  return { verb: 'invalid', reason: `unknown subcommand "${verb}"` };
}
