// Test data from elsewhere (fixtures and corpora with their provenance and licences) lives beside
// the project in `../shared/`, present on every development and CI machine; tests read it there
// and never copy it in. TALLY_SHARED_DIR names another place.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function sharedDir(): string {
  const candidates = [process.env.TALLY_SHARED_DIR, join(ROOT, '..', 'shared'), '/work/shared'].filter((d): d is string => !!d);
  const found = candidates.find((d) => existsSync(join(d, 'DESIGN.md')) || existsSync(join(d, 'fixtures')) || existsSync(join(d, 'corpora')));
  if (!found) throw new Error(`the shared test data is missing: looked in ${candidates.join(', ')} (set TALLY_SHARED_DIR)`);
  return found;
}

/** The absolute path of `parts` inside the shared test data, e.g. sharedPath('fixtures', 'sentry-grouping'). */
export function sharedPath(...parts: string[]): string {
  return join(sharedDir(), ...parts);
}
