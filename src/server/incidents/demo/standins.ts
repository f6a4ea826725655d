// The demo's stand-ins for a chat server and a mail server, active only with `server.demo`, so
// a new user can watch announcements arrive without a Slack workspace or a mail relay:
// - an HTTP server on the loopback port of `notifications.slack.apiUrl` answers the Slack Web API
//   methods Tally calls (chat.postMessage), checking the bot token; `GET /demo/slack/messages`
//   shows what arrived;
// - an SMTP server on the loopback port of `notifications.email` (smtp-server) keeps what it
//   receives; `GET /demo/mail` shows it.
// Both keep the last 200 items in memory: demo props, not Tally's state.
import { createServer, type IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps.ts';

interface Received {
  at: string;
  [field: string]: unknown;
}

const LIMIT = 200;
const inbox = { messages: [] as Received[], mails: [] as Received[] };
const keep = (list: Received[], item: Received) => {
  list.unshift(item);
  list.length = Math.min(list.length, LIMIT);
};

/** What arrived at the stand-ins, for a person watching the demo. */
export function demoStandInRoutes(app: FastifyInstance, deps: AppDeps): void {
  if (!deps.config.server.demo) return;
  app.get('/demo/slack/messages', { schema: { hide: true } }, async () => ({ messages: inbox.messages }));
  app.get('/demo/mail', { schema: { hide: true } }, async () => ({ mails: inbox.mails }));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
  });
}

/**
 * The chat stand-in listens on its own loopback port (that of notifications.slack.apiUrl): on
 * Tally's own port the bot token in `Authorization` would be taken for a Tally API token.
 * Slack's Web API answers 200 with `{ ok: false, error }` for refusals.
 */
function startDemoChat(deps: Pick<AppDeps, 'config' | 'log' | 'clock'>, url: URL): void {
  const token = deps.config.notifications.slack.token;
  const server = createServer(async (req, res) => {
    const raw = await readBody(req);
    const answer = (value: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (!token || req.headers.authorization !== `Bearer ${token}`) return answer({ ok: false, error: 'invalid_auth' });
    if (!(req.url ?? '').endsWith('/chat.postMessage')) return answer({ ok: false, error: 'unknown_method' });
    const body: Record<string, string> = (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw || '{}') : Object.fromEntries(new URLSearchParams(raw));
    keep(inbox.messages, { at: deps.clock().toISOString(), channel: body.channel, text: body.text, blocks: typeof body.blocks === 'string' ? JSON.parse(body.blocks) : body.blocks });
    return answer({ ok: true, channel: body.channel, ts: String(deps.clock().getTime() / 1000) });
  });
  server.on('error', (err) => deps.log.warn({ err: err.message, url: url.href }, 'the demo chat stand-in could not listen; chat messages will wait in the outbox'));
  server.listen(Number(url.port || 80), url.hostname);
  server.unref();
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Starts the chat stand-in when the demo's Slack API URL is on loopback, and the SMTP stand-in
 * when it mails a loopback relay; a port already taken (another
 * demo server) is logged and skipped — mail then waits in the outbox like any mail to a dead relay.
 * smtp-server is a development dependency: loaded only here, only in demo mode.
 */
export async function startDemoStandIns(deps: Pick<AppDeps, 'config' | 'log' | 'clock'>): Promise<void> {
  if (!deps.config.server.demo) return;
  const chat = new URL(deps.config.notifications.slack.apiUrl);
  if (LOOPBACK.has(chat.hostname)) startDemoChat(deps, chat);
  const smtp = deps.config.notifications.email;
  if (!smtp.host || !LOOPBACK.has(smtp.host)) return;
  let SMTPServer: typeof import('smtp-server').SMTPServer;
  try {
    ({ SMTPServer } = await import('smtp-server'));
  } catch {
    return void deps.log.warn('the demo mailbox needs the smtp-server package (npm install); mail will wait in the outbox');
  }
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        keep(inbox.mails, { at: deps.clock().toISOString(), from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), subject: (/^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '').replace(/\r?\n[ \t]+/g, ' '), text: raw.split(/\r?\n\r?\n/).slice(1).join('\n\n') });
        callback();
      });
    },
  });
  server.on('error', (err) => deps.log.warn({ err: err.message, port: smtp.port }, 'the demo mailbox could not listen; mail will wait in the outbox'));
  server.listen(smtp.port, smtp.host);
  server.server.unref();
}
