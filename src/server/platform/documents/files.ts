// Reads the documents of one source: files, folders (every *.yaml / *.yml below) and globs, then
// the files that documents include (a Backstage Location names them; the kind says how, through
// `includes`). Each file is read once, within the size and YAML limits. Problems are values;
// file names in results are spelled the way the caller gave them (relative stays relative).
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { problem, type Problem } from '../problems.ts';
import { DEFAULT_YAML_LIMITS, parseYaml, type YamlLimits } from './yaml.ts';

/** A YAML document with its apiVersion and kind, and where it came from. */
export interface SourceDocument {
  apiVersion: string;
  kind: string;
  body: Record<string, unknown>;
  file: string;
  /** 0-based index of the document in its file. */
  doc: number;
}

export interface ReadLimits extends YamlLimits {
  /** Files larger than this are reported and not read. */
  maxFileBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = { ...DEFAULT_YAML_LIMITS, maxFileBytes: 10 * 1024 * 1024 };

/** Other files a document pulls in (e.g. a Location's targets), with the field each comes from. */
export type Includes = (doc: SourceDocument) => { target: string; field: string }[];

export interface ReadResult {
  documents: SourceDocument[];
  problems: Problem[];
  /** Every file read, in load order. */
  files: string[];
  /** Files that could not be read whole (too large, YAML errors): what they held is unknown. */
  failedFiles: Set<string>;
  /** The text of every file read, for locating problems (locate.ts). */
  texts: Map<string, string>;
}

const YAML_FILES = '**/*.{yaml,yml}';
const IGNORED = ['**/node_modules/**'];
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\//i;

interface FileRef {
  display: string;
  abs: string;
}
interface State extends ReadResult {
  visited: Set<string>;
  limits: ReadLimits;
  includes?: Includes;
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads every path (file, folder or glob) and, recursively, what their documents include. */
export async function readDocuments(paths: readonly string[], opts: { limits?: Partial<ReadLimits>; includes?: Includes } = {}): Promise<ReadResult> {
  const state: State = { documents: [], problems: [], files: [], failedFiles: new Set(), texts: new Map(), visited: new Set(), limits: { ...DEFAULT_READ_LIMITS, ...opts.limits }, includes: opts.includes };
  for (const p of paths) {
    const found = await expandPath(p, '');
    if (found.missing !== undefined && found.pattern) state.problems.push(problem('matches no files', { file: p }));
    else if (found.missing !== undefined) state.problems.push(problem('no such file or folder', { file: p }));
    for (const file of found.files) await readFileDocuments(file, [], state);
  }
  const { visited: _v, limits: _l, includes: _i, ...result } = state;
  return result;
}

/** Documents of YAML text that is not a file on disk (an API body); same rules as files. */
export function documentsFromText(text: string, file: string, limits: Partial<ReadLimits> = {}): { documents: SourceDocument[]; problems: Problem[] } {
  const parsed = parseYaml(text, file, { ...DEFAULT_READ_LIMITS, ...limits });
  const out = { documents: [] as SourceDocument[], problems: [...parsed.problems] };
  for (const raw of parsed.documents) classify(raw.value, { file, doc: raw.doc }, out);
  return out;
}

/** A parsed value → a SourceDocument, or a problem naming what is missing. */
function classify(value: unknown, at: { file: string; doc: number }, into: { documents: SourceDocument[]; problems: Problem[] }): void {
  if (!isPlainObject(value)) return void into.problems.push(problem('a document must be a mapping with apiVersion and kind', at));
  for (const field of ['apiVersion', 'kind'] as const) {
    const v = value[field];
    if (typeof v !== 'string' || v === '') return void into.problems.push(problem(v === undefined ? 'is required' : 'must be a non-empty string', { ...at, field }));
  }
  into.documents.push({ apiVersion: value.apiVersion as string, kind: value.kind as string, body: value, ...at });
}

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

/** Reads one file (once) and follows its includes; `chain` is the files that led here. */
async function readFileDocuments(file: FileRef, chain: readonly FileRef[], state: State): Promise<void> {
  if (state.visited.has(file.abs)) return;
  state.visited.add(file.abs);
  state.files.push(file.display);
  const fail = (message: string) => {
    state.failedFiles.add(file.display);
    state.problems.push(problem(message, { file: file.display }));
  };
  const info = await stat(file.abs).catch(() => undefined);
  if (!info) return fail('could not be read');
  if (info.size > state.limits.maxFileBytes) return fail(`file is ${info.size} bytes, over the ${(state.limits.maxFileBytes / 1024 / 1024).toFixed(1)} MiB limit; not read`);
  const text = await readFile(file.abs, 'utf8');
  state.texts.set(file.display, text);
  const parsed = parseYaml(text, file.display, state.limits);
  if (parsed.problems.some((p) => p.severity === 'error')) state.failedFiles.add(file.display);
  state.problems.push(...parsed.problems);
  const added: SourceDocument[] = [];
  for (const raw of parsed.documents) classify(raw.value, { file: file.display, doc: raw.doc }, { documents: added, problems: state.problems });
  state.documents.push(...added);
  if (state.includes) for (const d of added) await follow(d, file, [...chain, file], state);
}

async function follow(doc: SourceDocument, file: FileRef, chain: readonly FileRef[], state: State): Promise<void> {
  for (const { target, field } of state.includes!(doc)) {
    const at = { file: doc.file, doc: doc.doc, field };
    if (REMOTE.test(target)) {
      state.problems.push(problem(`${target} is not loaded: Tally reads files from disk only`, at, 'warning'));
      continue;
    }
    const found = await expandPath(target, path.dirname(file.display));
    if (found.missing !== undefined && found.pattern) state.problems.push(problem(`${target} matches no files`, at, 'warning'));
    else if (found.missing !== undefined) state.problems.push(problem(`${found.missing}: no such file or folder`, at));
    for (const match of found.files) {
      const loop = chain.findIndex((c) => c.abs === match.abs);
      if (loop === -1) await readFileDocuments(match, chain, state);
      else if (!found.pattern) state.problems.push(problem(cycleMessage(chain.slice(loop), match), at));
      // A glob that also matches an including file (e.g. `./*.yaml` beside it) skips it silently.
    }
  }
}

function cycleMessage(loop: readonly FileRef[], back: FileRef): string {
  if (loop.length === 1) return `includes its own file ${back.display}`;
  return `include cycle: ${[...loop, back].map((f) => f.display).join(' -> ')}`;
}
