// Once per `npm test`, before the system project: compile the CLI (bin/build.js), so the
// subprocess tests run the build of these very sources, the way `npx tally` runs after install.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [resolve(import.meta.dirname, '../../bin/build.js')], { stdio: 'inherit' });
}
