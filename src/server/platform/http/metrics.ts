// Prometheus metrics, one registry per app so tests and several apps in one process don't collide.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  importDuration: Histogram<'source' | 'status'>;
  entities: Gauge<'kind'>;
  jobRuns: Counter<'job' | 'status'>;
  /** Read replicas (set on each scrape from db/replicas.ts): lag, whether each serves reads, where reads went. */
  replicaLagSeconds: Gauge<'replica'>;
  replicaLagBytes: Gauge<'replica'>;
  replicaUp: Gauge<'replica'>;
  reads: Counter<'target'>;
}

export function createMetrics(withDefaults = false): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'tally_' });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'tally_http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    importDuration: new Histogram({
      name: 'tally_catalog_import_duration_seconds',
      help: 'Duration of catalog source imports',
      labelNames: ['source', 'status'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    entities: new Gauge({ name: 'tally_catalog_entities', help: 'Entities in the catalog by kind', labelNames: ['kind'], registers: [registry] }),
    jobRuns: new Counter({ name: 'tally_job_runs_total', help: 'Background job runs', labelNames: ['job', 'status'], registers: [registry] }),
    replicaLagSeconds: new Gauge({ name: 'tally_db_replica_lag_seconds', help: 'How far each read replica is behind the primary (upper bound, per check)', labelNames: ['replica'], registers: [registry] }),
    replicaLagBytes: new Gauge({ name: 'tally_db_replica_lag_bytes', help: 'WAL bytes each read replica has still to replay', labelNames: ['replica'], registers: [registry] }),
    replicaUp: new Gauge({ name: 'tally_db_replica_up', help: '1 when the read replica serves reads (up and within the lag bound), else 0', labelNames: ['replica'], registers: [registry] }),
    reads: new Counter({ name: 'tally_db_reads_total', help: 'Connections handed out for read-only work, by target (replica or primary)', labelNames: ['target'], registers: [registry] }),
  };
}
