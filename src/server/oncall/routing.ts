// The routing read model for other domains: where alerts with given labels would page — the
// rotation, or the reason nobody would be paged — exactly as an alert arriving now is routed
// (routeAlert over the cached read models). Used by the `slo` check's alertsRouted rule.
import type { Db } from '../platform/db/connect.ts';
import { routeAlert, type Route } from './intake/route.ts';
import { readModels } from './read-models.ts';

export type { Route };

export async function routeAlertLabels(db: Db, at: Date, labels: readonly Readonly<Record<string, string>>[]): Promise<Route[]> {
  const { index } = await readModels(db, at);
  return labels.map((l) => routeAlert(index, l));
}
