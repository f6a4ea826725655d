// Where tally's own files are (package.json, dist/web): found from this module's location by
// walking up to tally's package.json, so the same code works from the sources (src/server/…,
// run by tsx) and from the one-file build (dist/server/main.cjs), which sit at other depths.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'tally') return dir;
    if (dirname(dir) === dir) throw new Error(`tally's package.json was not found above ${from}`);
  }
}

export const PACKAGE_ROOT: string = findRoot(dirname(fileURLToPath(import.meta.url)));
