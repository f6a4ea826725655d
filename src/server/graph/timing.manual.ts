// Rough timing by hand, not a test: `npx tsx src/server/graph/timing.manual.ts`.
// The real benchmark lives in bench/ (the lead's); this only checks the order of magnitude.
import { analyzeBoot, bootWaves, findCycles } from './analysis.ts';
import { checkEdge } from './admission.ts';
import { generateGraph } from './generate.ts';
import { findViolations, type DependencyRule } from './rules.ts';

function time<T>(label: string, f: () => T): T {
  const t = performance.now();
  const r = f();
  console.log(`${label}: ${(performance.now() - t).toFixed(1)} ms`);
  return r;
}

const g = time('generate 10k/30k', () => generateGraph(10_000, 30_000, 42));
for (let i = 0; i < 3; i++) {
  const cycles = time('findCycles', () => findCycles(g));
  const waves = time('bootWaves', () => bootWaves(g));
  time('analyzeBoot (cycles + waves + reasons)', () => analyzeBoot(g));
  console.log(`  cycles=${cycles.length} largest=${Math.max(0, ...cycles.map((c) => c.nodes.length))} waves=${waves.waves.length} blocked=${waves.blocked.length}`);
}
const rules: DependencyRule[] = [
  { name: 'direct', from: { tier: 1 }, to: { minTier: 3 }, transitive: false },
  { name: 'transitive', from: { tier: 1, system: 'sys-00003' }, to: { minTier: 3 }, transitive: true },
];
const v = time('findViolations (direct + transitive)', () => findViolations(g, rules));
console.log(`  violations=${v.length}`);
time('checkEdge', () => checkEdge(g, rules, 'component:default/svc-09999', 'component:default/svc-00000'));
const chain = generateGraph(10_000, 0, 1);
const refs = chain.nodes();
for (let i = 1; i < refs.length; i++) chain.addDirectedEdge(refs[i - 1], refs[i], { via: 'dependsOn' });
chain.addDirectedEdge(refs[refs.length - 1], refs[0], { via: 'dependsOn' });
time('findCycles on a 10k ring (deep DFS)', () => findCycles(chain));
