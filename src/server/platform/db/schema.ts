// Table types. Each domain declares its tables in its own folder; this file joins them.
import type { ChangeTables } from '../../changes/tables.ts';
import type { LeaderboardTables } from '../../leaderboard/tables.ts';
import type { NotificationTables } from '../../notifications/tables.ts';
import type { PolicyTables } from '../../policies/tables.ts';
import type { ScorecardTables } from '../../scorecards/tables.ts';
import type { FoundationTables } from './tables.ts';

export type Database = FoundationTables & ScorecardTables & PolicyTables & LeaderboardTables & NotificationTables & ChangeTables;
