// The `capacity` context provider: per entity, the forecasts of its resources — the entity itself
// when it has a capacity, and the resources it depends on (spec.dependsOn) that have one. Each
// resource is forecast once per evaluation run, with the backtest of its own method only (every
// evaluation runs every provider: this stays cheap). For the `capacity` check and CEL.
import type { ResourceForecast } from '../../common/api/forecasts.ts';
import type { ContextProvider } from '../checks/index.ts';
import type { CatalogEntity } from '../catalog/index.ts';
import { forecastResource, isResource, resourceSpec } from './resources.ts';

export interface CapacityFacts {
  resources: Pick<ResourceForecast, 'ref' | 'title' | 'status' | 'why' | 'pessimisticAt' | 'daysLeft' | 'leadTimeDays' | 'safetyMarginDays' | 'proposed' | 'backtests'>[];
}

export const capacityContext: ContextProvider<CapacityFacts> = {
  name: 'capacity',
  celType: 'map<string, dyn>',
  description: "The forecasts of the entity's resources (itself when it has a capacity, and the resources it depends on that have one).",
  fields: { resources: 'ref, title, status (flagged, ok, not-within, cannot-forecast), why, pessimisticAt, daysLeft, leadTimeDays, safetyMarginDays, proposed, backtests [{method, mape, coverage95}]' },
  empty: { resources: [] },
  async load(deps, catalog, refs) {
    const byRef = new Map(catalog.entities.map((e) => [e.ref, e]));
    const entityOf = (ref: string) => byRef.get(ref) as unknown as CatalogEntity | undefined;
    const asResource = (ref: string) => {
      const e = byRef.get(ref);
      if (!e) return undefined;
      const view = { ...e, kind: e.entity.kind.toLowerCase(), name: e.entity.metadata.name, owner: null, type: null, system: null, tier: null } as CatalogEntity;
      return isResource(view) ? view : undefined;
    };
    const wanted = refs ?? catalog.entities.map((e) => e.ref);
    const forecasts = new Map<string, CapacityFacts['resources'][number]>();
    const out = new Map<string, CapacityFacts>();
    for (const ref of wanted) {
      if (!entityOf(ref)) continue;
      const deps2 = catalog.relations.filter((r) => r.source === ref && r.type === 'dependsOn').map((r) => r.target);
      const resources = [ref, ...deps2].map(asResource).filter((e): e is CatalogEntity => e !== undefined);
      if (resources.length === 0) continue;
      const list = [];
      for (const e of resources) {
        if (!forecasts.has(e.ref)) {
          const spec = resourceSpec(e, deps.config);
          const f = (await forecastResource({ db: deps.db, config: deps.config }, spec, deps.now, {}, { backtests: [spec.method] })).forecast;
          forecasts.set(e.ref, { ref: f.ref, title: f.title, status: f.status, why: f.why, pessimisticAt: f.pessimisticAt, daysLeft: f.daysLeft, leadTimeDays: f.leadTimeDays, safetyMarginDays: f.safetyMarginDays, proposed: f.proposed, backtests: f.backtests });
        }
        list.push(forecasts.get(e.ref)!);
      }
      out.set(ref, { resources: list });
    }
    return out;
  },
  offlineReason: "resource usage lives in the server's database and Prometheus",
};
