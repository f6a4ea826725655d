// Table types. Each domain declares its tables in its own folder; this file joins them.
import type { ScorecardTables } from '../scorecards/tables.ts';
import type { FoundationTables } from './tables.ts';

export type Database = FoundationTables & ScorecardTables;
