// `tally edge`'s reverse proxy: HTTP/1.1 and HTTP/2 (TLS terminated by node:http2 with
// allowHTTP1; plain HTTP/1.1 without a certificate). Each connection's ClientHello is read before
// the handshake (read-tls-client-hello) for JA4; each request is fingerprinted, decided, and then
// forwarded to the upstream or answered as the decision says. A hello or preface that is not one
// is closed as any server would (no page, no clue).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import http2, { type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import type { Server, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { readTlsClientHello } from 'read-tls-client-hello';
import { h2Fingerprint } from '../fingerprint/h2.ts';
import { readPreface, type H2Preface } from '../fingerprint/h2-preface.ts';
import { ja4String } from '../fingerprint/ja4.ts';
import { p0fLookup } from '../fingerprint/p0f.ts';
import { act, decideAndCount, requestFacts, type EdgeRuntime, type Req } from './runtime.ts';
import { send, type Res } from './respond.ts';
import { listenTracked } from './listen.ts';

const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'http2-settings', 'proxy-authorization']);
const MAX_REWRITE = 2 * 1024 * 1024;
const HELLO_TIMEOUT_MS = 10_000;

/** Errors of a response to a client that went away: nothing to do (one function for all). */
const ignore = (): void => {};

const ja4BySocket = new WeakMap<Socket, string>();
const h2BySession = new WeakMap<Http2Session, string>();
const prefaceBySession = new WeakMap<Http2Session, H2Preface>();
/** p0f's answer per client address, asked once per connection. */
const osBySocket = new WeakMap<Socket, Promise<string | undefined>>();

export interface Forwarder {
  (req: Req, res: Res, o: { ip: string; proto: string; session: string; setCookie?: string }): void;
  close(): void;
}

/** Forwards to the upstream over a keep-alive pool; HTML gets the hidden honeypot link, robots.txt its Disallow. */
export function forwarder(rt: EdgeRuntime): Forwarder {
  const upstream = new URL(rt.spec.upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 64 });
  const fn = ((req, res, o) => {
    const headers: OutgoingHttpHeaders = {};
    const inHeaders = req.headers;
    for (const k in inHeaders) {
      const v = inHeaders[k];
      if (k.charCodeAt(0) !== 0x3a && v !== undefined && !HOP.has(k)) headers[k] = v;
    }
    if (req.httpVersion === '2.0') headers.host = req.headers[':authority'] as string | undefined;
    const prior = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = prior ? `${String(prior)}, ${o.ip}` : o.ip;
    headers['x-forwarded-proto'] = o.proto;
    const path = req.url ?? '/';
    const t0 = performance.now();
    const up = http.request({ host: upstream.hostname, port: upstream.port || 80, method: req.method, path, headers, agent }, (ur) => {
      rt.latency.observe(path, performance.now() - t0);
      const out: OutgoingHttpHeaders = {};
      const upHeaders = ur.headers;
      for (const k in upHeaders) {
        const v = upHeaders[k];
        if (v !== undefined && !HOP.has(k)) out[k] = v;
      }
      if (o.setCookie) out['set-cookie'] = [...(Array.isArray(out['set-cookie']) ? out['set-cookie'] : []), o.setCookie];
      const type = String(ur.headers['content-type'] ?? '');
      const rewrite = (path === '/robots.txt' || path.startsWith('/robots.txt?')) ? (t: string) => rt.honeypot.robots(t)
        : type.startsWith('text/html') && !ur.headers['content-encoding'] && req.method === 'GET' ? (t: string) => rt.honeypot.inject(t, o.session) : undefined;
      if (!rewrite) {
        res.writeHead(ur.statusCode ?? 502, out);
        ur.pipe(res as ServerResponse);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let passthrough = false;
      ur.on('data', (c: Buffer) => {
        if (passthrough) return void (res as ServerResponse).write(c);
        chunks.push(c);
        size += c.length;
        if (size > MAX_REWRITE) {
          passthrough = true;
          res.writeHead(ur.statusCode ?? 502, out);
          for (const b of chunks) (res as ServerResponse).write(b);
        }
      });
      ur.on('end', () => {
        if (passthrough) return void res.end();
        const body = Buffer.from(rewrite(Buffer.concat(chunks).toString('utf8')));
        delete out['content-length'];
        res.writeHead(ur.statusCode ?? 502, { ...out, 'content-length': String(body.length) });
        res.end(body);
      });
      ur.on('error', () => res.destroy());
    });
    up.on('error', () => (res.headersSent ? res.destroy() : send(res, 502, 'text/html', '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>')));
    up.setNoDelay(true);
    (req as IncomingMessage).pipe(up);
  }) as Forwarder;
  fn.close = () => agent.destroy();
  return fn;
}

// New session ids (12 random bytes, base64url) cut from a pool filled 256 at a time: one call into
// the random source per 256 cookie-less requests instead of one each.
const POOL = 256 * 12;
let pool = Buffer.alloc(0);
let poolAt = POOL;
export function newSessionId(): string {
  if (poolAt >= pool.length) {
    pool = randomBytes(POOL);
    poolAt = 0;
  }
  poolAt += 12;
  return pool.toString('base64url', poolAt - 12, poolAt);
}

function tlsSocketOf(req: Req): TLSSocket | undefined {
  if (req.httpVersion === '2.0') return (req as Http2ServerRequest).stream.session?.socket as TLSSocket | undefined;
  return req.socket as TLSSocket;
}

function parentOf(s: TLSSocket | undefined): Socket | undefined {
  return (s as unknown as { _parent?: Socket })?._parent ?? s;
}

