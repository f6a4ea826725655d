// Once per `npm test`, before the unit project: the demo's git repositories (examples/acme), which
// the demo-wide unit tests grade offline. They are made here because a unit test may not start a
// subprocess (test/unit-guard.ts), and a system test making them first is not an order to rely on.
import { join } from 'node:path';
import { ensureDemoRepos } from '../src/server/demo/repos.ts';

export default async function setup(): Promise<void> {
  await ensureDemoRepos(join(import.meta.dirname, '..', 'examples', 'acme', 'catalog'));
}
