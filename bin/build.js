#!/usr/bin/env node
// `npm run build:server` (part of `npm run build`; run by `npm install` and `npm start`): compiles
// the CLI and server ahead of time into one CommonJS file, dist/server/main.cjs, and a V8 code
// cache beside it. One file because resolving and loading the ~900 module files of the sources
// and their packages is most of a start-up (measured in BENCHMARKS.md, "CLI start-up").
// Also the edge-only program, dist/server/edge.cjs (src/server/edge/main.ts), which `tally edge
// run` runs: the edge and the platform pieces it uses, no other domain (docs/edge.md).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { CODE_CACHE, COMPILED, EDGE_COMPILED, ROOT, loadCompiled } from './compiled.js';

// Kept out of the bundle: native addons, and packages that read their own files next to their code.
const EXTERNAL = ['better-sqlite3', 'pg-native', '@fastify/swagger', '@fastify/swagger-ui'];

rmSync(dirname(COMPILED), { recursive: true, force: true });
mkdirSync(dirname(COMPILED), { recursive: true });
const options = {
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: EXTERNAL,
  // The few modules that locate files through import.meta.url get the bundle's own URL.
  define: { 'import.meta.url': '__tallyModuleUrl' },
  banner: { js: "var __tallyModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: 'linked',
  legalComments: 'none',
  // Smaller to read and compile at every start; names stay readable in stack traces.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
};
await build({ ...options, entryPoints: [join(ROOT, 'src/server/main.ts')], outfile: COMPILED });
const edge = await build({ ...options, entryPoints: [join(ROOT, 'src/server/edge/main.ts')], outfile: EDGE_COMPILED, metafile: true });
// Its point is to be small: a source of another domain (or of the module list) in it is a mistake.
const foreign = Object.keys(edge.metafile.inputs).filter((f) => f.startsWith('src/') && !/^src\/(server\/(edge|platform)\/|common\/)/.test(f));
if (foreign.length) throw new Error(`dist/server/edge.cjs must hold only the edge, the platform and common/, not ${foreign.slice(0, 5).join(', ')}`);

// A script run from a code cache cannot import(): packages kept outside must be require()d.
for (const file of [COMPILED, EDGE_COMPILED]) {
  const bundle = readFileSync(file, 'utf8');
  const dynamic = EXTERNAL.find((name) => bundle.includes(`import("${name}")`));
  if (dynamic) throw new Error(`${file} imports ${dynamic} with import(): load it with require() (see platform/db/connect.ts)`);
}
if (typeof createRequire(import.meta.url)(EDGE_COMPILED).run !== 'function') throw new Error('the edge-only program did not load');

// The code cache: made after one run, so it also holds the functions a start-up compiles.
const { main, script } = loadCompiled({ useCache: false });
const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, exitCode: 0 };
if ((await main.run(['--version'], io)) !== 0) throw new Error('the compiled CLI did not run');
writeFileSync(CODE_CACHE, script.createCachedData());
