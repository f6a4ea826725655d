// Mitigation aids per affected service: runbook, dashboard and status links from the catalog,
// its runtime controls (`tally.dev/runtime-controls: "name=url, name=url"`), and the blast radius
// from the dependency graph — who depends on it and what it depends on, up to three hops — with
// a checklist from practice. The status endpoint itself is fetched live by status.ts.
import type { AidsView } from '../../../common/api/incidents-learning.ts';
import { catalogSnapshot, readTallyAnnotations } from '../../catalog/index.ts';
import { currentAnalysis, type DependencyGraph } from '../../graph/index.ts';
import type { Config } from '../../platform/config.ts';
import type { Db } from '../../platform/db/connect.ts';

export const RUNTIME_CONTROLS_ANNOTATION = 'tally.dev/runtime-controls';
const MAX_HOPS = 3;
const MAX_RELATED = 50;

export const MITIGATION_CHECKLIST: AidsView['checklist'] = [
  { id: 'revert', title: 'Undo the last change', hint: 'A suspect change with a revert action is one button away (Suspects).' },
  { id: 'turn-off', title: 'Turn the component off', hint: 'Use a runtime control or feature flag to switch off the failing part; a missing feature beats a broken page.' },
  { id: 'redirect', title: 'Redirect traffic', hint: 'Fail over to another region or replica, or drain the bad instances.' },
  { id: 'error-boundaries', title: 'Contain the error', hint: 'Serve a fallback (cached or degraded answers) where callers meet the failure.' },
  { id: 'stop-cascade', title: 'Stop cascading failures', hint: 'Shed load, shorten timeouts, open circuit breakers: protect what depends on it (blast radius).' },
];

/**
 * `name=url, name=url` → controls; a path (`/api/v1/admin/runtime`) is on this server (`base`, its
 * public URL); entries without a valid http(s) URL are left out.
 */
export function parseRuntimeControls(value: string | undefined, base?: string): { name: string; url: string }[] {
  if (!value) return [];
  return value.split(',').flatMap((part) => {
    const i = part.indexOf('=');
    const [name, raw] = i > 0 ? [part.slice(0, i).trim(), part.slice(i + 1).trim()] : ['', ''];
    const url = raw.startsWith('/') && !raw.startsWith('//') && base && URL.canParse(raw, base) ? new URL(raw, base).toString() : raw;
    return name && URL.canParse(url) && /^https?:$/.test(new URL(url).protocol) ? [{ name, url }] : [];
  });
}

/** Breadth-first along runtime edges, out (what it needs) or in (who needs it), up to MAX_HOPS. */
export function related(graph: DependencyGraph, ref: string, direction: 'out' | 'in'): { ref: string; distance: number }[] {
  if (!graph.hasNode(ref)) return [];
  const seen = new Map<string, number>([[ref, 0]]);
  const queue = [ref];
  for (let head = 0; head < queue.length && seen.size <= MAX_RELATED; head++) {
    const node = queue[head];
    const d = seen.get(node)!;
    if (d >= MAX_HOPS) continue;
    const visit = (_e: string, attrs: { runtime?: boolean }, source: string, target: string) => {
      const next = direction === 'out' ? target : source;
      if (attrs.runtime === false || seen.has(next)) return;
      seen.set(next, d + 1);
      queue.push(next);
    };
    if (direction === 'out') graph.forEachOutEdge(node, visit);
    else graph.forEachInEdge(node, visit);
  }
  return [...seen].filter(([r]) => r !== ref).map(([r, distance]) => ({ ref: r, distance })).slice(0, MAX_RELATED);
}

export async function mitigationAids(db: Db, config: Config, services: readonly string[]): Promise<AidsView> {
  const [catalog, analysis] = await Promise.all([catalogSnapshot(db), currentAnalysis(db, config.graph.rules)]);
  return {
    services: services.map((ref) => {
      const entity = catalog.byRef.get(ref)?.entity;
      const a = entity ? readTallyAnnotations(entity) : {};
      const raw = entity?.metadata.annotations?.[RUNTIME_CONTROLS_ANNOTATION];
      return {
        ref,
        title: entity?.metadata.title ?? entity?.metadata.name ?? ref,
        statusUrl: a.statusUrl ?? null,
        runbookUrl: a.runbookUrl ?? null,
        dashboardUrl: a.dashboardUrl ?? null,
        controls: parseRuntimeControls(typeof raw === 'string' ? raw : undefined, config.server.publicUrl),
        dependents: related(analysis.graph, ref, 'in'),
        dependencies: related(analysis.graph, ref, 'out'),
      };
    }),
    checklist: MITIGATION_CHECKLIST,
  };
}
