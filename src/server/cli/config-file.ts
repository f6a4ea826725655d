// Commands that open the server's database need its tally.yaml: without one they would quietly
// create a new, empty database that the running server never reads (issue: tokens the demo refused).
import { existsSync } from 'node:fs';
import { UsageError, type CliIo } from '../platform/cli/io.ts';

/** `--config`, else ./tally.yaml, else a usage error saying how to point at the server's. */
export function requireConfig(given: string | undefined, io: CliIo): string {
  if (given) return given;
  if (existsSync('tally.yaml')) return 'tally.yaml';
  if (io.env.TALLY_DATABASE_URL) return '';
  throw new UsageError('no tally.yaml here: pass --config with the server\'s tally.yaml (for the demo: --config examples/acme/tally.yaml), or set TALLY_DATABASE_URL');
}
