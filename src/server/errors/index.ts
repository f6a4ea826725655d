// Errors: Sentry-compatible ingest (envelope and store endpoints, DSN keys), Sentry-equal
// grouping (config newstyle:2023-01-11), issues with lossless per-minute counts. The only way in
// from other folders. docs/errors.md.
import type { TallyModule } from '../module.ts';
import { errorCommands } from './errors.cli.ts';

export { groupEvent, GROUPING_CONFIG, type GroupingResult } from './grouping/grouping.ts';

export const errorsModule: TallyModule = {
  name: 'errors',
  commands: errorCommands,
};
