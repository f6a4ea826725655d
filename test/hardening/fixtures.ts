// A small generated organisation for the hardening tests: `n` components in one catalog file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function generatedCatalog(n: number): { dir: string; sources: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'tally-hardening-'));
  const docs = [
    'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-a\nspec:\n  type: team\n  children: []',
    ...Array.from({ length: n }, (_, i) => `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: svc-${i}\nspec:\n  type: service\n  lifecycle: production\n  owner: team-a`),
  ];
  writeFileSync(join(dir, 'catalog.yaml'), docs.join('\n---\n') + '\n');
  return { dir, sources: ['./catalog.yaml'] };
}

export const scorecardDoc = (name: string, exprs: string[]) => ({
  apiVersion: 'tally.dev/v1',
  kind: 'Scorecard',
  metadata: { name },
  spec: { appliesTo: { kind: 'Component' }, requirements: exprs.map((expr, i) => ({ id: `r${i}`, title: `r${i}`, weight: 1, check: { type: 'expr', expr } })) },
});

const list = `[${Array.from({ length: 100 }, (_, i) => i).join(',')}]`;
/** CEL that would run for minutes without the cost budget: each must stop at `cost limit`. */
export const HOSTILE = {
  nested: `${list}.all(a, ${list}.all(b, ${list}.all(c, a + b + c >= 0)))`,
  exists: `${list}.exists(a, ${list}.exists(b, ${list}.exists(c, a + b + c < 0)))`,
  growing: `cel.bind(x, [1, 2], ${'cel.bind(x, x + x, '.repeat(20)}size(x) > 0${')'.repeat(20)})`,
  strings: `cel.bind(s, 'aaaaaaaaaa', ${'cel.bind(s, s + s, '.repeat(20)}size(s) > 0${')'.repeat(20)})`,
  mapped: `${list}.map(a, ${list}.map(b, ${list})).size() > 0`,
};

/**
 * Watches the event loop until `stop()`: the longest gap between two ticks of a 10 ms timer, as the
 * smaller of its wall time (which counts preemption by other processes) and the process's CPU time
 * (which counts V8's helper threads) — the main thread's work at most — and the wall-clock maximum.
 */
export function watchStalls(): () => { maxCpuMs: number; maxWallMs: number } {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let last = process.cpuUsage();
  let lastAt = performance.now();
  let maxCpuMs = 0;
  const ticker = setInterval(() => {
    const d = process.cpuUsage(last);
    const now = performance.now();
    maxCpuMs = Math.max(maxCpuMs, Math.min((d.user + d.system) / 1000, now - lastAt));
    last = process.cpuUsage();
    lastAt = now;
  }, 10);
  delay.enable();
  return () => {
    delay.disable();
    clearInterval(ticker);
    return { maxCpuMs, maxWallMs: delay.max / 1e6 };
  };
}
