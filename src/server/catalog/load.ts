// Catalog files from disk, for the readers that work without a database (`tally catalog
// validate`, `tally graph --offline`, `tally score --offline`): files, folders and globs, the
// files Locations include, the entities validated and every other document left for its kind.
import { readDocuments, type ReadLimits } from '../platform/documents/files.ts';
import { locateProblems } from '../platform/documents/locate.ts';
import type { Problem } from '../platform/problems.ts';
import { duplicateEntities, entityKind, locationTargets, parseEntityDocument } from './kind.ts';
import type { LoadedEntity, LoadResult } from './types.ts';

export type { LoadedEntity, LoadResult } from './types.ts';

export async function loadCatalogFiles(paths: readonly string[], limits: Partial<ReadLimits> = {}): Promise<LoadResult> {
  const read = await readDocuments(paths, { limits, includes: locationTargets });
  const entities: LoadedEntity[] = [];
  const problems = [...read.problems];
  const documents = [];
  for (const doc of read.documents) {
    if (!entityKind.matches(doc)) {
      documents.push(doc);
      continue;
    }
    const r = parseEntityDocument(doc);
    problems.push(...r.problems);
    if (r.value) entities.push(r.value);
  }
  const duplicates = duplicateEntities(entities);
  const dropped = new Set(duplicates.map((p) => `${p.file}\u0000${p.doc}`));
  problems.push(...duplicates);
  const order = new Map(read.files.map((f, i) => [f, i]));
  const place = (p: Problem) => [p.file === undefined ? -1 : (order.get(p.file) ?? read.files.length), p.line ?? 0];
  const locate = (ps: readonly Problem[]) => locateProblems(ps, (f) => read.texts.get(f)).sort((a, b) => place(a)[0] - place(b)[0] || place(a)[1] - place(b)[1]);
  return { entities: entities.filter((e) => !dropped.has(`${e.file}\u0000${e.doc}`)), documents, problems: locate(problems), files: read.files, locate };
}
