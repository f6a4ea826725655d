// The explicit, ordered list of migrations. Append new ones; never edit or reorder old ones.
import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_scorecards.ts';

export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_scorecards': m0002,
};
