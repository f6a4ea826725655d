// One running edge's parts, shared by the reverse proxy and the nginx decision service: the
// document, the engine, the store, metrics, the tarpit, the honeypot and the latency model; and
// `act`, which carries out a decision on a response (everything but forwarding).
import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { EdgeSpec } from '../document.ts';
import { EdgeEngine, type Action, type Decision, type RequestFacts, type Verdict } from '../engine.ts';
import { httpFingerprint } from '../fingerprint/http.ts';
import type { RangeTable } from '../ranges.ts';
import type { VerdictStore } from '../store.ts';
import { edgeMetrics, type EdgeMetrics } from './metrics.ts';
import { Honeypot, LatencyModel, send, shadowAnswer, type Res } from './respond.ts';
import { Tarpit } from './tarpit.ts';

export type Req = IncomingMessage | Http2ServerRequest;

export interface EdgeRuntime {
  spec: EdgeSpec;
  engine: EdgeEngine;
  store: VerdictStore;
  metrics: EdgeMetrics;
  tarpit: Tarpit;
  honeypot: Honeypot;
  latency: LatencyModel;
  now: () => number;
  verdicts: Verdict[];
  /** Told of every decision (the simulation's scoring). */
  onDecision?: (facts: RequestFacts, d: Decision) => void;
}

export function edgeRuntime(spec: EdgeSpec, ranges: RangeTable, store: VerdictStore, o: { now?: () => number; defaultMetrics?: boolean; keepVerdicts?: boolean } = {}): EdgeRuntime {
  const now = o.now ?? Date.now;
  const tarpit = new Tarpit(spec.tarpit, now);
  const metrics = edgeMetrics({ tarpitSockets: () => tarpit.size, storeFailures: () => store.failures() }, o.defaultMetrics ?? false);
  const verdicts: Verdict[] = [];
  const engine = new EdgeEngine(spec, ranges, (v) => {
    metrics.verdicts.inc({ verdict: v.verdict });
    metrics.verdictSeconds.observe((Date.parse(v.decidedAt) - Date.parse(v.firstSeenAt)) / 1000);
    if (o.keepVerdicts) verdicts.push(v);
    store.save(v);
  });
  return { spec, engine, store, metrics, tarpit, honeypot: new Honeypot(spec.honeypot.pathPrefix), latency: new LatencyModel(), now, verdicts };
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim().slice(0, 100) || undefined;
  }
  return undefined;
}

/** The facts of one request; `ip`, `method`, `path`, JA4 and the HTTP/2 fingerprint as the caller knows them. */
export function requestFacts(rt: EdgeRuntime, req: Req, at: { ip: string; method: string; path: string; ja4?: string; h2?: string; tcpOs?: string }): RequestFacts {
  const headers = req.headers;
  const ua = headers['user-agent'];
  return {
    ...at,
    userAgent: typeof ua === 'string' ? ua : undefined,
    http: httpFingerprint(req.httpVersion, req.rawHeaders),
    session: cookieValue(typeof headers.cookie === 'string' ? headers.cookie : undefined, rt.spec.session.cookie),
    now: rt.now(),
  };
}

export function decideAndCount(rt: EdgeRuntime, facts: RequestFacts): Decision {
  const t0 = process.hrtime.bigint();
  const before = rt.engine.counters.failOpen;
  const d = rt.engine.decide(facts);
  if (rt.engine.counters.failOpen > before) rt.metrics.failOpen.inc();
  rt.metrics.decisionsBy[d.action].inc();
  rt.store.count(d.action, facts.now);
  rt.metrics.addedLatency.observe(Number(process.hrtime.bigint() - t0) / 1e9);
  rt.onDecision?.(facts, d);
  return d;
}

/**
 * Carries out a decision that is not "forward": shadow, tarpit or maze. Answers after the delay the
 * upstream would have taken. Returns false for allow and throttle (the caller forwards).
 */
export function act(rt: EdgeRuntime, action: Action, method: string, path: string, session: string, res: Res, forward: () => void): boolean {
  if (action === 'allow' || action === 'throttle') return false;
  const later = (fn: () => void) => setTimeout(fn, rt.latency.delay(path));
  if (action === 'maze') {
    later(() => send(res, 200, 'text/html; charset=utf-8', rt.honeypot.maze(session)));
    return true;
  }
  if (action === 'tarpit' && rt.tarpit.add(res)) return true;
  const answer = shadowAnswer(rt.spec, method, path);
  if (!answer) {
    forward();
    return true;
  }
  later(() => send(res, answer.status, answer.contentType, answer.body));
  return true;
}

export async function closeRuntime(rt: EdgeRuntime): Promise<void> {
  rt.tarpit.close();
  await rt.store.flush();
}
