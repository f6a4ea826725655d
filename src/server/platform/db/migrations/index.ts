// The platform's migrations, in order: 0001–0007 predate the module list and create every
// domain's tables of that time; later ones create only the platform's own tables. Modules
// declare their own migrations (TallyModule.migrations); migrate.ts merges them by name.
// Append new ones; never edit or reorder old ones.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_scorecards.ts';
import * as m0003 from './0003_policies.ts';
import * as m0004 from './0004_changes.ts';
import * as m0005 from './0005_scorecards_extra.ts';
import * as m0006 from './0006_result_digests.ts';
import * as m0007 from './0007_current_and_closed_intervals.ts';
import * as m0008 from './0008_events.ts';
import * as m0018 from './0018_token_expiry.ts';
import * as m0022 from './0022_read_generations.ts';

export const platformMigrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_scorecards': m0002,
  '0003_policies': m0003,
  '0004_changes': m0004,
  '0005_scorecards_extra': m0005,
  '0006_result_digests': m0006,
  '0007_current_and_closed_intervals': m0007,
  '0008_events': m0008,
  '0018_token_expiry': m0018,
  '0022_read_generations': m0022,
};
