// Active fingerprint bans as a map file for the load balancer in front: nginx `map` (include it in
// a `map $edge_fingerprint $edge_ban { … }` block) or an HAProxy map (`map(file)` converter).
// One line per banned fingerprint: the key `ja4|http|h2` and the action.
import type { EdgeVerdictRow } from './tables.ts';

export function banMap(rows: readonly EdgeVerdictRow[], format: 'nginx' | 'haproxy'): string {
  const seen = new Set<string>();
  const lines = [`# tally edge export-map (${format}): ${new Date().toISOString()}`];
  for (const r of rows) {
    if (r.scope !== 'fingerprint' || seen.has(r.subject)) continue;
    seen.add(r.subject);
    lines.push(format === 'nginx' ? `"${r.subject.replace(/["\\]/g, '')}" ${r.action}; # until ${r.expires_at}` : `${r.subject.replace(/\s/g, '')} ${r.action}`);
  }
  return `${lines.join('\n')}\n`;
}
