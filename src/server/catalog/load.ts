// Loads catalog files from disk: files, folders (every *.yaml / *.yml below) and globs, then
// follows Location entities to the files they name. Problems are values; nothing throws for
// bad input. File names in results are spelled the way the caller gave them (relative stays relative).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Entity } from '../../common/catalog.ts';
import { problem } from '../platform/problems.ts';
import { dropDuplicateEntities, parseYamlDocuments } from './documents.ts';
import type { LoadedEntity, LoadResult } from './types.ts';

export { parseYamlDocuments } from './documents.ts';
export type { LoadedDocument, LoadedEntity, LoadResult } from './types.ts';

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
const YAML_FILES = '**/*.{yaml,yml}';
const IGNORED = ['**/node_modules/**'];
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

export interface LoadOptions {
  /** Files larger than this are reported and not read. Default 10 MiB. */
  maxFileBytes?: number;
}

interface FileRef {
  display: string;
  abs: string;
}
interface LoadState extends LoadResult {
  visited: Set<string>;
  maxFileBytes: number;
}

/**
 * Loads every path (file, folder or glob) and, recursively, the targets of the Location
 * entities found. Each file is read once; a Location that includes itself, directly or
 * through other Locations, is an error. Duplicate entity refs are errors naming both places.
 */
export async function loadCatalogFiles(paths: readonly string[], opts: LoadOptions = {}): Promise<LoadResult> {
  const maxFileBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const state: LoadState = { entities: [], documents: [], problems: [], files: [], visited: new Set(), maxFileBytes };
  for (const p of paths) {
    const found = await expandPath(p, '');
    if (found.missing !== undefined && found.pattern) state.problems.push(problem('matches no files', { file: p }, 'warning'));
    else if (found.missing !== undefined) state.problems.push(problem('no such file or folder', { file: p }));
    for (const file of found.files) await loadFile(file, [], state);
  }
  const deduped = dropDuplicateEntities(state.entities);
  return { entities: deduped.entities, documents: state.documents, problems: [...state.problems, ...deduped.problems], files: state.files };
}

/**
 * `target` (file, folder or glob) resolved against the folder `baseDir`, spelled as the caller
 * spells it ('' for the working directory). `missing` is set when nothing was found.
 */
async function expandPath(target: string, baseDir: string): Promise<{ files: FileRef[]; pattern: boolean; missing?: string }> {
  const display = path.isAbsolute(target) ? path.normalize(target) : path.join(baseDir, target);
  if (isDynamicPattern(target)) {
    const files = await globFiles(target, baseDir);
    return files.length > 0 ? { files, pattern: true } : { files, pattern: true, missing: display };
  }
  const info = await stat(display).catch(() => undefined);
  if (!info) return { files: [], pattern: false, missing: display };
  if (!info.isDirectory()) return { files: [fileRef(display)], pattern: false };
  return { files: await globFiles(YAML_FILES, display), pattern: false };
}

async function globFiles(pattern: string, baseDir: string): Promise<FileRef[]> {
  const absolute = path.isAbsolute(pattern);
  const matches = await glob(pattern, { cwd: baseDir || '.', absolute, onlyFiles: true, expandDirectories: false, ignore: IGNORED });
  return matches.sort().map((m) => fileRef(absolute ? m : path.join(baseDir, m)));
}

const fileRef = (display: string): FileRef => ({ display, abs: path.resolve(display) });

/** Reads one file (once) and follows its Locations; `chain` is the Locations' files that led here. */
async function loadFile(file: FileRef, chain: readonly FileRef[], state: LoadState): Promise<void> {
  if (state.visited.has(file.abs)) return;
  state.visited.add(file.abs);
  state.files.push(file.display);
  const info = await stat(file.abs).catch(() => undefined);
  if (!info) return void state.problems.push(problem('could not be read', { file: file.display }));
  if (info.size > state.maxFileBytes) {
    const limit = `${(state.maxFileBytes / 1024 / 1024).toFixed(1)} MiB`;
    return void state.problems.push(problem(`file is ${info.size} bytes, over the ${limit} limit; not read`, { file: file.display }));
  }
  const text = await readFile(file.abs, 'utf8');
  const parsed = parseYamlDocuments(text, file.display);
  state.entities.push(...parsed.entities);
  state.documents.push(...parsed.documents);
  state.problems.push(...parsed.problems);
  for (const loaded of parsed.entities) {
    if (loaded.entity.kind === 'Location') await followLocation(loaded, file, [...chain, file], state);
  }
}

/** The targets of a Location entity, with the field each comes from. */
function locationTargets(entity: Entity): { target: string; field: string }[] {
  const spec = entity.spec ?? {};
  const out: { target: string; field: string }[] = [];
  if (typeof spec.target === 'string') out.push({ target: spec.target, field: 'spec.target' });
  if (Array.isArray(spec.targets)) spec.targets.forEach((t, i) => out.push({ target: String(t), field: `spec.targets[${i}]` }));
  return out;
}

async function followLocation(location: LoadedEntity, file: FileRef, chain: readonly FileRef[], state: LoadState): Promise<void> {
  for (const { target, field } of locationTargets(location.entity)) {
    const at = { file: location.file, doc: location.doc, field };
    if (REMOTE.test(target)) {
      state.problems.push(problem(`${target} is not loaded: Tally reads catalog files from disk only`, at, 'warning'));
      continue;
    }
    const found = await expandPath(target, path.dirname(file.display));
    if (found.missing !== undefined && found.pattern) state.problems.push(problem(`${target} matches no files`, at, 'warning'));
    else if (found.missing !== undefined) state.problems.push(problem(`${found.missing}: no such file or folder`, at));
    for (const match of found.files) {
      const loop = chain.findIndex((c) => c.abs === match.abs);
      if (loop === -1) await loadFile(match, chain, state);
      else if (!found.pattern) state.problems.push(problem(cycleMessage(chain.slice(loop), match), at));
      // A glob that also matches an including file (e.g. `./*.yaml` next to the Location) skips it silently.
    }
  }
}

function cycleMessage(loop: readonly FileRef[], back: FileRef): string {
  if (loop.length === 1) return `Location includes its own file ${back.display}`;
  return `Location cycle: ${[...loop, back].map((f) => f.display).join(' -> ')}`;
}
