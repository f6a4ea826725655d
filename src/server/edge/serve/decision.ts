// The decision service for a load balancer in front (nginx `auth_request`; docs/edge.md has the
// recipe), on its own private port:
//   GET /auth     nginx's subrequest, with the original headers and X-Original-Method,
//                 X-Original-URI, X-Real-IP and X-Request-Id: 204 to let the request through
//                 (after the throttle's delay), 401 when the edge answers it itself.
//   any other     with X-Edge-Answer: 1 (nginx's `error_page 401` location): the edge's answer for
//                 that request id (shadow, tarpit or maze), as the proxy would give it.
//   GET /metrics  Prometheus; GET /healthz the edge's own health (JSON).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Action } from '../engine.ts';
import { newSessionId, type Listening } from './proxy.ts';
import { send } from './respond.ts';
import { act, decideAndCount, requestFacts, type EdgeRuntime } from './runtime.ts';
import { listenTracked } from './listen.ts';

const ignore = (): void => {};
const ANSWER_TTL_MS = 60_000;
const MAX_PENDING = 100_000;

export interface EdgeHealth {
  ok: boolean;
  storeFailures: number;
  failOpen: number;
  tarpitSockets: number;
  activeBans: number;
  decisions: Record<Action, number>;
}

export function edgeHealth(rt: EdgeRuntime): EdgeHealth {
  const failures = rt.store.failures();
  return { ok: failures === 0 && rt.engine.counters.failOpen === 0, storeFailures: failures, failOpen: rt.engine.counters.failOpen, tarpitSockets: rt.tarpit.size, activeBans: rt.engine.activeBans(rt.now()).length, decisions: { ...rt.engine.counters.decisions } };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return typeof v === 'string' ? v.slice(0, 2000) : undefined;
};

export async function listenDecision(rt: EdgeRuntime, o: { host: string; port: number }): Promise<Listening> {
  const pending = new Map<string, { action: Action; session: string; at: number }>();
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req: IncomingMessage, res: ServerResponse) => {
    res.on('error', ignore);
    const url = req.url ?? '/';
    if (header(req, 'x-edge-answer')) {
      const id = header(req, 'x-request-id') ?? '';
      const p = pending.get(id);
      pending.delete(id);
      const path = header(req, 'x-original-uri') ?? url;
      if (!p || !act(rt, p.action, req.method ?? 'GET', path, p.session, res, () => send(res, 503, 'text/html', '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', { 'retry-after': '5' }))) {
        send(res, 503, 'text/html', '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', { 'retry-after': '5' });
      }
      return;
    }
    if (url === '/auth') {
      const ip = header(req, 'x-real-ip') ?? (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const method = header(req, 'x-original-method') ?? 'GET';
      const path = header(req, 'x-original-uri') ?? '/';
      const facts = requestFacts(rt, req, { ip, method, path, ja4: header(req, 'x-ja4') });
      const session = facts.session ?? newSessionId();
      const d = decideAndCount(rt, facts);
      const extra: Record<string, string> = { 'x-edge-action': d.action };
      if (!facts.session) extra['x-edge-set-cookie'] = `${rt.spec.session.cookie}=${session}; Path=/; HttpOnly; SameSite=Lax`;
      if (d.action === 'allow' || d.action === 'throttle') {
        const answer = () => { res.writeHead(204, extra); res.end(); };
        if (d.delayMs) setTimeout(answer, d.delayMs);
        else answer();
        return;
      }
      const id = header(req, 'x-request-id');
      if (id && pending.size < MAX_PENDING) pending.set(id, { action: d.action, session, at: rt.now() });
      res.writeHead(401, extra);
      res.end();
      return;
    }
    if (url === '/metrics') {
      rt.metrics.registry.metrics().then((text) => send(res, 200, rt.metrics.registry.contentType, text), () => send(res, 500, 'text/plain', 'metrics failed'));
      return;
    }
    if (url === '/healthz') {
      const h = edgeHealth(rt);
      send(res, h.ok ? 200 : 503, 'application/json', JSON.stringify(h));
      return;
    }
    send(res, 404, 'text/plain', 'not found');
  });
  const sweep = setInterval(() => {
    const cutoff = rt.now() - ANSWER_TTL_MS;
    for (const [id, p] of pending) if (p.at < cutoff) pending.delete(id);
  }, 10_000);
  sweep.unref();
  const listening = await listenTracked(server, o.port, o.host);
  return {
    server,
    port: listening.port,
    close: () => {
      clearInterval(sweep);
      return listening.close();
    },
  };
}
