// `npm run bench [-- NAME…]`: runs the benchmarks (all, or the named ones) and prints each figure
// with its target. Figures are recorded by hand in BENCHMARKS.md with the date and machine.
import { writeFileSync, mkdirSync } from 'node:fs';
import type { Engine } from '../src/server/platform/db/connect.ts';
import { alertsBench } from './alerts.bench.ts';
import { catalogBench, graphBench } from './catalog.bench.ts';
import { changesBench } from './changes.bench.ts';
import { faultsBench } from './faults.bench.ts';
import { hardeningBench } from './hardening.bench.ts';
import { forecastsBench } from './forecasts.bench.ts';
import { incidentsBench } from './incidents.bench.ts';
import { errorsBench } from './errors.bench.ts';
import { edgeBench } from './edge.bench.ts';
import { oncallBench } from './oncall.bench.ts';
import { figures, postgresAvailable } from './lib.ts';
import { scaleBench } from './scale.bench.ts';
import { scorecardsBench } from './scorecards.bench.ts';
import { policiesBench } from './policies.bench.ts';
import { webBench } from './web.bench.ts';
import { sloBench } from './slo.bench.ts';

const benches: Record<string, (engines: Engine[]) => Promise<void>> = {
  scorecards: (engines) => scorecardsBench(engines),
  graph: () => graphBench(),
  catalog: (engines) => catalogBench(engines),
  changes: (engines) => changesBench(engines),
  web: () => webBench(),
  policies: (engines) => policiesBench(engines),
  faults: (engines) => faultsBench(engines),
  incidents: (engines) => incidentsBench(engines),
  errors: (engines) => errorsBench(engines),
  hardening: (engines) => hardeningBench(engines),
  forecasts: () => forecastsBench(),
  edge: (engines) => edgeBench(engines),
  slo: () => sloBench(),
  oncall: (engines) => oncallBench(engines),
  alerts: () => alertsBench(),
  scale: (engines) => scaleBench(engines),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(benches);
const unknown = names.filter((n) => !benches[n]);
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
const engines: Engine[] = (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
if (engines.length === 1) console.log('(PostgreSQL not reachable: SQLite figures only)');
for (const name of names) {
  console.log(`\n${name}`);
  await benches[name](engines);
}
mkdirSync('.tally-bench', { recursive: true });
writeFileSync('.tally-bench/latest.json', JSON.stringify({ at: new Date().toISOString(), figures }, null, 2));
const missed = figures.filter((f) => f.ok === false);
console.log(`\n${figures.length} figures; ${missed.length ? `${missed.length} target(s) missed` : 'every target met'}`);
