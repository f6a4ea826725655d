// What the catalog's readers hand around: a valid entity and where it came from.
import type { Entity } from '../../common/catalog.ts';
import type { SourceDocument } from '../platform/documents/files.ts';
import type { Problem } from '../platform/problems.ts';

/** A valid Backstage entity and where it came from. `ref` is the full, lower-case `kind:namespace/name`. */
export interface LoadedEntity {
  entity: Entity;
  ref: string;
  file: string;
  /** 0-based index of the YAML document inside its file. */
  doc: number;
}

/** Files read from disk: the catalog's entities, every other document (left for other kinds), and problems. */
export interface LoadResult {
  entities: LoadedEntity[];
  documents: SourceDocument[];
  problems: Problem[];
  /** Every file read, in load order, spelled relative to the paths given. */
  files: string[];
  /** Puts file:line:column on problems found later in these files (e.g. by other document kinds). */
  locate(problems: readonly Problem[]): Problem[];
}