function tcpOs(rt: EdgeRuntime, req: Req, proto: 'http' | 'https'): Promise<string | undefined> | undefined {
  const p0f = rt.spec.p0f;
  if (!p0f) return undefined;
  const raw = proto === 'https' ? parentOf(tlsSocketOf(req)) : (req.socket as Socket);
  if (!raw) return undefined;
  let os = osBySocket.get(raw);
  if (!os) osBySocket.set(raw, (os = p0fLookup(p0f.socket, (raw.remoteAddress ?? '').replace(/^::ffff:/, ''))));
  const wait = new Promise<undefined>((r) => setTimeout(r, p0f.waitMs));
  return Promise.race([os, wait]);
}

export function handler(rt: EdgeRuntime, forward: Forwarder, proto: 'http' | 'https') {
  const handle = serve(rt, forward, proto);
  return (req: Req, res: Res): void => {
    const os = tcpOs(rt, req, proto);
    if (!os) return handle(req, res);
    void os.then((v) => handle(req, res, v));
  };
}

function serve(rt: EdgeRuntime, forward: Forwarder, proto: 'http' | 'https') {
  return (req: Req, res: Res, os?: string): void => {
    res.on('error', ignore);
    const ip = (req.socket?.remoteAddress ?? '').replace(/^::ffff:/, '');
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    let fpJa4: string | undefined;
    let fpH2: string | undefined;
    if (proto === 'https') {
      const socket = tlsSocketOf(req);
      fpJa4 = ja4BySocket.get(parentOf(socket)!) ?? ja4BySocket.get(socket as unknown as Socket);
      if (req.httpVersion === '2.0') {
        const session = (req as Http2ServerRequest).stream.session!;
        fpH2 = h2BySession.get(session);
        if (!fpH2) h2BySession.set(session, (fpH2 = h2Fingerprint(session, req.rawHeaders, prefaceBySession.get(session))));
      }
    }
    const facts = requestFacts(rt, req, { ip, method, path, ja4: fpJa4, h2: fpH2, tcpOs: os });
    const session = facts.session ?? newSessionId();
    const setCookie = facts.session ? undefined : `${rt.spec.session.cookie}=${session}; Path=/; HttpOnly; SameSite=Lax${proto === 'https' ? '; Secure' : ''}`;
    const d = decideAndCount(rt, facts);
    const go = () => forward(req, res, { ip, proto, session, setCookie });
    if (act(rt, d.action, method, path, session, res, go)) return;
    if (d.action === 'throttle' && d.delayMs) setTimeout(go, d.delayMs);
    else go();
  };
}

export interface Listening {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * Reads the HTTP/2 preface of every h2 connection before node:http2 takes the socket (the SETTINGS
 * order and PRIORITY frames, which Node does not report); the session started for that socket
 * gets it. HTTP/1.1 over TLS is handed on at once.
 */
function fingerprintPrefaces(server: Server): void {
  const h2Listener = server.listeners('secureConnection')[0] as (socket: TLSSocket) => void;
  server.removeListener('secureConnection', h2Listener);
  let forSession: H2Preface | undefined;
  // node:http2 creates the session synchronously inside its listener: the preface read goes to it.
  server.on('session', (session: Http2Session) => {
    if (forSession) prefaceBySession.set(session, forSession);
  });
  server.on('secureConnection', (socket: TLSSocket) => {
    if (socket.alpnProtocol !== 'h2') return void h2Listener.call(server, socket);
    readPreface(socket, HELLO_TIMEOUT_MS, (preface) => {
      if (socket.destroyed) return;
      forSession = preface;
      try {
        h2Listener.call(server, socket);
      } finally {
        forSession = undefined;
      }
    });
  });
}

/** Reads the ClientHello (JA4) of every TLS connection before the handshake goes on. */
function fingerprintHellos(server: Server): void {
  const tlsListener = server.listeners('connection')[0] as (socket: Socket) => void;
  server.removeListener('connection', tlsListener);
  server.on('connection', (socket: Socket) => {
    socket.setTimeout(HELLO_TIMEOUT_MS, () => socket.destroy());
    readTlsClientHello(socket).then(
      (hello) => ja4BySocket.set(socket, ja4String(hello)),
      () => {}, // not TLS or malformed: the TLS layer closes it as any server would
    ).finally(() => {
      socket.setTimeout(0);
      if (!socket.destroyed) tlsListener.call(server, socket);
    });
  });
}

export async function listenProxy(rt: EdgeRuntime, o: { host: string; port: number; plain?: boolean }): Promise<Listening> {
  const forward = forwarder(rt);
  const tlsFiles = o.plain ? undefined : rt.spec.listen.tls;
  let server: Server;
  if (tlsFiles) {
    const s = http2.createSecureServer({ key: readFileSync(tlsFiles.key), cert: readFileSync(tlsFiles.cert), allowHTTP1: true, settings: { maxConcurrentStreams: 256 } });
    s.on('request', handler(rt, forward, 'https') as (req: Http2ServerRequest, res: Http2ServerResponse) => void);
    s.on('sessionError', () => {});
    s.on('tlsClientError', () => {});
    s.setTimeout(120_000);
    fingerprintHellos(s);
    fingerprintPrefaces(s);
    server = s;
  } else {
    const s = http.createServer({ keepAliveTimeout: 65_000, headersTimeout: 30_000, requestTimeout: 120_000 }, handler(rt, forward, 'http') as (req: IncomingMessage, res: ServerResponse) => void);
    s.on('clientError', (_err, socket) => socket.destroy());
    server = s;
  }
  const listening = await listenTracked(server, o.port, o.host);
  return {
    server,
    port: listening.port,
    close: () => {
      forward.close();
      return listening.close();
    },
  };
}
