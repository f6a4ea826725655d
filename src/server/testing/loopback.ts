// Real servers on loopback for the chat and mail paths (no mocks of the network): a stand-in for
// Slack's Web API answering the methods Tally calls, and an SMTP server (smtp-server) that keeps
// what arrives. Tests switch them into failing modes to exercise retries and failover.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ChatMessage {
  method: string;
  token: string | undefined;
  channel: string;
  text: string;
  blocks: unknown;
}

export interface SlackStandIn {
  /** The Web API base, e.g. http://127.0.0.1:PORT/api/ (notifications.slack.apiUrl). */
  apiUrl: string;
  messages: ChatMessage[];
  /** `ok`: answer; `down`: HTTP 503; `refuse`: `{ok:false, error:'channel_not_found'}`. */
  mode: 'ok' | 'down' | 'refuse';
  /** Requests to any other path (e.g. a revert webhook pointed here): answered 200. */
  hooks: { path: string; body: string }[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => resolve(body));
  });
}

/** Fields of a Web API call: form-encoded (the official client's default) or JSON. */
function fieldsOf(body: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return JSON.parse(body || '{}') as Record<string, unknown>;
  const form = Object.fromEntries(new URLSearchParams(body));
  if (typeof form.blocks === 'string') return { ...form, blocks: JSON.parse(form.blocks) };
  return form;
}

export async function startSlackStandIn(token = 'xoxb-test-token'): Promise<SlackStandIn> {
  const standIn = { messages: [] as ChatMessage[], mode: 'ok' as SlackStandIn['mode'], hooks: [] as SlackStandIn['hooks'] };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (!(req.url ?? '').startsWith('/api/')) {
      standIn.hooks.push({ path: req.url ?? '', body });
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
    if (standIn.mode === 'down') return json(503, { ok: false, error: 'service_unavailable' });
    if (req.headers.authorization !== `Bearer ${token}`) return json(200, { ok: false, error: 'invalid_auth' });
    if (standIn.mode === 'refuse') return json(200, { ok: false, error: 'channel_not_found' });
    if (method !== 'chat.postMessage') return json(200, { ok: false, error: 'unknown_method' });
    const f = fieldsOf(body, req.headers['content-type']);
    standIn.messages.push({ method, token, channel: String(f.channel), text: String(f.text ?? ''), blocks: f.blocks });
    return json(200, { ok: true, channel: f.channel, ts: `${Date.now() / 1000}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    apiUrl: `http://127.0.0.1:${port}/api/`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  });
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
}

export interface SmtpReceiver {
  port: number;
  mails: Mail[];
  /** When true, every message is refused with a temporary 451 (the server is "down"). */
  failing: boolean;
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const receiver = { mails: [] as Mail[], failing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        if (receiver.failing) return callback(Object.assign(new Error('mailbox busy, try later'), { responseCode: 451 }));
        const subject = (/^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)?.[1] ?? '').replace(/\r?\n[ \t]+/g, ' ');
        receiver.mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw, subject });
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(receiver, { port, close: () => new Promise<void>((r) => server.close(() => r())) });
}
