#!/usr/bin/env node
// The `tally` command: runs the compiled CLI when it is built (`npm run build`), else the
// TypeScript sources through tsx (no build step needed while developing).
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/server/main.js', import.meta.url);
let main;
if (existsSync(compiled)) main = await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  main = await import('../src/server/main.ts');
}
const { processIo } = main;
process.exitCode = await main.run(process.argv.slice(2), processIo());
