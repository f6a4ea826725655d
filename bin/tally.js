#!/usr/bin/env node
// The `tally` command: runs the compiled CLI (`npm run build`: dist/server/main.cjs) when it is
// built and not older than the sources, else the TypeScript sources through tsx (no build step
// needed while developing). TALLY_FROM_SOURCES=1 always runs the sources.
import { compiledIsFresh, loadCompiled } from './compiled.js';

let main;
if (process.env.TALLY_FROM_SOURCES !== '1' && compiledIsFresh()) main = loadCompiled().main;
else {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import('../src/server/main.ts');
}
process.exitCode = await main.run(process.argv.slice(2), main.processIo());
