// Rows of the edge's tables (migration 0016_edge). Times are ISO-8601 UTC text, JSON is text.
// Added to the Database type by declaration merging.
export interface EdgeVerdictRow {
  id: string;
  /** The Edge document's metadata.name. */
  edge: string;
  /** The fingerprint key (`ja4|http|h2`) or session key the verdict is about. */
  subject: string;
  scope: string;
  verdict: string;
  action: string;
  ja4: string | null;
  http: string;
  h2: string | null;
  first_seen_at: string;
  decided_at: string;
  /** When the ban ends (bot verdicts). */
  expires_at: string | null;
  /** JSON { llr, thresholds, evidence, samples, requests, addresses, userAgents }. */
  detail: string;
}

export interface EdgeTrafficRow {
  edge: string;
  /** ISO minute, e.g. 2026-12-03T12:04:00.000Z */
  minute: string;
  action: string;
  requests: number;
}

export interface EdgeTables {
  edge_verdicts: EdgeVerdictRow;
  edge_traffic: EdgeTrafficRow;
}

export const EDGE_TABLES = ['edge_verdicts', 'edge_traffic'] as const;

declare module '../platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Database extends EdgeTables {}
}
