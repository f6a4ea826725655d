// The `edge` check type's judgement of the edge's /healthz answers (the probe itself is tested
// against a real edge in serve/proxy.system.test.ts).
import { describe, expect, it } from 'vitest';
import { edgeCheckSchema, evaluateEdge } from './check.ts';

const config = edgeCheckSchema.parse({ type: 'edge', url: 'http://127.0.0.1:8081/healthz' });
const at = '2026-12-03T12:00:00.000Z';

describe('edge check type', () => {
  it('passes a healthy edge, fails one failing open or not answering', () => {
    const healthy = { ok: true, storeFailures: 0, failOpen: 0, tarpitSockets: 3, activeBans: 2, decisions: { allow: 90, shadow: 10 } };
    expect(evaluateEdge(config, { url: config.url, observedAt: at, status: 200, body: JSON.stringify(healthy) })).toMatchObject({ state: 'pass', message: 'edge healthy: 100 requests decided, 2 active bans, 3 sockets in the tarpit' });
    expect(evaluateEdge(config, { url: config.url, observedAt: at, status: 503, body: JSON.stringify({ ...healthy, ok: false, storeFailures: 4 }) })).toMatchObject({ state: 'fail', message: 'the edge is failing open: its state store failed 4 time(s), 0 request(s) allowed unjudged' });
    expect(evaluateEdge(config, { url: config.url, observedAt: at, failure: { kind: 'network', message: 'no answer: ECONNREFUSED' } }).state).toBe('fail');
    expect(evaluateEdge(config, { url: config.url, observedAt: at, status: 200, body: '<html>' }).state).toBe('error');
    expect(evaluateEdge(config, undefined).state).toBe('n/a');
    expect(edgeCheckSchema.safeParse({ type: 'edge', url: 'ftp://x' }).success).toBe(false);
  });
});
