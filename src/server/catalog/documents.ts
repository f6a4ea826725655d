// Multi-document YAML text → Backstage entities (validated) and other documents (left for
// their own loaders). Used for files on disk and for text sent to the API.
import jsYaml from 'js-yaml';
import { LineCounter, parseAllDocuments, type YAMLError } from 'yaml';
import { CATALOG_API_VERSIONS } from '../../common/catalog.ts';
import { problem, type Problem } from '../platform/problems.ts';
import { entityRef } from './relations.ts';
import type { LoadedDocument, LoadedEntity, LoadResult } from './types.ts';
import { isPlainObject, validateEntity } from './validate.ts';

const CATALOG_VERSIONS = new Set<string>(CATALOG_API_VERSIONS);

/** True for apiVersions that claim to be Backstage catalog entities (and so must validate as one). */
export function isCatalogApiVersion(apiVersion: string): boolean {
  return CATALOG_VERSIONS.has(apiVersion) || apiVersion.startsWith('backstage.io/');
}

/**
 * Parses YAML text holding any number of documents. Syntax errors name their line and column;
 * a document with a syntax error is skipped, the others still load. Duplicate entity refs
 * inside the text are errors.
 */
export function parseYamlDocuments(text: string, file: string): LoadResult {
  const result: LoadResult = { entities: [], documents: [], problems: [], files: [file] };
  // Fast path: js-yaml parses valid files about ten times faster than \`yaml\` (BENCHMARKS.md).
  // On any syntax error we re-parse with \`yaml\`, which locates every error per document.
  let fast: unknown[] | undefined;
  try {
    fast = jsYaml.loadAll(text, undefined, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    fast = undefined;
  }
  if (fast) {
    fast.forEach((value, index) => {
      if (value !== null && value !== undefined) addDocument(value, { file, doc: index }, result);
    });
    return withoutDuplicates(result);
  }
  return withoutDuplicates(parseSlowly(text, file, result));
}

function withoutDuplicates(result: LoadResult): LoadResult {
  const deduped = dropDuplicateEntities(result.entities);
  return { ...result, entities: deduped.entities, problems: [...result.problems, ...deduped.problems] };
}

function parseSlowly(text: string, file: string, result: LoadResult): LoadResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  list.forEach((doc, index) => {
    const at = { file, doc: index };
    for (const w of doc.warnings) result.problems.push(yamlProblem(w, lineCounter, at, 'warning'));
    if (doc.errors.length > 0) {
      for (const e of doc.errors) result.problems.push(yamlProblem(e, lineCounter, at, 'error'));
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      result.problems.push(problem(`YAML could not be read: ${(err as Error).message}`, at));
      return;
    }
    if (value === null || value === undefined) return; // an empty document, e.g. a trailing `---`
    addDocument(value, at, result);
  });
  return result;
}

function yamlProblem(e: YAMLError, lines: LineCounter, at: { file: string; doc: number }, severity: Problem['severity']): Problem {
  const { line, col } = lines.linePos(e.pos[0]);
  const message = e.message.split('\n')[0];
  return problem(`YAML ${severity === 'error' ? 'syntax error' : 'warning'} at line ${line}, column ${col}: ${message}`, at, severity);
}

/** Sorts one parsed document into entities, other documents or problems. */
function addDocument(value: unknown, at: { file: string; doc: number }, into: LoadResult): void {
  if (!isPlainObject(value)) {
    into.problems.push(problem('a document must be a mapping with apiVersion and kind', at));
    return;
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    into.problems.push(problem(apiVersion === undefined ? 'is required' : 'must be a string', { ...at, field: 'apiVersion' }));
    return;
  }
  if (isCatalogApiVersion(apiVersion)) {
    const { entity, problems } = validateEntity(value, at);
    into.problems.push(...problems);
    if (entity) into.entities.push({ entity, ref: entityRef(entity), ...at });
    return;
  }
  if (typeof kind !== 'string' || kind === '') {
    into.problems.push(problem(kind === undefined ? 'is required' : 'must be a string', { ...at, field: 'kind' }));
    return;
  }
  into.documents.push({ apiVersion, kind, body: value, ...at } satisfies LoadedDocument);
}

/**
 * Keeps the first entity of each ref; every later one is an error naming both places.
 * Refs compare case-insensitively, as in Backstage.
 */
export function dropDuplicateEntities(entities: readonly LoadedEntity[]): { entities: LoadedEntity[]; problems: Problem[] } {
  const first = new Map<string, LoadedEntity>();
  const kept: LoadedEntity[] = [];
  const problems: Problem[] = [];
  for (const e of entities) {
    const earlier = first.get(e.ref);
    if (earlier) {
      problems.push(problem(`duplicate entity ${e.ref}: already defined at ${earlier.file}:${earlier.doc}`, { file: e.file, doc: e.doc, field: 'metadata.name' }));
      continue;
    }
    first.set(e.ref, e);
    kept.push(e);
  }
  return { entities: kept, problems };
}
