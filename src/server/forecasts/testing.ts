// Test helpers (tests only): the forecasts tests' catalog pieces and app — Resources with
// capacity annotations, usage uploaded as CSV by an editor, at one fixed instant.
import type { App } from '../platform/http/app.ts';
import { catalogTestApp, type CatalogTestApp } from '../testing/catalog-app.ts';
import type { TestDb } from '../testing/db.ts';

/** The instant of the forecasts tests (the app's clock; the uploaded series end here). */
export const NOW = '2026-11-23T12:00:00Z';

/** A disk Resource owned by group:sre with `annotations` (capacity, lead time, sites, …). */
export const resourceDoc = (name: string, annotations: Record<string, string>): string => `---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: ${name}
  annotations:
${Object.entries(annotations).map(([k, v]) => `    ${k}: "${v}"`).join('\n')}
spec: { type: disk, owner: group:sre }
`;

/** A series as the usage upload takes it: `timestamp_ms,value` lines. */
export const samplesCsv = (s: { t: Float64Array; v: Float64Array }): string => `timestamp_ms,value\n${Array.from(s.t, (t, i) => `${t},${s.v[i]}`).join('\n')}\n`;

/** An in-process Tally at NOW over `catalog`, with `config` besides the catalog's source. */
export function forecastsTestApp(db: TestDb, catalog: string, config: Record<string, unknown> = {}): Promise<CatalogTestApp> {
  return catalogTestApp(db, { name: 'forecasts', files: { 'catalog.yaml': catalog }, config, now: NOW });
}

/** PUTs usage (CSV text) for the resource `ref` as `editor`. */
export const putSamples = (app: App, editor: { authorization: string }, ref: string, body: string) =>
  app.inject({ method: 'PUT', url: `/api/v1/forecasts/samples?ref=${encodeURIComponent(ref)}`, headers: { ...editor, 'content-type': 'text/csv' }, payload: body });
