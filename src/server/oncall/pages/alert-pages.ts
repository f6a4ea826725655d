// The pages of a window as other domains read them (the alert statistics of alerts/): which alert
// each was for, whether anyone acknowledged it, whom it reached and whether off hours.
import type { Db } from '../../platform/db/connect.ts';
import { pagesBetween } from './repository.ts';

export interface PageForStats {
  /** The alert's `alertname` label, else the page's title. */
  alert: string;
  service: string | null;
  origin: string;
  triggeredAt: string;
  acknowledged: boolean;
  offHours: boolean;
  assignees: string[];
}

const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export async function pagesForStats(db: Db, from: string, to: string): Promise<PageForStats[]> {
  return (await pagesBetween(db, from, to)).map((p) => ({
    alert: parse<Record<string, string>>(p.labels, {}).alertname ?? p.title,
    service: p.service,
    origin: p.origin,
    triggeredAt: p.triggered_at,
    acknowledged: p.acknowledged_at !== null,
    offHours: p.off_hours === 1,
    assignees: parse<string[]>(p.assignees, []),
  }));
}
