#!/usr/bin/env node
// The `tally` command: runs the compiled CLI (`npm run build`: dist/server/main.cjs) when it is
// built and not older than the sources, else the TypeScript sources through tsx (no build step
// needed while developing). TALLY_FROM_SOURCES=1 always runs the sources.
// `tally edge run` runs the edge-only build (dist/server/edge.cjs, bin/edge-run.js) instead of the
// whole CLI: the edge then needs about half the memory (docs/edge.md, "The edge process").
import { fileURLToPath } from 'node:url';
import { existsSync, statSync } from 'node:fs';
import { COMPILED, EDGE_COMPILED, compiledIsFresh, loadCompiled } from './compiled.js';

const argv = process.argv.slice(2);
const fromBuild = process.env.TALLY_FROM_SOURCES !== '1' && compiledIsFresh();
if (fromBuild && argv[0] === 'edge' && argv[1] === 'run' && !argv.includes('-h') && !argv.includes('--help') && edgeBuilt()) {
  const { runEdge } = await import('./edge-run.js');
  process.exitCode = await runEdge(argv.slice(2), [process.execPath, fileURLToPath(import.meta.url)]);
} else {
  const main = await cli();
  process.exitCode = await main.run(argv, main.processIo());
}

async function cli() {
  if (fromBuild) return loadCompiled().main;
  const { register } = await import('tsx/esm/api');
  register();
  return import('../src/server/main.ts');
}

/** The edge-only program was built with the fresh CLI (bin/build.js writes it after main.cjs). */
function edgeBuilt() {
  return existsSync(EDGE_COMPILED) && statSync(EDGE_COMPILED).mtimeMs >= statSync(COMPILED).mtimeMs;
}
