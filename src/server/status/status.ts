// What /status shows: version, uptime, database, catalog size, last imports and their problems.
import { lastVerifiedBackup } from '../backup/index.ts';
import { countByKind } from '../catalog/index.ts';
import type { TallyModule } from '../module.ts';
import { firstEvaluationDone } from '../scorecards/index.ts';
import type { AppDeps } from '../platform/deps.ts';
import { ping } from '../platform/db/connect.ts';
import type { ReplicaSet } from '../platform/db/replicas.ts';
import type { Metrics } from '../platform/http/metrics.ts';
import { pendingMigrations } from '../platform/db/migrate.ts';
import { listSourceStatus } from '../platform/documents/status.ts';
import { formatProblem, type Problem } from '../platform/problems.ts';

/** Database, migrations, then every module's own condition (e.g. the demo's first evaluation). */
export async function readiness(deps: AppDeps, modules: readonly Pick<TallyModule, 'notReadyBecause'>[] = []): Promise<{ ready: boolean; reason?: string }> {
  if (!(await ping(deps.db))) return { ready: false, reason: 'database unavailable' };
  const pending = await pendingMigrations(deps.db, deps.migrations);
  if (pending.length) return { ready: false, reason: `migrations pending: ${pending.join(', ')}` };
  for (const m of modules) {
    const reason = await m.notReadyBecause?.(deps);
    if (reason) return { ready: false, reason };
  }
  return { ready: true };
}

export async function statusReport(deps: AppDeps, opts: { showLocation: boolean; modules?: readonly Pick<TallyModule, 'notReadyBecause'>[] }) {
  const now = deps.clock();
  const [ready, byKind, imports, evaluated] = await Promise.all([readiness(deps, opts.modules), countByKind(deps.db), listSourceStatus(deps.db), firstEvaluationDone(deps.db)]);
  return {
    name: 'tally',
    /** What the status-endpoint practice asks of every service (Tally's catalog entry is probed on it). */
    status: ready.ready ? ('ok' as const) : ('not ready' as const),
    version: deps.version,
    startedAt: deps.startedAt.toISOString(),
    uptimeSeconds: Math.round((now.getTime() - deps.startedAt.getTime()) / 1000),
    ready: ready.ready,
    ...(ready.reason ? { notReadyBecause: ready.reason } : {}),
    database: { engine: deps.engine, ...(opts.showLocation ? { location: deps.dbLocation } : {}), ...(deps.replicas ? { replicas: replicaStatus(deps.replicas, opts.showLocation) } : {}) },
    /** False until the first evaluation run finished: "no grades" then means "first evaluation running". */
    firstEvaluationDone: evaluated,
    lastVerifiedBackup: lastVerifiedBackup(deps.config, now) ?? null,
    catalog: { entities: Object.values(byKind).reduce((a, b) => a + b, 0), byKind },
    imports: imports.map((i) => ({
      source: i.source,
      status: i.status,
      finishedAt: i.finished_at,
      durationMs: i.duration_ms,
      entities: i.entity_count,
      problems: (JSON.parse(i.problems) as Problem[]).map((p) => ({ ...p, text: formatProblem(p) })),
    })),
  };
}

function replicaStatus(replicas: ReplicaSet, showLocation: boolean) {
  return replicas.states().map(({ location, checkedAt, ...r }) => ({ ...r, ...(showLocation ? { location } : {}), checkedAt: checkedAt?.toISOString() ?? null }));
}

/** The replicas' figures into /metrics. */
export function replicaMetrics(replicas: ReplicaSet, metrics: Metrics): void {
  for (const r of replicas.states()) {
    const labels = { replica: String(r.replica) };
    metrics.replicaUp.set(labels, r.state === 'ok' ? 1 : 0);
    if (r.lagSeconds !== null) metrics.replicaLagSeconds.set(labels, r.lagSeconds);
    if (r.lagBytes !== null) metrics.replicaLagBytes.set(labels, r.lagBytes);
  }
  metrics.reads.reset();
  metrics.reads.inc({ target: 'replica' }, replicas.reads.replica);
  metrics.reads.inc({ target: 'primary' }, replicas.reads.primary);
}

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function statusHtml(s: Awaited<ReturnType<typeof statusReport>>): string {
  const imports = s.imports
    .map((i) => {
      const problems = i.problems.length ? `<ul>${i.problems.map((p) => `<li class="${p.severity}">${esc(p.text)}</li>`).join('')}</ul>` : '<p>No problems.</p>';
      return `<section><h3>${esc(i.source)} — <span class="${i.status}">${esc(i.status)}</span></h3><p>${i.entities} entities, ${i.durationMs} ms, at ${esc(i.finishedAt)}</p>${problems}</section>`;
    })
    .join('');
  const kinds = Object.entries(s.catalog.byKind).map(([k, n]) => `<li>${esc(k)}: ${n}</li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tally status</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
.ok{color:#1a7f37}.failed,.error{color:#b42318}.warning{color:#9a6700}code{background:#f3f4f6;padding:0 .25rem}</style></head>
<body><h1>Tally status</h1>
<p>Version <code>${esc(s.version)}</code>, up ${s.uptimeSeconds} s, ${s.ready ? '<span class="ok">ready</span>' : `<span class="failed">not ready: ${esc(s.notReadyBecause)}</span>`}.</p>
<p>Database: ${esc(s.database.engine)}${s.database.location ? ` (<code>${esc(s.database.location)}</code>)` : ''}. ${s.firstEvaluationDone ? 'Graded.' : 'First evaluation running…'}</p>
<p>Backups: ${s.lastVerifiedBackup ? `last verified restore of <code>${esc(s.lastVerifiedBackup.file)}</code> (made ${esc(s.lastVerifiedBackup.createdAt)}, ${Math.round(s.lastVerifiedBackup.ageSeconds / 3600)} h ago; verified ${esc(s.lastVerifiedBackup.verifiedAt)})` : '<span class="warning">no verified backup</span> — <code>tally backup create &amp;&amp; tally backup verify</code>'}.</p>
${replicasHtml(s.database.replicas)}
<h2>Catalog: ${s.catalog.entities} entities</h2><ul>${kinds}</ul>
<h2>Last imports</h2>${imports || '<p>No source imported yet.</p>'}
<p><a href="/api/docs">API docs</a> · <a href="/metrics">metrics</a> · <a href="/">web UI</a></p></body></html>`;
}

function replicasHtml(replicas: Awaited<ReturnType<typeof statusReport>>['database']['replicas']): string {
  if (!replicas) return '';
  const line = (r: NonNullable<typeof replicas>[number]) => {
    const lag = r.lagSeconds === null ? '' : `, ${r.lagSeconds.toFixed(1)} s behind (${r.lagBytes ?? '?'} bytes)`;
    const cls = r.state === 'ok' ? 'ok' : r.state === 'down' ? 'failed' : 'warning';
    return `<li>replica ${r.replica}${r.location ? ` <code>${esc(r.location)}</code>` : ''}: <span class="${cls}">${esc(r.state)}</span>${lag}${r.error ? ` — ${esc(r.error)}` : ''}</li>`;
  };
  return `<h2>Read replicas</h2><ul>${replicas.map(line).join('')}</ul>`;
}
