// Result types of the catalog loader, shared by load.ts, relations.ts and the HTTP layer.
import type { Entity } from '../../common/catalog.ts';
import type { Problem } from '../platform/problems.ts';

/** A valid Backstage entity and where it came from. `ref` is the full, lower-case `kind:namespace/name`. */
export interface LoadedEntity {
  entity: Entity;
  ref: string;
  file: string;
  /** 0-based index of the YAML document inside its file. */
  doc: number;
}

/** A YAML document that is not a Backstage entity (e.g. `tally.dev/v1` Scorecard, `openslo/v1` SLO), left for other loaders. */
export interface LoadedDocument {
  apiVersion: string;
  kind: string;
  body: Record<string, unknown>;
  file: string;
  doc: number;
}

export interface LoadResult {
  entities: LoadedEntity[];
  documents: LoadedDocument[];
  problems: Problem[];
  /** Every file read, in load order, spelled relative to the paths given. */
  files: string[];
}
