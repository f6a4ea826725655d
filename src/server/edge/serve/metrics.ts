// The edge's Prometheus metrics (its own registry, served on the decision port at /metrics).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Action } from '../engine.ts';

export interface EdgeMetrics {
  registry: Registry;
  decisions: Counter<'action'>;
  /** The decisions counter's child per action, looked up once (no label object per request). */
  decisionsBy: Record<Action, { inc(): void }>;
  verdicts: Counter<'verdict'>;
  verdictSeconds: Histogram;
  tarpitSockets: Gauge;
  storeFailures: Counter;
  failOpen: Counter;
  addedLatency: Histogram;
}

export function edgeMetrics(read: { tarpitSockets(): number; storeFailures(): number }, withDefaults = false): EdgeMetrics {
  let reported = 0;
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'tally_edge_' });
  const registers = [registry];
  const decisions = new Counter({ name: 'tally_edge_decisions_total', help: 'Requests by the action taken', labelNames: ['action'] as const, registers });
  const decisionsBy = Object.fromEntries((['allow', 'throttle', 'shadow', 'tarpit', 'maze'] as const).map((a) => [a, decisions.labels(a)])) as EdgeMetrics['decisionsBy'];
  return {
    registry,
    decisions,
    decisionsBy,
    verdicts: new Counter({ name: 'tally_edge_verdicts_total', help: 'Verdicts reached', labelNames: ['verdict'], registers }),
    verdictSeconds: new Histogram({ name: 'tally_edge_verdict_seconds', help: 'Time from a subject\'s first request to its verdict', buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800], registers }),
    tarpitSockets: new Gauge({ name: 'tally_edge_tarpit_sockets', help: 'Sockets in the tarpit now', registers, collect() { this.set(read.tarpitSockets()); } }),
    storeFailures: new Counter({
      name: 'tally_edge_store_failures_total', help: 'State-store writes or reads that failed (the edge failed open)', registers,
      collect() {
        const n = read.storeFailures();
        if (n > reported) this.inc(n - reported);
        reported = n;
      },
    }),
    failOpen: new Counter({ name: 'tally_edge_fail_open_total', help: 'Requests allowed because the edge itself failed', registers }),
    addedLatency: new Histogram({ name: 'tally_edge_decision_seconds', help: 'Time the edge spent deciding a request', buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01], registers }),
  };
}
