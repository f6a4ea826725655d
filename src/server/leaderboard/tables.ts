// Rows of the HackDay table (migration 0003).
export interface HackdayRow {
  name: string;
  title: string | null;
  start: string;
  end: string;
  /** JSON: { teams?: string[], systems?: string[], services?: string[] } (full refs). */
  scope: string;
  /** The scorecard whose grades count; null = the default (the first policy's scorecard). */
  scorecard: string | null;
  /** `sources` or `api`. */
  source: string;
  /** JSON of the results computed at the end; null until frozen. */
  frozen_results: string | null;
  updated_at: string;
}

export interface LeaderboardTables {
  hackdays: HackdayRow;
}

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends LeaderboardTables {}
}
