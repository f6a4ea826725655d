// Loads the compiled CLI and server, dist/server/main.cjs (`npm run build`), with the V8 code
// cache written beside it (main.cjs.cache). Compiling the ~5 MB bundle costs about 200 ms on
// every start; with the cache V8 skips that. A cache made by another Node or V8 version is
// rejected by V8, and the bundle is then simply compiled (slower, same behaviour).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import vm from 'node:vm';

export const ROOT = dirname(dirname(new URL(import.meta.url).pathname));
export const COMPILED = join(ROOT, 'dist/server/main.cjs');
export const CODE_CACHE = `${COMPILED}.cache`;
/** The edge-only program (src/server/edge/main.ts): what `tally edge run` runs (docs/edge.md). */
export const EDGE_COMPILED = join(ROOT, 'dist/server/edge.cjs');

/** Runs the bundle as a CommonJS module; returns its exports and the script (for its code cache). */
export function loadCompiled({ useCache = true } = {}) {
  // The V8 flags the bundle sets when it loads (src/server/platform/cel/cel.ts: regexes that
  // backtrack too much fall back to the linear engine). V8 accepts a code cache only when the
  // flags match those it was made with, so they are set before compiling, here as in the build.
  setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
  setFlagsFromString('--regexp-backtracks-before-fallback=10000');
  const source = readFileSync(COMPILED, 'utf8');
  const cachedData = useCache && existsSync(CODE_CACHE) ? readFileSync(CODE_CACHE) : undefined;
  const script = new vm.Script(Module.wrap(source), { filename: COMPILED, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(COMPILED), module, COMPILED, dirname(COMPILED));
  return { main: module.exports, script };
}

/**
 * The newest modification time of the server's sources, or 0 without sources. Test code is not in
 * the build and is left out: tests, the test harness (src/server/testing/) and domains' testing.ts.
 */
function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = entry.name === 'testing' ? newest : Math.max(newest, newestSource(p));
    else if (!entry.name.endsWith('.test.ts') && entry.name !== 'testing.ts') newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The build is used when it exists and is not older than the sources it came from: an edited
 * source file means the sources run (through tsx) until the next `npm run build`, never stale code.
 */
export function compiledIsFresh(root = ROOT, bundle = 'dist/server/main.cjs') {
  const compiled = join(root, bundle);
  if (!existsSync(compiled)) return false;
  const built = statSync(compiled).mtimeMs;
  return ['src/server', 'src/common'].every((d) => !existsSync(join(root, d)) || newestSource(join(root, d)) <= built);
}
